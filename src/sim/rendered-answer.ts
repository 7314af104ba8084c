import type { ResponseTemplate } from './response-template.ts';

/** Frames of a stream as rendered, and which of them carry content (they are the ones paced). */
export interface RenderedFrames {
  /** Each SSE event, encoded. */
  frames: Buffer[];
  /** Index of the first content frame (-1 when there is none). */
  firstContent: number;
  /** Index of the last content frame (-1 when there is none). */
  lastContent: number;
}

/** A successful answer rendered once and kept in the cache; filled with fresh ids per response. */
export interface RenderedAnswer {
  /** Model named by the request, for fault matching and stats. */
  model: string | undefined;
  /** True for an SSE stream, false for one JSON body. */
  stream: boolean;
  /** Value of the content-type header. */
  contentType: string;
  /** The cached bytes. */
  template: ResponseTemplate;
  /** Index of the first content frame (-1 when there is none). */
  firstContent: number;
  /** Index of the last content frame (-1 when there is none). */
  lastContent: number;
  /** Output tokens of the answer (paces non-stream answers). */
  outputTokens: number;
  /** Response headers beyond the vendor's usual ones, as a flat `[name, value, ...]` list (Gemini's `x-goog-upload-*`). */
  headers?: readonly string[] | undefined;
}
