import type { Readable } from 'node:stream';
import type { BreakerPermit } from '../policies/circuit-breaker.ts';
import { classifyOutcome } from '../policies/classify-outcome.ts';
import type { TargetRecord, TargetRegistry } from './target-registry.ts';

/** The outcome of an answer that arrived whole. */
export const completedDecision = classifyOutcome({ type: 'response', status: 200, headers: {} }, 0);
/** The outcome of an attempt the client (or a lost hedge) walked away from: neither success nor failure. */
export const abandonedDecision = classifyOutcome({ type: 'failure', kind: 'aborted', phase: 'body' }, 0);
const completed = completedDecision;
const broken = classifyOutcome({ type: 'stream-broken' }, 0);
const abandoned = abandonedDecision;

/**
 * Records an answer's outcome on its target when the body ends: a complete body is a success, a body that breaks
 * (after the commit point) a breaker failure, a body the client walked away from neither. Adds listeners only.
 */
export function trackAnswer(options: {
  registry: TargetRegistry;
  record: TargetRecord;
  permit: BreakerPermit;
  body: Readable;
  /** The client's signal: a body destroyed because the client left is not the target's fault. */
  clientSignal: AbortSignal;
  ttfbMs: number;
  startedMs: number;
  now: () => number;
  /** Called once when the body is over, whichever way. */
  onDone: () => void;
}): void {
  let done = false;
  const finish = (decision: typeof completed) => {
    if (done) return;
    done = true;
    options.onDone();
    options.registry.recordOutcome(options.record, options.permit, decision, {
      ttfbMs: options.ttfbMs,
      latencyMs: options.now() - options.startedMs,
    });
  };
  // The body may have ended or failed while the pipeline awaited the commit point: read its state first.
  const body = options.body;
  if (body.readableEnded) finish(completed);
  else if (body.errored !== null) finish(options.clientSignal.aborted ? abandoned : broken);
  else if (body.destroyed) finish(abandoned);
  else {
    body.once('end', () => finish(completed));
    body.once('error', () => finish(options.clientSignal.aborted ? abandoned : broken));
    body.once('close', () => finish(abandoned));
  }
}
