import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type {
  CanonicalMessage,
  CanonicalRequest,
  ContentPart,
  ToolCallPart,
  ToolResultPart,
} from '../../core/canonical.ts';
import { parseAnthropicRequest } from '../../formats/anthropic-messages/parse-anthropic-request.ts';
import { sanitizeToolId } from '../../formats/anthropic-messages/sanitize-tool-id.ts';
import { toAnthropicBody } from './anthropic-request-body.ts';

const text = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 20 })
  .map((value) => ({ type: 'text' as const, text: value }));
const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
const image = fc.oneof(
  fc.record({
    type: fc.constant('image' as const),
    source: fc.record({
      kind: fc.constant('base64' as const),
      mediaType: fc.constantFrom('image/jpeg', 'image/png', 'image/gif', 'image/webp'),
      data: fc.base64String({ maxLength: 12 }),
    }),
  }),
  fc.record({
    type: fc.constant('image' as const),
    source: fc.record({ kind: fc.constant('url' as const), url: fc.webUrl() }),
  }),
);
const document = fc.record(
  {
    type: fc.constant('document' as const),
    source: fc.oneof(
      fc.record({
        kind: fc.constant('base64' as const),
        mediaType: fc.constant('application/pdf'),
        data: fc.base64String(),
      }),
      fc.record({ kind: fc.constant('text' as const), text: fc.string() }),
      fc.record({ kind: fc.constant('url' as const), url: fc.webUrl() }),
    ),
    title: fc.string({ maxLength: 10 }),
  },
  { requiredKeys: ['type', 'source'] },
);
const toolCall = fc.record({
  id: fc.string({ maxLength: 16 }),
  name: fc.string({ minLength: 1, maxLength: 12 }),
  input: jsonObject,
});
const reasoning = fc.record({
  type: fc.constant('reasoning' as const),
  text: fc.string(),
  signature: fc.string({ minLength: 1 }),
});

/** One user/assistant exchange: the user's parts, then the assistant's text, calls and signed reasoning. */
const exchange = fc.record({
  user: fc.array(fc.oneof(text, image, document), { minLength: 1, maxLength: 3 }),
  assistant: fc.array(fc.oneof(text, reasoning), { maxLength: 2 }),
  calls: fc.array(toolCall, { maxLength: 2 }),
  results: fc.array(fc.record({ content: fc.array(fc.oneof(text, image), { maxLength: 2 }), isError: fc.boolean() })),
});

type Exchange = typeof exchange extends fc.Arbitrary<infer Value> ? Value : never;

/**
 * A conversation the table preserves: alternating turns, tool results first in the user turn after the calls they
 * answer, non-empty text. Ids get a turn-unique suffix with a character Anthropic rejects, so every one is sanitised.
 */
function conversation(exchanges: Exchange[]): { sent: CanonicalMessage[]; expected: CanonicalMessage[] } {
  const sent: CanonicalMessage[] = [];
  const expected: CanonicalMessage[] = [];
  let previousCalls: ToolCallPart[] = [];
  exchanges.forEach((turn, turnIndex) => {
    const results: ToolResultPart[] = previousCalls.map((call, index) => ({
      type: 'tool-result',
      toolCallId: call.id,
      toolName: call.name,
      content: turn.results[index]?.content ?? [],
      isError: turn.results[index]?.isError ?? false,
    }));
    sent.push({ role: 'user', content: [...results, ...turn.user] });
    const sanitizedResults = results.map((result) => ({ ...result, toolCallId: sanitizeToolId(result.toolCallId) }));
    expected.push({ role: 'user', content: [...sanitizedResults, ...turn.user] });
    const calls: ToolCallPart[] = turn.calls.map((call, index) => ({
      type: 'tool-call',
      ...call,
      id: `${call.id}#${turnIndex}.${index}`,
    }));
    const answer: ContentPart[] = turn.assistant.length + calls.length === 0 ? [{ type: 'text', text: 'ok' }] : [];
    sent.push({ role: 'assistant', content: [...turn.assistant, ...calls, ...answer] });
    const sanitizedCalls = calls.map((call) => ({ ...call, id: sanitizeToolId(call.id) }));
    expected.push({ role: 'assistant', content: [...turn.assistant, ...sanitizedCalls, ...answer] });
    previousCalls = calls;
  });
  return { sent, expected };
}

const requestArbitrary = fc
  .record({
    system: fc.array(text, { maxLength: 2 }),
    exchanges: fc.array(exchange, { minLength: 1, maxLength: 3 }),
    tools: fc.uniqueArray(
      fc.record(
        {
          name: fc.string({ minLength: 1, maxLength: 12 }),
          description: fc.string(),
          inputSchema: jsonObject,
          strict: fc.boolean(),
        },
        { requiredKeys: ['name', 'inputSchema'] },
      ),
      { selector: (tool) => tool.name, maxLength: 3 },
    ),
    choice: fc.constantFrom('auto', 'required', 'none', 'tool', undefined),
    parallelToolCalls: fc.constantFrom(false, undefined),
    maxTokens: fc.nat(200_000),
    temperature: fc.option(fc.double({ min: 0, max: 1, noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
    stopSequences: fc.option(fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }), { nil: undefined }),
    stream: fc.boolean(),
  })
  // Plain JSON values only, as a parsed body holds (fast-check also makes null-prototype objects).
  .map((generated) => JSON.parse(JSON.stringify(generated)) as typeof generated)
  .map((fields) => {
    const { sent, expected } = conversation(fields.exchanges);
    const base = {
      model: 'claude-sonnet-4-5',
      system: fields.system,
      maxTokens: fields.maxTokens,
      stream: fields.stream,
    };
    const request: CanonicalRequest = { ...base, messages: sent };
    const preserved: CanonicalRequest = { ...base, messages: expected };
    if (fields.temperature !== undefined) request.temperature = preserved.temperature = fields.temperature;
    if (fields.stopSequences !== undefined) request.stopSequences = preserved.stopSequences = fields.stopSequences;
    if (fields.tools.length > 0) {
      request.tools = preserved.tools = fields.tools;
      const first = fields.tools[0]?.name ?? '';
      const choice =
        fields.choice === 'tool' ? { type: 'tool' as const, name: first } : fields.choice && { type: fields.choice };
      if (choice !== undefined) request.toolChoice = preserved.toolChoice = choice;
      if (fields.parallelToolCalls === false && choice?.type !== 'none') {
        request.parallelToolCalls = preserved.parallelToolCalls = false;
        // Anthropic carries the flag inside tool_choice, so it comes back with an explicit `auto`.
        preserved.toolChoice ??= { type: 'auto' };
      }
    }
    return { request, preserved };
  });

test('an Anthropic body read back gives the canonical request it was made from, tool ids sanitised', () => {
  fc.assert(
    fc.property(requestArbitrary, ({ request, preserved }) => {
      const rendered = toAnthropicBody(request, { model: 'claude-sonnet-4-5', anthropicVersion: '2023-06-01' });
      const parsed = parseAnthropicRequest(rendered.body);
      assert.deepEqual(rendered.warnings, []);
      assert.deepEqual(parsed.warnings, []);
      assert.deepEqual(parsed.request, preserved);
    }),
  );
});
