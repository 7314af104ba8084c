/** Where in the exchange a transport failure happened. */
export type FailurePhase = 'connect' | 'headers' | 'body';

/** How a transport failure happened. */
export type FailureKind = 'refused' | 'reset' | 'timeout' | 'dns' | 'tls' | 'aborted' | 'other';

/**
 * An upstream attempt that produced no HTTP response (or whose body broke). Thrown by adapters and classified by
 * classifyOutcome; never shown to clients as is (provider details are redacted there).
 */
export class UpstreamFailure extends Error {
  /** What went wrong. */
  readonly kind: FailureKind;
  /** When it went wrong. */
  readonly phase: FailurePhase;
  /** The network error code, e.g. ECONNREFUSED or UND_ERR_HEADERS_TIMEOUT. */
  readonly errorCode: string | undefined;

  constructor(kind: FailureKind, phase: FailurePhase, message: string, errorCode?: string) {
    super(message);
    this.name = 'UpstreamFailure';
    this.kind = kind;
    this.phase = phase;
    this.errorCode = errorCode;
  }
}
