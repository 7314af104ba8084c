import type { Exchange } from './exchange.ts';
import type { RenderedAnswer } from './rendered-answer.ts';
import type { SimError } from './sim-error.ts';
import type { SimResources } from './sim-resources.ts';

/** A Files or Batches request, read in full and authenticated, as its handler sees it. */
export interface ResourceCall {
  /** The exchange (route, headers, query). */
  exchange: Exchange;
  /** The request body. */
  body: Buffer;
  /** The credential of the request: the account whose files and batches it sees. */
  owner: string;
  /** `anthropic-version` of the request (empty for OpenAI). */
  version: string;
  /** The simulator's files and batches. */
  resources: SimResources;
  /** Now, epoch ms, from the simulator's clock. */
  nowMs: number;
}

/** What a resource handler answers: a response to send, or the vendor error to send instead. */
export type ResourceResult = RenderedAnswer | SimError;

/** A handler of one resource API. */
export type ResourceHandler = (call: ResourceCall) => ResourceResult;
