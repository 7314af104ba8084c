import type { Readable } from 'node:stream';
import type { TranslationWarning } from './canonical.ts';

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
  /** The provider type from the config (`anthropic`, `openai`, `openai-compatible`, `gemini`). */
  readonly type: string;
  /** The wire format the upstream speaks. */
  readonly format: WireFormat;
  /**
   * Operations of its format the upstream serves natively; absent means all. A request for another operation of the
   * same format is translated (e.g. Responses to Chat Completions for OpenAI-compatible servers).
   */
  readonly nativeOperations?: ReadonlySet<Operation> | undefined;
  /** Sends one request upstream and resolves when response headers arrive (or rejects with an UpstreamFailure). */
  forward(request: ForwardRequest, options: ForwardOptions): Promise<UpstreamResponse>;
  /** Releases pooled connections. */
  close(): Promise<void>;
  /**
   * Passes a request for another path of this vendor's API through (files, batches, count tokens of Gemini...): the
   * method, vendor path and body as the client sent them, this provider's credentials instead of the client's.
   * Adapters of vendors without such paths (OpenAI-compatible servers, Azure) leave it out. Rejects with an
   * UpstreamFailure like `forward`.
   */
  relay?(request: RelayRequest, options: ForwardOptions): Promise<UpstreamResponse>;
  /**
   * The client-facing path (as `relay` takes it) of an upstream URL found in a relayed answer (a batch's
   * `results_url`, an upload URL), so the gateway can point the client at itself; undefined for another URL.
   */
  relayedPath?(url: string): string | undefined;
  /**
   * Optional: rewrites a body in the adapter's own format for the server's quirks (OpenAI-compatible presets).
   * Returns undefined when nothing applies, so a pass-through body keeps the client's bytes.
   */
  rewriteBody?(body: Readonly<Record<string, unknown>>, operation: Operation): BodyRewrite | undefined;
}

/** A body rewritten by `ProviderAdapter.rewriteBody`. */
export interface BodyRewrite {
  /** The body to send (model still to be set by the caller). */
  body: Record<string, unknown>;
  /** Losses, reported in `x-outlast-warnings`. */
  warnings: TranslationWarning[];
}

/** A vendor wire format. */
export type WireFormat = 'openai' | 'anthropic' | 'gemini';

/** What the client asked for, by endpoint (`generate`: Gemini generateContent / streamGenerateContent; `responses`: OpenAI Responses). */
export type Operation = 'chat' | 'messages' | 'embeddings' | 'count_tokens' | 'responses' | 'generate';

/** One upstream request, already in the target's wire format. */
export interface ForwardRequest {
  /** The endpoint kind; the adapter maps it to its upstream path. */
  operation: Operation;
  /** The target's model name: Azure maps it to a deployment, Gemini puts it in the URL (`models/{model}:...`). */
  model: string;
  /** The JSON body to send, model already rewritten for the target. */
  body: string | Buffer;
  /** True when the client asked for an SSE stream (Gemini: selects `:streamGenerateContent?alt=sse`). */
  stream: boolean;
  /** Client headers to pass through to a target of the same format (e.g. `anthropic-beta`, `anthropic-version`). */
  passHeaders: Readonly<Record<string, string>>;
  /** Query string to pass through (e.g. `?beta=true`), including the `?`, or ''. */
  search: string;
}

/** Per-attempt options. */
/** A request for another path of a vendor's API (ProviderAdapter.relay). */
export interface RelayRequest {
  /** HTTP method, upper case. */
  method: string;
  /** The vendor path and query as the client sent them (`/v1/files?limit=2`); the adapter puts its base URL first. */
  path: string;
  /** Headers to pass on (content type, version and beta headers...): never credentials or hop-by-hop headers. */
  headers: Readonly<Record<string, string>>;
  /** The body, or undefined for none. */
  body: Buffer | undefined;
}

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
