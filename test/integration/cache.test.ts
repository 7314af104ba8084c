import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'undici';
import { type Stack, startStack } from '../helpers/start-stack.ts';

const config = (cache = '{ ttl_s: 60 }') => `
providers:
  - { id: openai, type: openai, api_key: sk-openai-secret, base_url: "\${SIM}/v1" }
  - { id: claude, type: anthropic, api_key: sk-ant-secret, base_url: "\${SIM}", models: [] }
routes:
  - model: smart
    targets: [ { provider: openai, model: gpt-5 } ]
    cache: ${cache}
  - model: claude-smart
    targets: [ { provider: claude, model: claude-sonnet-4-6 } ]
    cache: ${cache}
`;

async function withStack(
  configText: string,
  run: (stack: Stack, clock: { advance(ms: number): void }) => Promise<void>,
): Promise<void> {
  let nowMs = Date.now();
  const stack = await startStack(configText, { deps: { now: () => nowMs } });
  try {
    await run(stack, { advance: (ms) => (nowMs += ms) });
  } finally {
    await stack.close();
  }
}

const openai = (stack: Stack) => new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 0 });
// Under anthropic-version 2026-10-21 Anthropic rejects temperature; 2023-06-01 still takes it.
const anthropic = (stack: Stack) =>
  new Anthropic({
    baseURL: stack.url,
    apiKey: 'k',
    maxRetries: 0,
    defaultHeaders: { 'anthropic-version': '2023-06-01' },
  });
const question = [{ role: 'user' as const, content: 'Name three colours of the rainbow.' }];
// A variable, not a literal: the SDK's types no longer list temperature (2026-10-21), the 2023-06-01 API takes it.
const anthropicQuestion = { model: 'smart', max_tokens: 100, temperature: 0, messages: question };

async function ask(stack: Stack, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  const { data, response } = await openai(stack)
    .chat.completions.create({ model: 'smart', messages: question, temperature: 0, ...extra }, { headers })
    .withResponse();
  return { text: data.choices[0]?.message.content, cache: response.headers.get('x-outlast-cache') };
}

async function askStreamed(stack: Stack, extra: Record<string, unknown> = {}) {
  const { data, response } = await openai(stack)
    .chat.completions.create({ model: 'smart', messages: question, temperature: 0, stream: true, ...extra })
    .withResponse();
  let text = '';
  for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
  return { text, cache: response.headers.get('x-outlast-cache') };
}

describe('exact cache', () => {
  test('a repeated deterministic request is a hit with the same content, streamed and not', () =>
    withStack(config(), async (stack) => {
      const first = await ask(stack);
      assert.equal(first.cache, 'miss');
      assert.ok(first.text);
      await new Promise((resolve) => setImmediate(resolve));
      const second = await ask(stack);
      assert.deepEqual(second, { text: first.text, cache: 'hit' });
      const streamed = await askStreamed(stack);
      assert.deepEqual(streamed, { text: first.text, cache: 'hit' });
      assert.equal(stack.simulator.stats().total, 1);
    }));

  test('publishes outlast:cache:lookup with the route and the cache status', () =>
    withStack(config(), async (stack) => {
      const seen: { route: string; status: string }[] = [];
      const listener = (message: unknown) => seen.push(message as { route: string; status: string });
      subscribe('outlast:cache:lookup', listener);
      try {
        await ask(stack);
        await ask(stack);
        await ask(stack, { 'cache-control': 'no-store' });
      } finally {
        unsubscribe('outlast:cache:lookup', listener);
      }
      assert.deepEqual(
        seen.map((event) => `${event.route}:${event.status}`),
        ['smart:miss', 'smart:hit', 'smart:bypass'],
      );
    }));

  test('a streamed answer is stored as it is relayed, and replayed whole or streamed', () =>
    withStack(config(), async (stack) => {
      const first = await askStreamed(stack);
      assert.equal(first.cache, 'miss');
      const again = await askStreamed(stack);
      assert.deepEqual(again, { text: first.text, cache: 'hit' });
      assert.deepEqual(await ask(stack), { text: first.text, cache: 'hit' });
      assert.equal(stack.simulator.stats().total, 1);
    }));

  test('a tool call is replayed identically to an Anthropic client, streamed and not', () =>
    withStack(config(), async (stack) => {
      const client = anthropic(stack);
      const params = {
        model: 'claude-smart',
        max_tokens: 200,
        temperature: 0,
        tools: [
          {
            name: 'get_weather',
            description: 'Weather of a city',
            input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
          },
        ],
        messages: [{ role: 'user' as const, content: 'call get_weather for Paris' }],
      };
      const first = await client.messages.create(params).withResponse();
      assert.equal(first.response.headers.get('x-outlast-cache'), 'miss');
      const call = first.data.content.find((block) => block.type === 'tool_use');
      assert.ok(call, 'the simulator answers with a tool call');
      const second = await client.messages.create(params).withResponse();
      assert.equal(second.response.headers.get('x-outlast-cache'), 'hit');
      assert.deepEqual(second.data.content, first.data.content);
      assert.equal(second.data.stop_reason, 'tool_use');
      const stream = client.messages.stream(params);
      const final = await stream.finalMessage();
      assert.deepEqual(final.content, first.data.content);
      assert.equal(stack.simulator.stats().total, 1);
    }));

  test('an equal request from another client format on the same route hits', () =>
    withStack(config(), async (stack) => {
      const first = await ask(stack, {}, { max_tokens: 100 });
      assert.equal(first.cache, 'miss');
      const { data, response } = await anthropic(stack).messages.create(anthropicQuestion).withResponse();
      assert.equal(response.headers.get('x-outlast-cache'), 'hit');
      assert.equal(data.content[0]?.type === 'text' ? data.content[0].text : '', first.text);
    }));

  test('a request with temperature 1 is not cached unless the route says so', async () => {
    await withStack(config(), async (stack) => {
      assert.equal((await ask(stack, {}, { temperature: 1 })).cache, 'bypass');
      assert.equal((await ask(stack, {}, { temperature: 1 })).cache, 'bypass');
      assert.equal(stack.simulator.stats().total, 2);
    });
    await withStack(config('{ ttl_s: 60, nondeterministic: true }'), async (stack) => {
      assert.equal((await ask(stack, {}, { temperature: 1 })).cache, 'miss');
      assert.equal((await ask(stack, {}, { temperature: 1 })).cache, 'hit');
    });
  });

  test('no-store neither reads nor writes the cache', () =>
    withStack(config(), async (stack) => {
      assert.equal((await ask(stack, { 'cache-control': 'no-store' })).cache, 'bypass');
      assert.equal((await ask(stack)).cache, 'miss');
      assert.equal((await ask(stack, { 'cache-control': 'no-store' })).cache, 'bypass');
      assert.equal(stack.simulator.stats().total, 3);
    }));

  test('no-cache skips the lookup but stores; max-age accepts only younger entries', () =>
    withStack(config(), async (stack, clock) => {
      assert.equal((await ask(stack)).cache, 'miss');
      assert.equal((await ask(stack, { 'cache-control': 'no-cache' })).cache, 'miss');
      assert.equal(stack.simulator.stats().total, 2);
      clock.advance(10_000);
      assert.equal((await ask(stack, { 'cache-control': 'max-age=60' })).cache, 'hit');
      assert.equal((await ask(stack, { 'cache-control': 'max-age=5' })).cache, 'miss');
      assert.equal((await ask(stack, { 'cache-control': 'max-age=5' })).cache, 'hit');
    }));

  test('x-outlast-cache-ttl stores with that TTL', () =>
    withStack(config(), async (stack, clock) => {
      assert.equal((await ask(stack, { 'x-outlast-cache-ttl': '5' })).cache, 'miss');
      clock.advance(3000);
      assert.equal((await ask(stack)).cache, 'hit');
      clock.advance(3000);
      assert.equal((await ask(stack)).cache, 'miss');
    }));

  test('an x-outlast-cache-ttl that is not whole seconds is a 400 naming the header', () =>
    withStack(config(), async (stack) => {
      const response = await request(`${stack.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-outlast-cache-ttl': 'soon' },
        body: JSON.stringify({ model: 'smart', messages: question, temperature: 0 }),
      });
      assert.equal(response.statusCode, 400);
      const body = (await response.body.json()) as { error: { param: string; message: string } };
      assert.equal(body.error.param, 'x-outlast-cache-ttl');
      assert.equal(stack.simulator.stats().total, 0);
    }));

  test('a stream that breaks after it started is never stored', () =>
    withStack(config(), async (stack) => {
      stack.simulator.setFaults([{ fault: 'stream_error', after_events: 3, times: 1 }]);
      await assert.rejects(askStreamed(stack));
      assert.equal((await askStreamed(stack)).cache, 'miss');
      assert.equal((await askStreamed(stack)).cache, 'hit');
    }));

  test('an upstream error is never stored', () =>
    withStack(config(), async (stack) => {
      stack.simulator.setFaults([{ fault: 'error', status: 400, error_type: 'invalid_request_error' }]);
      await assert.rejects(ask(stack));
      stack.simulator.clearFaults();
      assert.equal((await ask(stack)).cache, 'miss');
    }));
});

test('answers stored in the data directory survive a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'outlast-cache-'));
  try {
    const first = await startStack(config(), { dataDir });
    const answer = await ask(first);
    assert.equal(answer.cache, 'miss');
    await first.close();
    const second = await startStack(config(), { dataDir });
    try {
      assert.deepEqual(await ask(second), { text: answer.text, cache: 'hit' });
      assert.equal(second.simulator.stats().total, 0);
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('coalescing', () => {
  test('identical concurrent requests share one upstream call, each rendered for its own client', () =>
    withStack(config(), async (stack) => {
      stack.simulator.configure({ latencyMs: 300 });
      const sameParams = { max_tokens: 100 };
      const results = await Promise.all([
        ...Array.from({ length: 4 }, () => ask(stack, {}, sameParams)),
        askStreamed(stack, sameParams),
        anthropic(stack)
          .messages.create(anthropicQuestion)
          .withResponse()
          .then(({ data, response }) => ({
            text: data.content[0]?.type === 'text' ? data.content[0].text : '',
            cache: response.headers.get('x-outlast-cache'),
          })),
      ]);
      assert.equal(stack.simulator.stats().total, 1, 'six requests, two formats, streamed and not: one upstream call');
      assert.equal(new Set(results.map((result) => result.text)).size, 1);
      assert.equal(results.filter((result) => result.cache === 'miss').length, 1);
      assert.equal(results.filter((result) => result.cache === 'hit').length, 5);
    }));

  test('a follower whose client disconnects does not cancel the leader', () =>
    withStack(config(), async (stack) => {
      stack.simulator.configure({ latencyMs: 300 });
      const leader = ask(stack);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const controller = new AbortController();
      const follower = openai(stack).chat.completions.create(
        { model: 'smart', messages: question, temperature: 0 },
        { signal: controller.signal },
      );
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(follower);
      const answer = await leader;
      assert.equal(answer.cache, 'miss');
      assert.ok(answer.text);
      assert.equal(stack.simulator.stats().total, 1);
      assert.equal(stack.simulator.stats().cancelled, 0);
    }));
});
