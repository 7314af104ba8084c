import { countWords } from './count-words.ts';
import { embedText } from './embed-text.ts';

/** `dimensions` when the request does not set it. */
export const defaultEmbeddingDimensions = 256;

function inputTexts(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  const items = input as unknown[];
  if (items.every((item) => typeof item === 'number')) return [items.join(' ')];
  return items.map((item) => (Array.isArray(item) ? item.join(' ') : String(item)));
}

function encodeBase64(vector: Float32Array): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let index = 0; index < vector.length; index++) bytes.writeFloatLE(vector[index]!, index * 4);
  return bytes.toString('base64');
}

function toFloats(vector: Float32Array): number[] {
  return Array.from(vector, (value) => Math.round(value * 1e8) / 1e8);
}

/**
 * The Embeddings response of a validated request: one deterministic vector per input, as floats or as base64 of
 * little-endian float32 (what the SDK asks for by default).
 * @see https://platform.openai.com/docs/api-reference/embeddings/object
 */
export function renderOpenAiEmbeddings(body: Record<string, unknown>): string {
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : defaultEmbeddingDimensions;
  const base64 = body.encoding_format === 'base64';
  const texts = inputTexts(body.input);
  let tokens = 0;
  const data = texts.map((text, index) => {
    tokens += Math.max(1, countWords(text));
    const vector = embedText(text, dimensions);
    return { object: 'embedding', index, embedding: base64 ? encodeBase64(vector) : toFloats(vector) };
  });
  return JSON.stringify({
    object: 'list',
    data,
    model: body.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
