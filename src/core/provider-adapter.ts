import type { Readable } from 'node:stream';

/**
 * The adapter contract between the pipeline and one upstream target, version `outlast-adapter-v1`.
 * Shaped on the AI SDK's LanguageModelV2, trimmed to a gateway's needs: in v1 an adapter forwards a request that is
 * already in its own wire format (pass-through with minimal rewriting). Canonical doGenerate/doStream for cross-format
 * translation are added in v2 without changing forward().
 */
export interface ProviderAdapter {
  /** Contract version; the pipeline refuses adapters of another version. */
  readonly specificationVersion: 'outlast-adapter-v1';
  /** The provider id from the config (`providers[].id`). */
  readonly providerId: string;
  /** The provider type from the config (`anthropic`, `openai`, `openai-compatible`). */
  readonly type: string;
  /** The wire format the upstream speaks. */
  readonly format: WireFormat;
  /** Sends one request upstream and resolves when response headers arrive (or rejects with an UpstreamFailure). */
  forward(request: ForwardRequest, options: ForwardOptions): Promise<UpstreamResponse>;
  /** Releases pooled connections. */
  close(): Promise<void>;
}

/** A vendor wire format. */
export type WireFormat = 'openai' | 'anthropic';

/** What the client asked for, by endpoint. */
export type Operation = 'chat' | 'messages' | 'embeddings' | 'count_tokens';

/** One upstream request, already in the target's wire format. */
export interface ForwardRequest {
  /** The endpoint kind; the adapter maps it to its upstream path. */
  operation: Operation;
  /** The JSON body to send, model already rewritten for the target. */
  body: string | Buffer;
  /** True when the client asked for an SSE stream. */
  stream: boolean;
  /** Client headers to pass through to a target of the same format (e.g. `anthropic-beta`, `anthropic-version`). */
  passHeaders: Readonly<Record<string, string>>;
  /** Query string to pass through (e.g. `?beta=true`), including the `?`, or ''. */
  search: string;
}

/** Per-attempt options. */
export interface ForwardOptions {
  /** Aborted when the client goes away or the attempt is abandoned. */
  signal: AbortSignal;
  /** Time allowed until response headers, in ms. */
  headersTimeoutMs: number;
  /** Time allowed between two body chunks, in ms. */
  idleTimeoutMs: number;
  /** W3C `traceparent` to send upstream when tracing is on. */
  traceparent?: string | undefined;
}

/** Response headers as undici gives them. */
export type UpstreamHeaders = Record<string, string | string[] | undefined>;

/** An upstream answer whose headers have arrived; the body is still streaming. */
export interface UpstreamResponse {
  /** HTTP status. */
  status: number;
  /** Response headers. */
  headers: UpstreamHeaders;
  /** The body, to be consumed or destroyed exactly once. */
  body: Readable;
}
