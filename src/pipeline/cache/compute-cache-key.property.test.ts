import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { computeCacheKey } from './compute-cache-key.ts';

const text = fc.string({ minLength: 1, maxLength: 20 });

/** Arbitrary OpenAI chat bodies with a system message, turns, sampling, tools and a seed. */
const openaiBody = fc.record(
  {
    model: fc.constant('smart'),
    messages: fc
      .tuple(
        fc.option(text, { nil: undefined }),
        fc.array(fc.tuple(fc.constantFrom('user', 'assistant'), text), { minLength: 1, maxLength: 4 }),
      )
      .map(([system, turns]) => [
        ...(system === undefined ? [] : [{ role: 'system', content: system }]),
        ...turns.map(([role, content]) => ({ role, content })),
      ]),
    temperature: fc.constantFrom(0, 0.5, 1),
    max_tokens: fc.integer({ min: 1, max: 4000 }),
    top_p: fc.double({ min: 0.1, max: 1, noNaN: true }),
    stop: fc.array(text, { minLength: 1, maxLength: 2 }),
    seed: fc.integer({ min: 0, max: 1000 }),
    tools: fc.constant([
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } },
    ]),
  },
  { requiredKeys: ['model', 'messages'] },
);

/** The same value with every object's keys in another order. */
function shuffleKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, random));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).sort(() => random() - 0.5);
  return Object.fromEntries(entries.map(([key, member]) => [key, shuffleKeys(member, random)]));
}

const keyOf = (body: Record<string, unknown>, namespace = 'smart') =>
  computeCacheKey({ format: 'openai', body, namespace }).key;

test('the cache key is stable under key order', () => {
  fc.assert(
    fc.property(openaiBody, fc.integer(), (body, seed) => {
      let state = seed;
      const random = () => {
        state = (state * 1103515245 + 12345) & 0x7fffffff;
        return state / 0x7fffffff;
      };
      assert.equal(keyOf(shuffleKeys(body, random) as Record<string, unknown>), keyOf(body));
    }),
  );
});

test('the cache key ignores the stream flag, the user, metadata and the model name sent', () => {
  fc.assert(
    fc.property(openaiBody, fc.boolean(), text, (body, stream, user) => {
      const noisy = { ...body, stream, stream_options: { include_usage: true }, user, store: true, model: 'alias' };
      assert.equal(keyOf(noisy), keyOf(body));
    }),
  );
});

const changes: [string, (body: Record<string, unknown>) => Record<string, unknown>][] = [
  ['temperature', (body) => ({ ...body, temperature: (body.temperature as number | undefined) === 0.25 ? 0.3 : 0.25 })],
  ['max_tokens', (body) => ({ ...body, max_tokens: ((body.max_tokens as number | undefined) ?? 0) + 1 })],
  ['top_p', (body) => ({ ...body, top_p: (body.top_p as number | undefined) === 0.05 ? 0.06 : 0.05 })],
  ['stop', (body) => ({ ...body, stop: [...((body.stop as string[] | undefined) ?? []), 'END'] })],
  ['seed', (body) => ({ ...body, seed: ((body.seed as number | undefined) ?? 0) + 1 })],
  [
    'last message',
    (body) => {
      const messages = body.messages as { role: string; content: string }[];
      const last = messages.at(-1)!;
      return { ...body, messages: [...messages.slice(0, -1), { ...last, content: `${last.content}!` }] };
    },
  ],
  ['system', (body) => ({ ...body, messages: [{ role: 'system', content: 'be brief' }, ...(body.messages as [])] })],
  ['tools', (body) => ({ ...body, tools: [{ type: 'function', function: { name: 'other_tool', parameters: {} } }] })],
  ['tool_choice', (body) => ({ ...body, tools: body.tools ?? [], tool_choice: 'none' })],
  ['response_format', (body) => ({ ...body, response_format: { type: 'json_object' } })],
  ['frequency_penalty', (body) => ({ ...body, frequency_penalty: 0.5 })],
];

test('the cache key changes with every field that changes the answer', () => {
  fc.assert(
    fc.property(openaiBody, fc.constantFrom(...changes), (body, [field, change]) => {
      assert.notEqual(keyOf(change(body)), keyOf(body), `changing ${field} must change the key`);
    }),
  );
});

test('the cache key changes with the namespace (route)', () => {
  fc.assert(fc.property(openaiBody, (body) => assert.notEqual(keyOf(body, 'a'), keyOf(body, 'b'))));
});

test('an OpenAI and an Anthropic request asking the same thing share a key', () => {
  const messages = [{ role: 'user', content: 'hello there' }];
  const fromOpenAI = computeCacheKey({
    format: 'openai',
    body: { model: 'smart', messages, max_tokens: 50, temperature: 0 },
    namespace: 'smart',
  });
  const fromAnthropic = computeCacheKey({
    format: 'anthropic',
    body: { model: 'smart', messages, max_tokens: 50, temperature: 0, metadata: { user_id: 'u1' } },
    namespace: 'smart',
  });
  assert.equal(fromAnthropic.key, fromOpenAI.key);
  assert.equal(fromAnthropic.lastUserText, 'hello there');
});

test('the context hash ignores only the last user turn', () => {
  const base = { model: 'smart', messages: [{ role: 'user', content: 'What is the capital of France?' }] };
  const other = { model: 'smart', messages: [{ role: 'user', content: 'Capital of Spain?' }] };
  const withSystem = { ...other, messages: [{ role: 'system', content: 'x' }, ...other.messages] };
  const keyed = (body: Record<string, unknown>) => computeCacheKey({ format: 'openai', body, namespace: 'smart' });
  assert.equal(keyed(base).contextHash, keyed(other).contextHash);
  assert.notEqual(keyed(base).key, keyed(other).key);
  assert.notEqual(keyed(withSystem).contextHash, keyed(base).contextHash);
});
