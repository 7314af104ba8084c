import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Logger } from './create-json-logger.ts';

interface TargetEvent {
  requestId?: string;
  provider?: string;
  model?: string;
  from?: unknown;
  reason?: string;
  coolDownMs?: number;
  delayMs?: number;
}

/**
 * Writes one log line per pipeline event worth an operator's eye: breaker openings and closings, cool-downs and
 * disablings (warn/info), failovers, retries and hedges (info, with the request id). Returns the unsubscriber.
 */
export function logPipelineEvents(logger: Logger): () => void {
  const handlers: Record<string, (message: unknown) => void> = {
    'outlast:breaker:open': (message) => {
      const event = message as TargetEvent;
      logger.warn('breaker opened', { provider: event.provider, model: event.model, from: event.from });
    },
    'outlast:breaker:close': (message) => {
      const event = message as TargetEvent;
      logger.info('breaker closed', { provider: event.provider, model: event.model });
    },
    'outlast:target:cool-down': (message) => {
      const event = message as TargetEvent;
      logger.warn('target cooling down', {
        provider: event.provider,
        model: event.model,
        coolDownMs: event.coolDownMs,
      });
    },
    'outlast:target:disable': (message) => {
      const event = message as TargetEvent;
      logger.error('target disabled', { provider: event.provider, model: event.model, reason: event.reason });
    },
    'outlast:attempt:failover': (message) => {
      const event = message as TargetEvent;
      logger.info('failover', { requestId: event.requestId, from: event.from, reason: event.reason });
    },
    'outlast:attempt:retry': (message) => {
      const event = message as TargetEvent;
      logger.info('retry', {
        requestId: event.requestId,
        provider: event.provider,
        model: event.model,
        delayMs: event.delayMs,
        reason: event.reason,
      });
    },
    'outlast:attempt:hedge': (message) => {
      const event = message as TargetEvent;
      logger.info('hedge', { requestId: event.requestId, provider: event.provider, model: event.model });
    },
  };
  for (const [name, handler] of Object.entries(handlers)) subscribe(name, handler);
  return () => {
    for (const [name, handler] of Object.entries(handlers)) unsubscribe(name, handler);
  };
}
