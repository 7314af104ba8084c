import { serveAnthropicBatches } from './anthropic-batches.ts';
import { serveAnthropicFiles } from './anthropic-files.ts';
import { applyFault } from './apply-fault.ts';
import type { Exchange } from './exchange.ts';
import type { FaultRule } from './fault-rule.ts';
import { serveGeminiFiles } from './gemini-files.ts';
import { serveOpenAiBatches } from './openai-batches.ts';
import { serveOpenAiFiles } from './openai-files.ts';
import { isSimError } from './render-answer.ts';
import { credentialOf } from './request-credentials.ts';
import { resourceJson } from './resource-answer.ts';
import type { ResourceHandler } from './resource-call.ts';
import type { RouteKind } from './route-request.ts';
import { sendAnswer } from './send-answer.ts';
import { sendVendorError } from './send-vendor-error.ts';
import type { SimError } from './sim-error.ts';

const handlers: Partial<Record<RouteKind, ResourceHandler>> = {
  'anthropic-batches': serveAnthropicBatches,
  'anthropic-files': serveAnthropicFiles,
  'openai-files': serveOpenAiFiles,
  'openai-batches': serveOpenAiBatches,
  'gemini-files': serveGeminiFiles,
};

/** Never sent: stands in for the answer of a request that a fault answers instead. */
const unused = resourceJson({});

/** Faults that answer instead of the endpoint: the request then has no effect (nothing is created or deleted). */
function preempts(fault: FaultRule): boolean {
  return fault.fault === 'error' || fault.fault === 'hang' || fault.fault === 'reset' || fault.fault === 'stream_error';
}

/** Sends an endpoint's error, after the delay of a `latency` fault when one applies. */
function sendError(exchange: Exchange, error: SimError, fault: FaultRule | undefined): void {
  const delayMs = fault?.fault === 'latency' ? exchange.context.knobs.latencyMs + (fault.delay_ms ?? 0) : 0;
  if (delayMs <= 0) sendVendorError(exchange, error);
  else exchange.timer = setTimeout(sendVendorError, delayMs, exchange, error);
}

/**
 * Serves a Files or Batches request through the model requests' machinery: the first matching fault rule is drawn
 * first, and an `error`, `hang`, `reset` or `stream_error` fault answers without touching the stored files and batches
 * (a failed upload stores nothing); otherwise the handler runs and its answer is shaped by `latency`, `slow` or `cut`
 * like any JSON answer.
 */
export function serveResourceRequest(exchange: Exchange, body: Buffer, version: string): void {
  const { context, api } = exchange;
  const fault = context.faults.pick({ api, path: exchange.path, model: undefined });
  if (fault !== undefined) context.stats.fault(fault.fault);
  if (fault !== undefined && preempts(fault)) {
    applyFault(exchange, unused, fault);
    return;
  }
  const handler = handlers[exchange.route.kind]!;
  const resources = context.resources;
  const owner = credentialOf(exchange.request);
  const result = handler({ exchange, body, owner, version, resources, nowMs: resources.now() });
  if (isSimError(result)) sendError(exchange, result, fault);
  else if (fault === undefined) sendAnswer(exchange, result);
  else applyFault(exchange, result, fault);
}
