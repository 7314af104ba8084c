import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { splitAt } from '../../../test/helpers/split-at.ts';
import { type CanonicalResult, finishReasons, type StreamPart } from '../../core/canonical.ts';
import { renderOpenAIChatResult } from '../../formats/openai-chat/render-openai-chat-result.ts';
import { createOpenAIChatStreamRenderer } from '../../formats/openai-chat/render-openai-chat-stream.ts';
import { assembleStreamParts } from '../../formats/shared/assemble-stream-parts.ts';
import { createSseParser } from '../shared/sse-parser.ts';
import { parseOpenAIChatResponse } from './parse-openai-chat-response.ts';
import { createOpenAIChatStreamParser } from './parse-openai-chat-stream.ts';

const text = fc.string({ unit: 'grapheme', maxLength: 30 });
const partArbitrary = fc.oneof(
  fc.record({ type: fc.constant('text' as const), text }),
  fc.record({
    type: fc.constant('tool-call' as const),
    id: fc.string({ minLength: 1, maxLength: 12 }),
    name: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
    input: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  }),
  fc.record({ type: fc.constant('reasoning' as const), text }),
);

const resultArbitrary: fc.Arbitrary<CanonicalResult> = fc.record({
  id: fc.stringMatching(/^[a-zA-Z0-9_-]{1,24}$/),
  model: fc.constant('upstream-model'),
  content: fc.array(partArbitrary, { maxLength: 6 }),
  finishReason: fc.constantFrom(...finishReasons),
  usage: fc.record({
    inputTokens: fc.nat(),
    outputTokens: fc.nat(),
    cacheReadTokens: fc.nat(),
    cacheWriteTokens: fc.nat(),
    reasoningTokens: fc.option(fc.nat(), { nil: undefined }),
  }),
});

/** Cuts a string into fragments at the given positions (mod its length). */
function fragments(value: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (value.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(value.slice(start, point));
    start = point;
  }
  pieces.push(value.slice(start));
  return pieces;
}

/** The canonical stream a provider would emit for a result, with deltas cut at the given positions. */
function toStreamParts(result: CanonicalResult, cuts: readonly number[]): StreamPart[] {
  const parts: StreamPart[] = [{ type: 'start', id: result.id, model: result.model }];
  result.content.forEach((part, index) => {
    if (part.type === 'tool-call') {
      parts.push({ type: 'tool-call-start', index, id: part.id, name: part.name });
      for (const piece of fragments(JSON.stringify(part.input), cuts)) {
        parts.push({ type: 'tool-call-delta', index, argumentsDelta: piece });
      }
    } else {
      parts.push({ type: part.type === 'text' ? 'text-start' : 'reasoning-start', index });
      for (const piece of fragments(part.text, cuts)) {
        parts.push(
          part.type === 'text'
            ? { type: 'text-delta', index, text: piece }
            : { type: 'reasoning-delta', index, text: piece },
        );
      }
    }
    parts.push({ type: 'part-end', index });
  });
  parts.push({ type: 'finish', finishReason: result.finishReason, usage: result.usage });
  return parts;
}

/** What an OpenAI client sees: all text joined, then the tool calls. */
function openAIView(result: CanonicalResult): unknown {
  const texts = result.content.filter((part) => part.type === 'text').map((part) => part.text);
  return {
    id: result.id,
    model: result.model,
    text: texts.join(''),
    toolCalls: result.content.filter((part) => part.type === 'tool-call'),
    finishReason: result.finishReason,
    usage: result.usage,
  };
}

test('an OpenAI stream, split anywhere, reassembles to the same answer as the non-stream body', () => {
  fc.assert(
    fc.property(
      resultArbitrary,
      fc.array(fc.nat(), { maxLength: 4 }),
      fc.array(fc.nat(), { maxLength: 20 }),
      (result, deltaCuts, byteCuts) => {
        const options = { model: 'client-model', nowMs: 1_730_000_000_000 };
        const expected = parseOpenAIChatResponse(renderOpenAIChatResult(result, options));

        const renderer = createOpenAIChatStreamRenderer({ ...options, includeUsage: true });
        let sse = '';
        for (const part of toStreamParts(result, deltaCuts)) sse += renderer.push(part);
        sse += renderer.end();

        const parser = createOpenAIChatStreamParser();
        const parts: StreamPart[] = [];
        const events = createSseParser((event) => parts.push(...parser.push(event)));
        for (const chunk of splitAt(Buffer.from(sse, 'utf8'), byteCuts)) events.push(chunk);
        events.end();
        parts.push(...parser.end());
        const actual = assembleStreamParts(parts);

        assert.deepEqual(openAIView(actual), openAIView(expected));
        // When text precedes the tool calls (the only order OpenAI itself produces), the parts match exactly.
        const firstTool = result.content.findIndex((part) => part.type === 'tool-call');
        const textAfterTool = result.content.some(
          (part, index) => part.type === 'text' && part.text !== '' && index > firstTool && firstTool !== -1,
        );
        if (!textAfterTool) assert.deepEqual(actual, expected);
      },
    ),
  );
});
