import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { StreamPart } from '../../core/canonical.ts';
import { createOpenAIChatStreamRenderer } from './render-openai-chat-stream.ts';

function chunks(name: string): unknown[] {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as unknown[];
}

function sse(values: readonly unknown[]): string {
  return values.map((value) => `data: ${value === '[DONE]' ? value : JSON.stringify(value)}\n\n`).join('');
}

function render(parts: readonly StreamPart[], includeUsage = true): string {
  const renderer = createOpenAIChatStreamRenderer({ model: 'gpt-4o', includeUsage, nowMs: 1730000000_500 });
  let text = '';
  for (const part of parts) text += renderer.push(part);
  return text + renderer.end();
}

const usage = { inputTokens: 120, outputTokens: 25, cacheReadTokens: 64, cacheWriteTokens: 0, reasoningTokens: 7 };

const answer: StreamPart[] = [
  { type: 'start', id: 'msg_01', model: 'claude-sonnet-4-5' },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Weather, then time.' },
  { type: 'reasoning-delta', index: 0, text: '', signature: 'sig' },
  { type: 'part-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Let me check.' },
  { type: 'part-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'toolu_01', name: 'get_weather' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
  { type: 'part-end', index: 2 },
  { type: 'tool-call-start', index: 3, id: 'toolu_02', name: 'get_time' },
  { type: 'tool-call-delta', index: 3, argumentsDelta: '{}' },
  { type: 'part-end', index: 3 },
  { type: 'finish', finishReason: 'tool-calls', usage },
];

test('renders text and tool calls as the exact chunk sequence, tool indexes counting tool calls only', () => {
  assert.equal(render(answer), sse(chunks('stream-text-tool-call.chunks.json')));
});

test('leaves usage out of every chunk when the client did not ask for it', () => {
  const text = render(answer, false);
  const expected = chunks('stream-text-tool-call.chunks.json')
    .filter((chunk) => chunk === '[DONE]' || (chunk as { choices: unknown[] }).choices.length > 0)
    .map((chunk) => {
      if (chunk === '[DONE]') return chunk;
      const { usage: _usage, ...rest } = chunk as Record<string, unknown>;
      return rest;
    });
  assert.equal(text, sse(expected));
});

test('renders an error part as an error line and never sends [DONE]', () => {
  const renderer = createOpenAIChatStreamRenderer({ model: 'gpt-4o', includeUsage: false, nowMs: 0 });
  renderer.push({ type: 'start', id: 'x', model: 'm' });
  const text = renderer.push({ type: 'error', errorType: 'overloaded_error', message: 'Overloaded' });
  assert.equal(text, 'data: {"error":{"message":"Overloaded","type":"overloaded_error","param":null,"code":null}}\n\n');
  assert.equal(renderer.push({ type: 'finish', finishReason: 'stop', usage }), '');
  assert.equal(renderer.end(), '');
});

test('closes a stream that ended without a finish with an error line instead of [DONE]', () => {
  const renderer = createOpenAIChatStreamRenderer({ model: 'gpt-4o', includeUsage: false, nowMs: 0 });
  renderer.push({ type: 'start', id: 'x', model: 'm' });
  const tail = renderer.end();
  assert.match(tail, /^data: \{"error":\{.*"code":"OUTLAST_STREAM_INTERRUPTED"\}\}\n\n$/);
  assert.equal(renderer.end(), '');
});

test('sends [DONE] once, from end(), after the finish', () => {
  const renderer = createOpenAIChatStreamRenderer({ model: 'gpt-4o', includeUsage: false, nowMs: 0 });
  renderer.push({ type: 'start', id: 'x', model: 'm' });
  assert.doesNotMatch(renderer.push({ type: 'finish', finishReason: 'stop', usage }), /\[DONE\]/);
  assert.equal(renderer.end(), 'data: [DONE]\n\n');
  assert.equal(renderer.end(), '');
});

test('sends the role chunk first even when no start part came', () => {
  const text = render([{ type: 'text-delta', index: 0, text: 'Hi' }], false);
  const first = JSON.parse(text.split('\n\n')[0]?.slice('data: '.length) ?? '') as { choices: { delta: unknown }[] };
  assert.deepEqual(first.choices[0]?.delta, { role: 'assistant', content: '' });
});
