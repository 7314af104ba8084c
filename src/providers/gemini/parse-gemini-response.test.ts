import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { StreamPart } from '../../core/canonical.ts';
import { assembleStreamParts } from '../../formats/shared/assemble-stream-parts.ts';
import { parseGeminiResponse } from './parse-gemini-response.ts';
import { createGeminiStreamParser } from './parse-gemini-stream.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`__fixtures__/${name}`, import.meta.url), 'utf8'));

describe('parseGeminiResponse', () => {
  test("reads Google's text example: text, STOP, usage, model version and response id", () => {
    assert.deepEqual(parseGeminiResponse(fixture('response-text.json')), {
      id: 'mAitaLmkHPPlz7IPvtfUqQ4',
      model: 'gemini-2.5-flash',
      content: [{ type: 'text', text: 'AI, or artificial intelligence, learns patterns from data.' }],
      finishReason: 'stop',
      usage: { inputTokens: 4, outputTokens: 11, cacheReadTokens: 0, cacheWriteTokens: 0 },
    });
  });

  test('parallel function calls end with tool-calls; a call without id gets one from the response id', () => {
    const result = parseGeminiResponse(fixture('response-function-calls.json'));
    assert.equal(result.finishReason, 'tool-calls');
    assert.deepEqual(result.content, [
      { type: 'text', text: 'Let me check both.' },
      {
        type: 'tool-call',
        id: 'call_Qd6vaJ2XGJbU7M8Pjo7P8Ao_0',
        name: 'get_current_temperature',
        input: { location: 'London' },
      },
      { type: 'tool-call', id: 'given-id', name: 'get_current_temperature', input: { location: 'Paris' } },
    ]);
  });

  test('thoughts become reasoning; thoughts and cached tokens are counted the canonical way', () => {
    const result = parseGeminiResponse(fixture('response-thinking-cached.json'));
    assert.deepEqual(result.content, [
      { type: 'reasoning', text: '**Weighing the options**\nThe user wants a prime.', signature: undefined },
      { type: 'text', text: '7 is prime.' },
    ]);
    assert.equal(result.finishReason, 'length');
    assert.deepEqual(result.usage, {
      inputTokens: 1200,
      outputTokens: 105,
      cacheReadTokens: 1024,
      cacheWriteTokens: 0,
      reasoningTokens: 100,
    });
  });

  test('a prompt blocked before any candidate is a content-filter finish with no content', () => {
    const result = parseGeminiResponse(fixture('response-blocked.json'));
    assert.equal(result.finishReason, 'content-filter');
    assert.deepEqual(result.content, []);
  });
});

describe('createGeminiStreamParser', () => {
  test('text deltas, a whole function call and the finish on the last chunk', () => {
    const parser = createGeminiStreamParser();
    const parts: StreamPart[] = [];
    for (const data of fixture('stream-text-function-call.json') as string[])
      parts.push(...parser.push({ event: 'message', data }));
    parts.push(...parser.end());
    assert.deepEqual(parts, [
      { type: 'start', id: 'stream-1', model: 'gemini-2.5-flash' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'The' },
      { type: 'text-delta', index: 0, text: ' weather tool:' },
      { type: 'part-end', index: 0 },
      { type: 'tool-call-start', index: 1, id: 'call_stream-1_0', name: 'get_weather' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":"Paris"}' },
      { type: 'part-end', index: 1 },
      {
        type: 'finish',
        finishReason: 'tool-calls',
        usage: { inputTokens: 9, outputTokens: 12, cacheReadTokens: 0, cacheWriteTokens: 0 },
      },
    ]);
  });

  test('the streamed answer assembles to what the whole answer parses to', () => {
    const chunks = fixture('stream-text-function-call.json') as string[];
    const parser = createGeminiStreamParser();
    const parts = chunks.flatMap((data) => parser.push({ event: 'message', data }));
    const whole = JSON.parse(chunks.at(-1)!);
    whole.candidates[0].content.parts = [{ text: 'The weather tool:' }, ...whole.candidates[0].content.parts];
    assert.deepEqual(assembleStreamParts(parts), parseGeminiResponse(whole));
  });

  test('an error chunk, or an end without a finish reason, becomes an error part', () => {
    const failing = createGeminiStreamParser();
    const parts = failing.push({
      event: 'message',
      data: '{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}',
    });
    assert.deepEqual(parts, [{ type: 'error', errorType: 'UNAVAILABLE', message: 'The model is overloaded.' }]);
    const cut = createGeminiStreamParser();
    cut.push({ event: 'message', data: (fixture('stream-text-function-call.json') as string[])[0]! });
    assert.equal(cut.end().at(-1)?.type, 'error');
  });
});
