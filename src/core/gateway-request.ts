import type { Readable } from 'node:stream';
import type { TranslationWarning } from './canonical.ts';
import type { Operation, UpstreamHeaders, WireFormat } from './provider-adapter.ts';

/** The client key a request came with, once the gateway checked it (limits, audit and metrics read it). */
export interface ClientIdentity {
  /** The key's id (`key_...`), never the key itself. */
  keyId: string;
  /** The key's name, e.g. `billing-bot`. */
  keyName: string;
}

/** One client request as the pipeline sees it, after parsing and validation. */
export interface GatewayRequest {
  /** Id for logs, headers and the audit trail. */
  requestId: string;
  /** The client's wire format. */
  format: WireFormat;
  /** The endpoint called. */
  operation: Operation;
  /** The model name the client sent (a route name or a provider model). */
  model: string;
  /** True when the client asked for an SSE stream. */
  stream: boolean;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
  /** The body bytes as received (forwarded unchanged when no rewrite is needed). */
  raw: Buffer;
  /** Client headers to pass through to a target of the same format. */
  passHeaders: Readonly<Record<string, string>>;
  /** Query string including `?`, or ''. */
  search: string;
  /** Aborted when the client disconnects. */
  signal: AbortSignal;
  /** `x-stainless-retry-count` of the client: > 0 means the client itself is retrying. */
  clientRetryCount: number;
  /** The client key, when client keys are enforced; undefined while the gateway accepts any key. */
  client?: ClientIdentity | undefined;
  /** W3C `traceparent` to send upstream when tracing is on (the gateway's request span as parent). */
  traceparent?: string | undefined;
  /** The client's `Cache-Control` header, when sent (`no-cache`, `no-store`, `max-age=N`). */
  cacheControl?: string | undefined;
  /** The client's `x-outlast-cache-ttl` header, when sent: store the answer for that many seconds. */
  cacheTtl?: string | undefined;
}

/** What the answer cache did for a request (`x-outlast-cache`). */
export type CacheStatus = 'hit' | 'semantic-hit' | 'stale' | 'miss' | 'bypass';

/** The answer the pipeline hands back to the server to write. */
export interface GatewayAnswer {
  /** HTTP status for the client. */
  status: number;
  /** Upstream response headers (the server picks the ones to forward). */
  headers: UpstreamHeaders;
  /** The body: a stream to relay, or bytes already read. */
  body: Readable | Buffer;
  /** Stream bytes the pipeline read before committing (A12.5), to be written before the rest of `body`. */
  prefix: readonly Buffer[];
  /** True when the body is an SSE stream. */
  stream: boolean;
  /** Provider id of the target that produced the answer. */
  provider: string;
  /** Upstream model of that target. */
  model: string;
  /** Upstream attempts made, hedges included. */
  attempts: number;
  /** True when the answer did not come from the first target of the plan. */
  fallback: boolean;
  /** Losses of a cross-format translation, for `x-outlast-warnings`; absent when nothing was translated. */
  warnings?: readonly TranslationWarning[] | undefined;
  /** What the answer cache did; `bypass` when absent. */
  cache?: CacheStatus | undefined;
  /** Cosine similarity of a semantic hit (`x-outlast-cache-similarity`). */
  cacheSimilarity?: number | undefined;
  /** The rung of the degradation ladder that answered (`x-outlast-degraded`), when one did. */
  degraded?: string | undefined;
}

/** The pipeline's one function type; interceptors wrap it (`dispatch => dispatch`). */
export type Dispatch = (request: GatewayRequest) => Promise<GatewayAnswer>;
