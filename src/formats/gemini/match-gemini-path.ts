/** A Gemini model endpoint read from a request path. */
export interface GeminiPath {
  /** The model named in the path (`models/` stripped). */
  model: string;
  /** `streamGenerateContent` rather than `generateContent`. */
  streaming: boolean;
}

const prefixes = ['/v1beta/models/', '/v1/models/'];
const generate = ':generateContent';
const streamGenerate = ':streamGenerateContent';

/**
 * Matches `/v1beta/models/{model}:generateContent` and `:streamGenerateContent`, and the same under `/v1/` (the genai
 * SDK's default version since 2.x). The model may hold `/`, as the SDK sends `provider/model` names as they are.
 * Plain string operations, no regex, so it costs nothing on the hot path of other formats. Undefined for any other
 * path.
 * @see https://ai.google.dev/api/generate-content
 */
export function matchGeminiPath(path: string): GeminiPath | undefined {
  const prefix = prefixes.find((candidate) => path.startsWith(candidate));
  if (prefix === undefined) return undefined;
  let streaming: boolean;
  let end: number;
  if (path.endsWith(generate)) {
    streaming = false;
    end = path.length - generate.length;
  } else if (path.endsWith(streamGenerate)) {
    streaming = true;
    end = path.length - streamGenerate.length;
  } else {
    return undefined;
  }
  if (end <= prefix.length) return undefined;
  let model: string;
  try {
    model = decodeURIComponent(path.slice(prefix.length, end));
  } catch {
    return undefined;
  }
  return { model, streaming };
}

/** True when a query string (with or without `?`) asks for SSE (`alt=sse`). */
export function wantsSse(search: string): boolean {
  return new URLSearchParams(search).get('alt') === 'sse';
}
