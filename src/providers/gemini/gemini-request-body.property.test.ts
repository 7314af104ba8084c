import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { CanonicalMessage, CanonicalRequest, ContentPart } from '../../core/canonical.ts';
import { parseGeminiRequest } from '../../formats/gemini/parse-gemini-request.ts';
import { toGeminiBody } from './gemini-request-body.ts';

const text = fc.string({ minLength: 1, maxLength: 20 });
const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
const input = fc
  .dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })
  .map((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>);

const userPart = fc.oneof(
  text.map((value): ContentPart => ({ type: 'text', text: value })),
  fc
    .base64String({ minLength: 4, maxLength: 16 })
    .map((data): ContentPart => ({ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data } })),
);

/** A conversation of alternating turns where every call of an assistant turn is answered in the next user turn. */
const conversation = fc
  .array(
    fc.record({
      question: fc.array(userPart, { minLength: 1, maxLength: 3 }),
      answer: fc.array(text, { maxLength: 2 }),
      calls: fc.array(fc.record({ name, input, result: fc.string({ maxLength: 12 }), isError: fc.boolean() }), {
        maxLength: 3,
      }),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((turns) => {
    const messages: CanonicalMessage[] = [];
    let pending: ContentPart[] = [];
    turns.forEach((turn, index) => {
      messages.push({ role: 'user', content: [...pending, ...turn.question] });
      const calls = turn.calls.map((call, at) => ({ ...call, id: `id_${index}_${at}` }));
      const content: ContentPart[] = [
        ...turn.answer.map((value): ContentPart => ({ type: 'text', text: value })),
        ...calls.map((call): ContentPart => ({ type: 'tool-call', id: call.id, name: call.name, input: call.input })),
      ];
      if (content.length > 0) messages.push({ role: 'assistant', content });
      pending = calls.map((call) => ({
        type: 'tool-result',
        toolCallId: call.id,
        toolName: call.name,
        content: call.result === '' ? [] : [{ type: 'text', text: call.result }],
        isError: call.isError,
      }));
    });
    return messages;
  });

const requestArbitrary = fc
  .record({
    system: fc.array(text, { maxLength: 2 }),
    messages: conversation,
    maxTokens: fc.option(fc.integer({ min: 1, max: 8192 }), { nil: undefined }),
    temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
    topP: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    topK: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
    stopSequences: fc.option(fc.array(text, { minLength: 1, maxLength: 5 }), { nil: undefined }),
    tools: fc.option(fc.array(fc.record({ name, description: text }), { minLength: 1, maxLength: 3 }), {
      nil: undefined,
    }),
    toolChoice: fc.constantFrom('auto', 'required', 'none', 'tool', undefined),
    json: fc.constantFrom('object', 'schema', undefined),
    stream: fc.boolean(),
  })
  .map((fields): CanonicalRequest => {
    const request: CanonicalRequest = {
      model: 'route',
      system: fields.system.map((value) => ({ type: 'text', text: value })),
      messages: fields.messages,
      stream: fields.stream,
    };
    if (fields.maxTokens !== undefined) request.maxTokens = fields.maxTokens;
    if (fields.temperature !== undefined) request.temperature = fields.temperature;
    if (fields.topP !== undefined) request.topP = fields.topP;
    if (fields.topK !== undefined) request.topK = fields.topK;
    if (fields.stopSequences !== undefined) request.stopSequences = fields.stopSequences;
    if (fields.tools !== undefined) {
      request.tools = fields.tools.map((tool) => ({
        name: tool.name,
        description: tool.description,
        inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
      }));
      const first = fields.tools[0]!.name;
      if (fields.toolChoice !== undefined)
        request.toolChoice = fields.toolChoice === 'tool' ? { type: 'tool', name: first } : { type: fields.toolChoice };
    }
    if (fields.json === 'object') request.responseFormat = { type: 'json-object' };
    if (fields.json === 'schema')
      request.responseFormat = { type: 'json-schema', name: 'response', schema: { type: 'object' } };
    return request;
  });

/** Gemini merges consecutive turns of one role: the expected reading of a conversation. */
function mergeTurns(messages: CanonicalMessage[]): CanonicalMessage[] {
  const merged: CanonicalMessage[] = [];
  for (const message of messages) {
    const last = merged.at(-1);
    if (last?.role === message.role) last.content = [...last.content, ...message.content];
    else merged.push({ role: message.role, content: [...message.content] });
  }
  return merged;
}

test('a canonical request sent to Gemini and read back as a Gemini request keeps its meaning', () => {
  fc.assert(
    fc.property(requestArbitrary, (request) => {
      const built = toGeminiBody(request, { model: 'gemini-2.5-flash' });
      assert.deepEqual(built.warnings, []);
      const body = JSON.parse(JSON.stringify(built.body)) as Record<string, unknown>;
      const parsed = parseGeminiRequest(body, { model: request.model, stream: request.stream });
      assert.deepEqual(parsed.warnings, []);
      const expected = JSON.parse(JSON.stringify({ ...request, messages: mergeTurns(request.messages) }));
      assert.deepEqual(parsed.request, expected);
    }),
  );
});
