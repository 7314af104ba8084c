import type { Logger } from '../logging/create-json-logger.ts';
import type { RequestObserver } from './request-observer.ts';

/** `server.access_log`: one info line per client request, written when its response is over. */
export function createAccessLog(logger: Logger, now: () => number): RequestObserver {
  return {
    onStart() {},
    onAnswer() {},
    onEnd(request) {
      logger.info('request', {
        requestId: request.requestId,
        method: request.method,
        path: request.path,
        status: request.status,
        durationMs: now() - request.startedMs,
        ...(request.model === undefined ? {} : { model: request.model }),
        ...(request.provider === undefined
          ? {}
          : {
              provider: request.provider,
              targetModel: request.targetModel,
              attempts: request.attempts,
              fallback: request.fallback,
              stream: request.stream,
            }),
      });
    },
  };
}
