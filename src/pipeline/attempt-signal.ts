/** The abort signal of one upstream attempt, and how to let go of it. */
export interface AttemptSignal {
  /** Aborts when the client leaves, when the request deadline passes, or on abort(). */
  signal: AbortSignal;
  /** Abandons the attempt (a hedge that lost). */
  abort(): void;
  /** Clears the deadline timer and the client listener once the attempt is over (its body ended or failed). */
  release(): void;
}

/**
 * Links an attempt to its client and its deadline with one listener and one timer, both released when the attempt
 * ends. Cheaper than `AbortSignal.any` + `AbortSignal.timeout`, whose timer would live until the deadline (ten
 * minutes by default) after every request.
 */
export function createAttemptSignal(clientSignal: AbortSignal, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  const onClientAbort = () => controller.abort(clientSignal.reason);
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (clientSignal.aborted) {
    controller.abort(clientSignal.reason);
  } else {
    clientSignal.addEventListener('abort', onClientAbort, { once: true });
    timer = setTimeout(
      () => controller.abort(new DOMException('The request deadline passed.', 'TimeoutError')),
      timeoutMs,
    );
    timer.unref();
  }
  return {
    signal: controller.signal,
    abort: () => controller.abort(),
    release() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      clientSignal.removeEventListener('abort', onClientAbort);
    },
  };
}
