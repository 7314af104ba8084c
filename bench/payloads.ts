import type { Arm } from './arms/arm.ts';

/** A request built once and sent many times (undici `Dispatcher.request` options). */
export type PreparedRequest = {
  path: string;
  method: 'POST';
  headers: Record<string, string>;
  body: Buffer;
};

const FILLER = 'The quick brown fox jumps over the lazy dog near the riverbank. ';

/** `hello` for 0, else ASCII prose of exactly `bytes` bytes. */
export function promptText(bytes: number): string {
  if (bytes <= 0) return 'hello';
  return FILLER.repeat(Math.ceil(bytes / FILLER.length)).slice(0, bytes);
}

/**
 * The chat request every arm receives, with the arm's model name and headers: OpenAI Chat Completions, or an
 * Anthropic Messages request for an arm whose client speaks Anthropic (the same prompt).
 */
export function chatRequest(arm: Arm, options: { stream: boolean; promptBytes: number }): PreparedRequest {
  if (arm.clientFormat === 'anthropic') {
    const body: Record<string, unknown> = {
      model: arm.model,
      max_tokens: 1024,
      messages: [{ role: 'user', content: promptText(options.promptBytes) }],
    };
    if (options.stream) body.stream = true;
    return {
      path: '/v1/messages',
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': 'x',
        'anthropic-version': '2023-06-01',
        ...arm.headers,
      },
      body: Buffer.from(JSON.stringify(body)),
    };
  }
  const body: Record<string, unknown> = {
    model: arm.model,
    messages: [{ role: 'user', content: promptText(options.promptBytes) }],
  };
  if (options.stream) body.stream = true;
  return {
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer x', ...arm.headers },
    body: Buffer.from(JSON.stringify(body)),
  };
}
