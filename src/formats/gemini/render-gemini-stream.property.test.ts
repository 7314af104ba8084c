import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { splitAt } from '../../../test/helpers/split-at.ts';
import { type CanonicalResult, finishReasons, type StreamPart } from '../../core/canonical.ts';
import { parseGeminiResponse } from '../../providers/gemini/parse-gemini-response.ts';
import { createGeminiStreamParser } from '../../providers/gemini/parse-gemini-stream.ts';
import { createSseParser } from '../../providers/shared/sse-parser.ts';
import { assembleStreamParts } from '../shared/assemble-stream-parts.ts';
import { renderGeminiResult } from './render-gemini-result.ts';
import { createGeminiStreamRenderer } from './render-gemini-stream.ts';

const anyText = fc.string({ unit: 'binary', maxLength: 30 });
const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });

const part = fc.oneof(
  fc.record({ type: fc.constant('text' as const), text: anyText }),
  fc.record({
    type: fc.constant('tool-call' as const),
    id: fc.string({ minLength: 1, maxLength: 24 }),
    name: fc.string({ minLength: 1, maxLength: 12 }),
    input: jsonObject.map((input) => JSON.parse(JSON.stringify(input)) as Record<string, unknown>),
  }),
  fc.record({ type: fc.constant('reasoning' as const), text: anyText, signature: fc.string({ maxLength: 12 }) }),
);

const resultArbitrary = fc
  .record({
    id: fc.string({ maxLength: 20 }),
    content: fc.array(part, { maxLength: 5 }),
    finishReason: fc.constantFrom(...finishReasons),
    inputTokens: fc.nat(5000),
    cacheReadTokens: fc.nat(5000),
    outputTokens: fc.nat(5000),
    reasoningTokens: fc.option(fc.nat(5000), { nil: undefined }),
  })
  .map((fields): CanonicalResult => {
    const usage: CanonicalResult['usage'] = {
      inputTokens: fields.inputTokens + fields.cacheReadTokens,
      outputTokens: fields.outputTokens + (fields.reasoningTokens ?? 0),
      cacheReadTokens: fields.cacheReadTokens,
      cacheWriteTokens: 0,
    };
    if (fields.reasoningTokens !== undefined) usage.reasoningTokens = fields.reasoningTokens;
    return { id: fields.id, model: 'upstream', content: fields.content, finishReason: fields.finishReason, usage };
  });

/** Cuts a string into pieces at the given points. */
function pieces(text: string, cuts: number[]): string[] {
  return splitAt(text, cuts);
}

/** The canonical stream any upstream parser would emit for this answer, deltas cut at `cuts`. */
function toStreamParts(result: CanonicalResult, cuts: number[]): StreamPart[] {
  const parts: StreamPart[] = [{ type: 'start', id: result.id, model: result.model }];
  result.content.forEach((item, index) => {
    if (item.type === 'text') {
      parts.push({ type: 'text-start', index });
      for (const text of pieces(item.text, cuts)) parts.push({ type: 'text-delta', index, text });
    } else if (item.type === 'tool-call') {
      parts.push({ type: 'tool-call-start', index, id: item.id, name: item.name });
      for (const argumentsDelta of pieces(JSON.stringify(item.input), cuts))
        parts.push({ type: 'tool-call-delta', index, argumentsDelta });
    } else {
      parts.push({ type: 'reasoning-start', index });
      for (const text of pieces(item.text, cuts)) parts.push({ type: 'reasoning-delta', index, text });
    }
    parts.push({ type: 'part-end', index });
  });
  parts.push({ type: 'finish', finishReason: result.finishReason, usage: result.usage });
  return parts;
}

test('a Gemini stream rendered and read back equals the non-streamed rendering, whatever the chunk boundaries', () => {
  fc.assert(
    fc.property(
      resultArbitrary,
      fc.array(fc.nat(), { maxLength: 4 }),
      fc.array(fc.nat(), { maxLength: 30 }),
      (result, deltaCuts, byteCuts) => {
        const renderer = createGeminiStreamRenderer({ model: 'gemini-2.5-flash' });
        let sse = '';
        for (const streamPart of toStreamParts(result, deltaCuts)) sse += renderer.push(streamPart);
        sse += renderer.end();

        const parser = createGeminiStreamParser();
        const parts: StreamPart[] = [];
        const sseParser = createSseParser((event) => parts.push(...parser.push(event)));
        for (const chunk of splitAt(Buffer.from(sse, 'utf8'), byteCuts)) sseParser.push(chunk);
        sseParser.end();
        parts.push(...parser.end());

        const whole = JSON.parse(JSON.stringify(renderGeminiResult(result, { model: 'gemini-2.5-flash' })));
        assert.deepEqual(assembleStreamParts(parts), parseGeminiResponse(whole));
      },
    ),
  );
});

test('a rendered answer parses back to its text, calls (ids included), finish family and usage', () => {
  fc.assert(
    fc.property(resultArbitrary, (result) => {
      const parsed = parseGeminiResponse(JSON.parse(JSON.stringify(renderGeminiResult(result, { model: 'm' }))));
      const text = result.content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('');
      const parsedText = parsed.content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('');
      assert.equal(parsedText, text);
      const calls = result.content.filter((item) => item.type === 'tool-call').map((item) => ({ ...item }));
      assert.deepEqual(
        parsed.content.filter((item) => item.type === 'tool-call'),
        calls,
      );
      assert.ok(!parsed.content.some((item) => item.type === 'reasoning'), 'reasoning is not rendered');
      assert.equal(parsed.id, result.id);
      assert.equal(parsed.usage.inputTokens, result.usage.inputTokens);
      assert.equal(parsed.usage.outputTokens, result.usage.outputTokens);
      assert.equal(parsed.usage.cacheReadTokens, result.usage.cacheReadTokens);
      const expected: Record<string, string[]> = {
        stop: ['stop', 'tool-calls'],
        'tool-calls': ['stop', 'tool-calls'],
        length: ['length'],
        'content-filter': ['content-filter'],
        refusal: ['content-filter'],
      };
      const allowed = expected[result.finishReason] ?? ['other'];
      assert.ok(allowed.includes(parsed.finishReason), `${result.finishReason} -> ${parsed.finishReason}`);
      if (parsed.finishReason === 'tool-calls' || parsed.finishReason === 'stop')
        assert.equal(parsed.finishReason === 'tool-calls', calls.length > 0);
    }),
  );
});
