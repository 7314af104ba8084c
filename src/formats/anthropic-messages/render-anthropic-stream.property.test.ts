import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { splitAt } from '../../../test/helpers/split-at.ts';
import { type CanonicalResult, finishReasons, type StreamPart } from '../../core/canonical.ts';
import { parseAnthropicResponse } from '../../providers/anthropic/parse-anthropic-response.ts';
import { createAnthropicStreamParser } from '../../providers/anthropic/parse-anthropic-stream.ts';
import { createSseParser } from '../../providers/shared/sse-parser.ts';
import { assembleStreamParts } from '../shared/assemble-stream-parts.ts';
import { renderAnthropicResult } from './render-anthropic-result.ts';
import { createAnthropicStreamRenderer } from './render-anthropic-stream.ts';

const anyText = fc.string({ unit: 'binary', maxLength: 30 });
const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });

const part = fc.oneof(
  fc.record({ type: fc.constant('text' as const), text: anyText }),
  fc.record({
    type: fc.constant('tool-call' as const),
    id: fc.string({ maxLength: 24 }),
    name: fc.string({ minLength: 1, maxLength: 12 }),
    input: jsonObject.map((input) => JSON.parse(JSON.stringify(input)) as Record<string, unknown>),
  }),
  fc.record(
    { type: fc.constant('reasoning' as const), text: anyText, signature: fc.string({ minLength: 1, maxLength: 12 }) },
    { requiredKeys: ['type', 'text'] },
  ),
);

const resultArbitrary = fc
  .record({
    id: fc.string({ maxLength: 20 }),
    content: fc.array(part, { maxLength: 5 }),
    finishReason: fc.constantFrom(...finishReasons),
    stopSequence: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
    uncached: fc.nat(5000),
    cacheReadTokens: fc.nat(5000),
    cacheWriteTokens: fc.nat(5000),
    outputTokens: fc.nat(5000),
    reasoningTokens: fc.option(fc.nat(5000), { nil: undefined }),
  })
  .map((fields): CanonicalResult => {
    const usage: CanonicalResult['usage'] = {
      inputTokens: fields.uncached + fields.cacheReadTokens + fields.cacheWriteTokens,
      outputTokens: fields.outputTokens,
      cacheReadTokens: fields.cacheReadTokens,
      cacheWriteTokens: fields.cacheWriteTokens,
    };
    if (fields.reasoningTokens !== undefined) usage.reasoningTokens = fields.reasoningTokens;
    const result: CanonicalResult = {
      id: fields.id,
      model: 'upstream-model',
      content: fields.content,
      finishReason: fields.finishReason,
      usage,
    };
    if (fields.stopSequence !== undefined) result.stopSequence = fields.stopSequence;
    return result;
  });

/** Cuts a string into pieces at the given points (modulo its length). */
function pieces(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let start = 0;
  for (const point of points) {
    out.push(text.slice(start, point));
    start = point;
  }
  out.push(text.slice(start));
  return out;
}

/** The canonical stream a parser of some upstream would emit for this answer, with deltas cut at `cuts`. */
function toStreamParts(result: CanonicalResult, cuts: number[], announceInput: boolean): StreamPart[] {
  const parts: StreamPart[] = [{ type: 'start', id: result.id, model: result.model }];
  if (announceInput) {
    const { inputTokens, cacheReadTokens, cacheWriteTokens } = result.usage;
    parts[0] = {
      type: 'start',
      id: result.id,
      model: result.model,
      usage: { inputTokens, cacheReadTokens, cacheWriteTokens },
    };
  }
  result.content.forEach((item, index) => {
    if (item.type === 'text') {
      parts.push({ type: 'text-start', index });
      for (const text of pieces(item.text, cuts)) parts.push({ type: 'text-delta', index, text });
    } else if (item.type === 'tool-call') {
      parts.push({ type: 'tool-call-start', index, id: item.id, name: item.name });
      for (const argumentsDelta of pieces(JSON.stringify(item.input), cuts)) {
        parts.push({ type: 'tool-call-delta', index, argumentsDelta });
      }
    } else {
      parts.push({ type: 'reasoning-start', index });
      for (const text of pieces(item.text, cuts)) parts.push({ type: 'reasoning-delta', index, text });
      if (item.signature !== undefined)
        parts.push({ type: 'reasoning-delta', index, text: '', signature: item.signature });
    }
    parts.push({ type: 'part-end', index });
  });
  const finish: StreamPart = { type: 'finish', finishReason: result.finishReason, usage: result.usage };
  if (result.stopSequence !== undefined) finish.stopSequence = result.stopSequence;
  parts.push(finish);
  return parts;
}

test('a streamed answer reads back the same as its Message body, whatever the chunk boundaries', () => {
  fc.assert(
    fc.property(
      resultArbitrary,
      fc.array(fc.nat(), { maxLength: 4 }),
      fc.array(fc.nat(), { maxLength: 30 }),
      fc.boolean(),
      (result, deltaCuts, byteCuts, announceInput) => {
        const renderer = createAnthropicStreamRenderer({ model: 'claude-sonnet-4-5' });
        let sse = '';
        for (const streamPart of toStreamParts(result, deltaCuts, announceInput)) sse += renderer.push(streamPart);
        sse += renderer.end();

        const parser = createAnthropicStreamParser();
        const parts: StreamPart[] = [];
        const sseParser = createSseParser((event) => parts.push(...parser.push(event)));
        for (const chunk of splitAt(Buffer.from(sse, 'utf8'), byteCuts)) sseParser.push(chunk);
        sseParser.end();
        parts.push(...parser.end());

        const body = JSON.parse(JSON.stringify(renderAnthropicResult(result, { model: 'claude-sonnet-4-5' })));
        assert.deepEqual(assembleStreamParts(parts), parseAnthropicResponse(body));
      },
    ),
  );
});
