import type { Dispatch } from '../../core/gateway-request.ts';

/**
 * The embedding of `text` from `provider`'s `model`, asked through the gateway's own pipeline (adapters, breakers,
 * retries) as an OpenAI embeddings request to `provider/model`. Undefined when it fails in any way: the semantic
 * cache is an optimisation, never a reason to fail a request.
 */
export async function fetchEmbedding(options: {
  dispatch: Dispatch;
  embeddings: { provider: string; model: string };
  text: string;
  requestId: string;
  signal: AbortSignal;
}): Promise<Float32Array | undefined> {
  const model = `${options.embeddings.provider}/${options.embeddings.model}`;
  const body = { model, input: options.text, encoding_format: 'float' };
  try {
    const answer = await options.dispatch({
      requestId: options.requestId,
      format: 'openai',
      operation: 'embeddings',
      model,
      stream: false,
      body,
      raw: Buffer.from(JSON.stringify(body)),
      passHeaders: {},
      search: '',
      signal: options.signal,
      clientRetryCount: 0,
    });
    if (!Buffer.isBuffer(answer.body)) {
      answer.body.destroy();
      return undefined;
    }
    if (answer.status !== 200) return undefined;
    const json = JSON.parse(answer.body.toString('utf8')) as { data?: { embedding?: unknown }[] };
    const embedding = json.data?.[0]?.embedding;
    if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every((x) => typeof x === 'number')) {
      return undefined;
    }
    return Float32Array.from(embedding as number[]);
  } catch {
    return undefined;
  }
}
