/**
 * Precomputed response bodies for the bench mock. Everything a request needs is built once per
 * settings change, so the mock spends its CPU on sockets, not on JSON.
 */

/** Stream shape: chunks x cadence x content bytes per chunk. */
export type StreamShape = {
  chunks: number;
  chunkBytes: number;
};

export type MockBodies = {
  openaiJson: Buffer;
  /** One SSE event per content chunk; the first also carries the role, the last the finish reason. */
  openaiEvents: Buffer[];
  /** Usage chunk-free trailer: `data: [DONE]`. */
  openaiDone: Buffer;
  anthropicJson: Buffer;
  /** message_start + content_block_start, sent together with the first delta. */
  anthropicPrelude: Buffer;
  anthropicEvents: Buffer[];
  /** content_block_stop + message_delta + message_stop. */
  anthropicTail: Buffer;
};

/**
 * The content of chunk i: `T0000-` then filler, exactly `bytes` long (at least 6). Unique and
 * ordered, so a client can find the first token and check that every chunk arrived in order.
 */
export function tokenText(index: number, bytes: number): string {
  const head = 'T' + String(index).padStart(4, '0') + '-';
  const size = Math.max(bytes, head.length);
  return head + 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil(size / 36)).slice(0, size - head.length);
}

export function tokenMarker(index: number): string {
  return 'T' + String(index).padStart(4, '0') + '-';
}

const JSON_ANSWER = 'Hello from the Outlast bench mock.';

export function buildMockBodies(shape: StreamShape): MockBodies {
  const openaiJson = Buffer.from(
    JSON.stringify({
      id: 'chatcmpl-bench',
      object: 'chat.completion',
      created: 1700000000,
      model: 'bench-model',
      choices: [{ index: 0, message: { role: 'assistant', content: JSON_ANSWER }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 8, completion_tokens: 8, total_tokens: 16 },
    }),
  );

  const openaiEvents: Buffer[] = [];
  for (let i = 0; i < shape.chunks; i++) {
    const last = i === shape.chunks - 1;
    const delta =
      i === 0
        ? { role: 'assistant', content: tokenText(i, shape.chunkBytes) }
        : { content: tokenText(i, shape.chunkBytes) };
    const event = {
      id: 'chatcmpl-bench',
      object: 'chat.completion.chunk',
      created: 1700000000,
      model: 'bench-model',
      choices: [{ index: 0, delta, finish_reason: last ? 'stop' : null }],
    };
    openaiEvents.push(Buffer.from('data: ' + JSON.stringify(event) + '\n\n'));
  }

  const anthropicJson = Buffer.from(
    JSON.stringify({
      id: 'msg_bench',
      type: 'message',
      role: 'assistant',
      model: 'bench-claude-model',
      content: [{ type: 'text', text: JSON_ANSWER }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 8, output_tokens: 8 },
    }),
  );

  const sse = (event: string, data: unknown): string => 'event: ' + event + '\ndata: ' + JSON.stringify(data) + '\n\n';
  const anthropicPrelude = Buffer.from(
    sse('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_bench',
        type: 'message',
        role: 'assistant',
        model: 'bench-claude-model',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 8, output_tokens: 1 },
      },
    }) +
      sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
  );
  const anthropicEvents: Buffer[] = [];
  for (let i = 0; i < shape.chunks; i++) {
    anthropicEvents.push(
      Buffer.from(
        sse('content_block_delta', {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text: tokenText(i, shape.chunkBytes) },
        }),
      ),
    );
  }
  const anthropicTail = Buffer.from(
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }) +
      sse('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: shape.chunks },
      }) +
      sse('message_stop', { type: 'message_stop' }),
  );

  return {
    openaiJson,
    openaiEvents,
    openaiDone: Buffer.from('data: [DONE]\n\n'),
    anthropicJson,
    anthropicPrelude,
    anthropicEvents,
    anthropicTail,
  };
}
