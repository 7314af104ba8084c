import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { z } from 'zod';
import {
  acceptsAnthropicCountTokensRequest,
  acceptsAnthropicMessagesRequest,
  anthropicCountTokensRequestSchema,
  anthropicMessagesRequestSchema,
} from './anthropic-messages/anthropic-request-schema.ts';
import { acceptsGeminiGenerateRequest, geminiGenerateRequestSchema } from './gemini/gemini-request-schema.ts';
import {
  acceptsOpenAIChatRequest,
  acceptsOpenAIEmbeddingsRequest,
  openaiChatRequestSchema,
  openaiEmbeddingsRequestSchema,
} from './openai-chat/openai-chat-request-schema.ts';
import {
  acceptsOpenAIResponsesRequest,
  openaiResponsesRequestSchema,
} from './openai-responses/openai-responses-request-schema.ts';

/** Values of every JSON kind, and the odd ones JSON.parse can also give (1e400 is Infinity), plus undefined. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, true, false, '', 'x', 'user', 0, -0, 1, -1, 1.5, 2 ** 53, Infinity, -Infinity),
  fc.string({ maxLength: 4 }),
  fc.array(fc.constantFrom(null, 'a', 1, {}), { maxLength: 2 }),
  fc.constantFrom({}, { type: 1 }, { type: 'text' }, { parts: [] }, []),
);

/** Mostly `valid`, sometimes anything at all. */
const near = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight: 14 }, { arbitrary: junk, weight: 1 });
/** One of the `valid` values mostly, else one of the `invalid` ones or anything at all. */
const some = (valid: unknown[], invalid: unknown[] = []) =>
  invalid.length === 0
    ? near(fc.constantFrom(...valid))
    : fc.oneof(
        { arbitrary: fc.constantFrom(...valid), weight: 12 },
        { arbitrary: fc.constantFrom(...invalid), weight: 1 },
        { arbitrary: junk, weight: 1 },
      );
const listOf = (element: fc.Arbitrary<unknown>) => near(fc.array(element, { maxLength: 3 }));
const partial = (fields: Record<string, fc.Arbitrary<unknown>>) => near(fc.record(fields, { requiredKeys: [] }));
/** A body: each field present or not; the fields named in `usually` are present four times in five. */
const body = (fields: Record<string, fc.Arbitrary<unknown>>, usually: string[]) =>
  fc.record(
    Object.fromEntries(
      Object.entries(fields).map(([key, value]) => [
        key,
        usually.includes(key)
          ? fc.oneof({ arbitrary: value, weight: 4 }, { arbitrary: fc.constant(undefined), weight: 1 })
          : value,
      ]),
    ),
    { requiredKeys: usually },
  ) as fc.Arbitrary<Record<string, unknown>>;

const typed = partial({ type: some(['text', 'image_url', 'function']), text: fc.string({ maxLength: 3 }) });
const counts = some([1, 2, 100], [0, -1, 1.5]);
const flag = some([true, false, null]);

function equalsSchema(
  name: string,
  accepts: (body: Record<string, unknown>) => boolean,
  schema: z.ZodType,
  bodies: fc.Arbitrary<Record<string, unknown>>,
): void {
  test(`the quick check of ${name} accepts exactly what its schema accepts`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(bodies, (candidate) => {
        const quick = accepts(candidate);
        if (quick) accepted += 1;
        assert.equal(quick, schema.safeParse(candidate).success, JSON.stringify(candidate));
      }),
      { numRuns: 4_000 },
    );
    // Both sides of the check are exercised, not just the refusals.
    assert.ok(accepted > 100, `only ${accepted} generated bodies were valid`);
  });
}

equalsSchema(
  'OpenAI chat',
  acceptsOpenAIChatRequest,
  openaiChatRequestSchema,
  body(
    {
      model: some(['gpt'], ['']),
      messages: listOf(
        partial({
          role: some(['system', 'developer', 'user', 'assistant', 'tool', 'function'], ['robot']),
          content: near(fc.oneof(fc.string({ maxLength: 3 }), fc.constant(null), fc.array(typed, { maxLength: 2 }))),
        }),
      ),
      stream: flag,
      stream_options: near(fc.oneof(fc.constant(null), fc.record({ include_usage: flag }, { requiredKeys: [] }))),
      max_tokens: counts,
      max_completion_tokens: counts,
      n: counts,
      tools: listOf(typed),
      temperature: some([0, 1]),
    },
    ['model', 'messages'],
  ),
);

equalsSchema(
  'OpenAI embeddings',
  acceptsOpenAIEmbeddingsRequest,
  openaiEmbeddingsRequestSchema,
  body(
    {
      model: some(['text-embedding'], ['']),
      input: near(fc.oneof(fc.string({ maxLength: 3 }), fc.array(fc.string(), { maxLength: 2 }))),
      dimensions: counts,
      encoding_format: some(['float', 'base64'], ['hex']),
    },
    ['model', 'input'],
  ),
);

equalsSchema(
  'OpenAI responses',
  acceptsOpenAIResponsesRequest,
  openaiResponsesRequestSchema,
  body(
    {
      model: some(['gpt'], ['']),
      input: near(
        fc.oneof(
          fc.string({ maxLength: 3 }),
          fc.array(partial({ type: some(['message'], [3]), role: some(['user']) }), { maxLength: 3 }),
        ),
      ),
      stream: flag,
      store: flag,
      previous_response_id: some(['resp_1', null], ['']),
      instructions: some(['be brief', '', null], [3]),
      max_output_tokens: counts,
      tools: listOf(typed),
      background: flag,
    },
    ['model', 'input'],
  ),
);

const blocks = fc.array(typed, { maxLength: 2 });
const anthropicMessage = partial({
  role: some(['user', 'assistant', 'system'], ['model']),
  content: near(fc.oneof(fc.string({ maxLength: 3 }), blocks)),
});

equalsSchema(
  'Anthropic messages',
  acceptsAnthropicMessagesRequest,
  anthropicMessagesRequestSchema,
  body(
    {
      model: some(['claude'], ['']),
      max_tokens: some([0, 1, 1024], [-1, 2.5, 2 ** 53]),
      messages: listOf(anthropicMessage),
      system: near(fc.oneof(fc.string({ maxLength: 3 }), blocks)),
      stream: some([true, false]),
      tools: listOf(partial({ name: some(['get_weather'], [7]) })),
    },
    ['model', 'max_tokens', 'messages'],
  ),
);

equalsSchema(
  'Anthropic count_tokens',
  acceptsAnthropicCountTokensRequest,
  anthropicCountTokensRequestSchema,
  body({ model: some(['claude'], ['']), messages: listOf(anthropicMessage) }, ['model', 'messages']),
);

const parts = near(fc.array(near(fc.record({ text: fc.string({ maxLength: 3 }) })), { maxLength: 2 }));

equalsSchema(
  'Gemini generateContent',
  acceptsGeminiGenerateRequest,
  geminiGenerateRequestSchema,
  body(
    {
      contents: listOf(partial({ role: some(['user', 'model', 'function'], ['assistant']), parts })),
      systemInstruction: partial({ parts }),
      tools: listOf(near(fc.constant({ functionDeclarations: [] }))),
      toolConfig: near(fc.constant({ functionCallingConfig: { mode: 'AUTO' } })),
      generationConfig: partial({
        candidateCount: counts,
        maxOutputTokens: counts,
        temperature: some([0, 0.7, 2]),
        topP: some([0.9]),
        topK: some([40, 1.5]),
        stopSequences: listOf(some(['END'], [3])),
      }),
    },
    ['contents'],
  ),
);
