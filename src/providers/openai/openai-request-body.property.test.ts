import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type {
  CanonicalMessage,
  CanonicalRequest,
  ContentPart,
  DocumentPart,
  ImagePart,
  TextPart,
  ToolCallPart,
} from '../../core/canonical.ts';
import { parseOpenAIChatRequest } from '../../formats/openai-chat/parse-openai-chat-request.ts';
import { toOpenAIChatBody } from './openai-request-body.ts';

const nonEmptyText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
const textPart: fc.Arbitrary<TextPart> = nonEmptyText.map((text) => ({ type: 'text', text }));
/** Valid OpenAI names and names that must be shortened (dots, spaces, over 64 characters). */
const toolName = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9_-]{1,64}$/),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
);
const imagePart: fc.Arbitrary<ImagePart> = fc.oneof(
  fc.record({
    type: fc.constant('image' as const),
    source: fc.record({
      kind: fc.constant('base64' as const),
      mediaType: fc.constantFrom('image/png', 'image/jpeg', 'image/gif', 'image/webp'),
      data: fc.base64String({ minLength: 4, maxLength: 24 }),
    }),
  }),
  fc.record({
    type: fc.constant('image' as const),
    source: fc.record({ kind: fc.constant('url' as const), url: fc.webUrl({ validSchemes: ['https'] }) }),
  }),
);
const documentPart: fc.Arbitrary<DocumentPart> = fc.record({
  type: fc.constant('document' as const),
  source: fc.record({
    kind: fc.constant('base64' as const),
    mediaType: fc.constant('application/pdf'),
    data: fc.base64String({ minLength: 4, maxLength: 24 }),
  }),
  title: fc.stringMatching(/^[a-z0-9]{1,8}\.pdf$/),
});
const userPart = fc.oneof(textPart, imagePart, documentPart);
const input = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });

const turn = fc.record({
  userParts: fc.array(userPart, { maxLength: 3 }),
  resultTexts: fc.array(fc.option(nonEmptyText, { nil: undefined }), { minLength: 1, maxLength: 3 }),
  assistantText: fc.option(nonEmptyText, { nil: undefined }),
  calls: fc.array(fc.record({ id: fc.stringMatching(/^[a-zA-Z0-9_-]{1,30}$/), name: toolName, input }), {
    maxLength: 3,
  }),
});

type Turn = typeof turn extends fc.Arbitrary<infer T> ? T : never;

/** A well-formed conversation: user first, turns alternating, tool results answering every call of the turn before. */
function conversation(turns: Turn[]): CanonicalMessage[] {
  const messages: CanonicalMessage[] = [];
  let pending: ToolCallPart[] = [];
  turns.forEach((current, turnIndex) => {
    const user: ContentPart[] = pending.map((call, index) => {
      const text = current.resultTexts[index % current.resultTexts.length];
      return {
        type: 'tool-result',
        toolCallId: call.id,
        toolName: call.name,
        content: text === undefined ? [] : [{ type: 'text', text }],
        isError: false,
      };
    });
    user.push(...current.userParts);
    if (user.length === 0) user.push({ type: 'text', text: 'Go on.' });
    messages.push({ role: 'user', content: user });
    pending = current.calls.map((call, index) => ({
      type: 'tool-call',
      ...call,
      id: `${call.id}_${turnIndex}_${index}`,
    }));
    const assistant: ContentPart[] = [];
    if (current.assistantText !== undefined) assistant.push({ type: 'text', text: current.assistantText });
    assistant.push(...pending);
    if (assistant.length === 0) assistant.push({ type: 'text', text: 'OK.' });
    messages.push({ role: 'assistant', content: assistant });
  });
  return messages;
}

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const requestArbitrary = fc
  .record({
    system: fc.array(textPart, { maxLength: 3 }),
    turns: fc.array(turn, { minLength: 1, maxLength: 4 }),
    dropLastAssistant: fc.boolean(),
    maxTokens: optional(fc.integer({ min: 1, max: 100_000 })),
    temperature: optional(fc.double({ min: 0, max: 2, noNaN: true })),
    topP: optional(fc.double({ min: 0, max: 1, noNaN: true })),
    stopSequences: optional(fc.array(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 })),
    tools: fc.uniqueArray(
      fc.record(
        {
          name: toolName,
          description: fc.string({ maxLength: 20 }),
          inputSchema: fc.record({
            type: fc.constant('object'),
            properties: fc.dictionary(fc.string(), fc.record({ type: fc.constantFrom('string', 'number') })),
          }),
          strict: fc.boolean(),
        },
        { requiredKeys: ['name', 'inputSchema'] },
      ),
      { maxLength: 3, selector: (tool) => tool.name },
    ),
    toolChoice: optional(
      fc.oneof(
        fc.constantFrom({ type: 'auto' as const }, { type: 'required' as const }, { type: 'none' as const }),
        toolName.map((name) => ({ type: 'tool' as const, name })),
      ),
    ),
    parallelToolCalls: optional(fc.boolean()),
    responseFormat: optional(
      fc.oneof(
        fc.constantFrom({ type: 'text' as const }, { type: 'json-object' as const }),
        fc.record(
          {
            type: fc.constant('json-schema' as const),
            name: fc.stringMatching(/^[a-zA-Z0-9_-]{1,20}$/),
            schema: fc.constant({ type: 'object', properties: { answer: { type: 'string' } } }),
            strict: fc.boolean(),
          },
          { requiredKeys: ['type', 'name', 'schema'] },
        ),
      ),
    ),
    stream: fc.boolean(),
    user: optional(fc.string({ maxLength: 10 })),
  })
  .map((generated): CanonicalRequest => {
    const { turns, dropLastAssistant, tools, ...rest } = generated;
    const messages = conversation(turns);
    if (dropLastAssistant) messages.pop();
    const request: CanonicalRequest = { model: 'client-model', messages, ...rest };
    if (tools.length > 0) request.tools = tools;
    for (const key of Object.keys(request) as (keyof CanonicalRequest)[]) {
      if (request[key] === undefined) delete request[key];
    }
    return request;
  });

/** What the table preserves: everything, except that tool inputs go through JSON and parallel_tool_calls needs tools. */
function preserved(request: CanonicalRequest): CanonicalRequest {
  const expected: CanonicalRequest = JSON.parse(JSON.stringify(request));
  expected.model = 'upstream-model';
  if (expected.tools === undefined) delete expected.parallelToolCalls;
  return expected;
}

/** Maps every tool name in a parsed request back through restoreToolName. */
function restoreNames(request: CanonicalRequest, restore: (sent: string) => string): CanonicalRequest {
  const messages = request.messages.map((message) => ({
    ...message,
    content: message.content.map((part) => {
      if (part.type === 'tool-call') return { ...part, name: restore(part.name) };
      if (part.type === 'tool-result' && part.toolName !== undefined)
        return { ...part, toolName: restore(part.toolName) };
      return part;
    }),
  }));
  const restored: CanonicalRequest = { ...request, messages };
  if (request.tools !== undefined)
    restored.tools = request.tools.map((tool) => ({ ...tool, name: restore(tool.name) }));
  if (request.toolChoice?.type === 'tool')
    restored.toolChoice = { type: 'tool', name: restore(request.toolChoice.name) };
  return restored;
}

test('a canonical request survives rendering as an OpenAI body and parsing it back', () => {
  fc.assert(
    fc.property(requestArbitrary, (request) => {
      const rendered = toOpenAIChatBody(request, { model: 'upstream-model' });
      assert.deepEqual(rendered.warnings, []);
      const parsed = parseOpenAIChatRequest(JSON.parse(JSON.stringify(rendered.body)));
      assert.deepEqual(parsed.warnings, []);
      assert.deepEqual(restoreNames(parsed.request, rendered.restoreToolName), preserved(request));
    }),
  );
});
