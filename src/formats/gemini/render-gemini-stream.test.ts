import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { StreamPart } from '../../core/canonical.ts';
import { createGeminiStreamRenderer } from './render-gemini-stream.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`__fixtures__/${name}`, import.meta.url), 'utf8'));

function chunksOf(sse: string): unknown[] {
  return sse
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      assert.ok(frame.startsWith('data: '), frame);
      return JSON.parse(frame.slice('data: '.length));
    });
}

test('renders text deltas, a whole function call once its arguments end, and a last chunk with finish and usage', () => {
  const renderer = createGeminiStreamRenderer({ model: 'gemini-2.5-flash' });
  const parts: StreamPart[] = [
    { type: 'start', id: 'msg_01', model: 'claude-sonnet-4-6' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'Let me' },
    { type: 'text-delta', index: 0, text: ' check.' },
    { type: 'part-end', index: 0 },
    { type: 'reasoning-start', index: 1 },
    { type: 'reasoning-delta', index: 1, text: 'not sent' },
    { type: 'part-end', index: 1 },
    { type: 'tool-call-start', index: 2, id: 'toolu_1', name: 'get_weather' },
    { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
    { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
    { type: 'part-end', index: 2 },
    {
      type: 'finish',
      finishReason: 'tool-calls',
      usage: { inputTokens: 30, outputTokens: 12, cacheReadTokens: 20, cacheWriteTokens: 0 },
    },
  ];
  let sse = '';
  for (const part of parts) sse += renderer.push(part);
  sse += renderer.end();
  assert.deepEqual(chunksOf(sse), fixture('stream-text-tool-call.chunks.json'));
});

test('an error part, or an end without a finish, is a last error chunk; nothing follows it', () => {
  const failing = createGeminiStreamRenderer({ model: 'm' });
  const text = failing.push({ type: 'error', errorType: 'overloaded_error', message: 'Overloaded' });
  assert.deepEqual(chunksOf(text), [{ error: { code: 503, message: 'Overloaded', status: 'UNAVAILABLE' } }]);
  assert.equal(failing.push({ type: 'text-delta', index: 0, text: 'late' }), '');
  assert.equal(failing.end(), '');
  const cut = createGeminiStreamRenderer({ model: 'm' });
  cut.push({ type: 'text-delta', index: 0, text: 'half' });
  const [last] = chunksOf(cut.end()) as { error: { status: string; details: { reason?: string }[] } }[];
  assert.equal(last?.error.status, 'UNAVAILABLE');
  assert.equal(last?.error.details[0]?.reason, 'OUTLAST_STREAM_INTERRUPTED');
});
