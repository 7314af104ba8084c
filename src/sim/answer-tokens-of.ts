import type { Exchange } from './exchange.ts';
import { headerText } from './request-credentials.ts';

/** Wanted answer length: the `x-sim-answer-tokens` header when valid, else the `answerTokens` knob. */
export function answerTokensOf(exchange: Exchange): number {
  const header = headerText(exchange.request.headers['x-sim-answer-tokens']);
  if (header !== undefined) {
    const value = Number(header);
    if (Number.isInteger(value) && value >= 0 && value <= 100_000) return value;
  }
  return exchange.context.knobs.answerTokens;
}
