import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createUsageScanner, findUsage, findUsageInBuffer } from './read-usage.ts';

test('reads OpenAI Chat usage, cached prompt tokens apart', () => {
  const body =
    '{"id":"c","choices":[{"message":{"content":"the \\"usage\\": {\\"prompt_tokens\\": 999}"}}],' +
    '"usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150,"prompt_tokens_details":{"cached_tokens":100}}}';
  assert.deepEqual(findUsage(body), { inputTokens: 20, cachedInputTokens: 100, outputTokens: 30 });
});

test('reads Anthropic usage: cache writes billed as input, cache reads apart', () => {
  const body =
    '{"type":"message","content":[{"type":"text","text":"hi"}],"usage":{"input_tokens":10,' +
    '"cache_creation_input_tokens":5,"cache_read_input_tokens":200,"output_tokens":7}}';
  assert.deepEqual(findUsage(body), { inputTokens: 15, cachedInputTokens: 200, outputTokens: 7 });
});

test('reads OpenAI Responses and Gemini usage', () => {
  assert.deepEqual(
    findUsage('{"usage":{"input_tokens":50,"input_tokens_details":{"cached_tokens":10},"output_tokens":5}}'),
    { inputTokens: 40, cachedInputTokens: 10, outputTokens: 5 },
  );
  assert.deepEqual(
    findUsage(
      '{"usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":3,"thoughtsTokenCount":2,"cachedContentTokenCount":4}}',
    ),
    { inputTokens: 4, cachedInputTokens: 4, outputTokens: 5 },
  );
});

test('finds nothing in an answer without usage, or with usage null', () => {
  assert.equal(findUsage('{"data":[1,2,3]}'), undefined);
  assert.equal(findUsage('data: {"choices":[],"usage":null}\n\n'), undefined);
});

const anthropicStream = [
  'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":25,"output_tokens":1}}}\n\n',
  'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"type":"text_delta","text":"Hello"}}\n\n',
  'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":15}}\n\n',
  'event: message_stop\ndata: {"type":"message_stop"}\n\n',
].join('');

test('merges the usage an Anthropic stream reports in message_start and message_delta', () => {
  const scanner = createUsageScanner();
  scanner.push(Buffer.from(anthropicStream));
  assert.deepEqual(scanner.usage(), { inputTokens: 25, cachedInputTokens: 0, outputTokens: 15 });
});

test('property: the usage of a stream does not depend on how it is cut into chunks', () => {
  const openaiStream =
    'data: {"choices":[{"delta":{"content":"Hé"}}],"usage":null}\n\n' +
    'data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}}\n\ndata: [DONE]\n\n';
  for (const [stream, expected] of [
    [anthropicStream, { inputTokens: 25, cachedInputTokens: 0, outputTokens: 15 }],
    [openaiStream, { inputTokens: 9, cachedInputTokens: 0, outputTokens: 4 }],
  ] as const) {
    const bytes = Buffer.from(stream);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 20 }), (cuts) => {
        const scanner = createUsageScanner();
        let start = 0;
        for (const cut of [...cuts].sort((left, right) => left - right)) {
          scanner.push(bytes.subarray(start, cut));
          start = cut;
        }
        scanner.push(bytes.subarray(start));
        assert.deepEqual(scanner.usage(), expected);
      }),
    );
  }
});

test('reads usage from a Buffer without decoding the whole answer', () => {
  const vectors = Array.from({ length: 20_000 }, (_value, index) => index / 7).join(',');
  const body = Buffer.from(
    `{"object":"list","data":[{"embedding":[${vectors}]}],"usage":{"prompt_tokens":8,"total_tokens":8}}`,
  );
  assert.deepEqual(findUsageInBuffer(body), { inputTokens: 8, cachedInputTokens: 0, outputTokens: 0 });
  assert.equal(findUsageInBuffer(Buffer.from('{"input_tokens":12}')), undefined);
});
