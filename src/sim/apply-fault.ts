import type { Exchange } from './exchange.ts';
import type { FaultRule } from './fault-rule.ts';
import type { RenderedAnswer } from './rendered-answer.ts';
import { schedule, sendAnswer, streamFaultError } from './send-answer.ts';
import { sendVendorError } from './send-vendor-error.ts';

function sendFaultError(exchange: Exchange): void {
  const fault = exchange.fault!;
  const error =
    fault.fault === 'stream_error'
      ? streamFaultError(exchange)
      : { status: fault.status ?? 500, type: fault.error_type, code: fault.error_code, message: fault.message ?? '' };
  sendVendorError(exchange, error, { retryAfterS: fault.retry_after_s, retryAfterMs: fault.retry_after_ms });
}

function resetConnection(exchange: Exchange): void {
  if (exchange.closed) return;
  exchange.dropped = true;
  const socket = exchange.request.socket;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * Serves a request under a fault: `error` answers the vendor's error (after `delay_ms`), `hang` never answers (the
 * close handler releases it), `reset` destroys the connection before any byte; the other kinds shape a normal answer.
 * A `stream_error` on a non-streaming request becomes an error response.
 */
export function applyFault(exchange: Exchange, answer: RenderedAnswer, fault: FaultRule): void {
  exchange.fault = fault;
  const delayMs = exchange.context.knobs.latencyMs + (fault.delay_ms ?? 0);
  switch (fault.fault) {
    case 'error':
      schedule(exchange, delayMs, sendFaultError);
      return;
    case 'hang':
      return;
    case 'reset':
      schedule(exchange, delayMs, resetConnection);
      return;
    case 'stream_error':
      if (!answer.stream) {
        schedule(exchange, delayMs, sendFaultError);
        return;
      }
      sendAnswer(exchange, answer);
      return;
    default:
      sendAnswer(exchange, answer);
  }
}
