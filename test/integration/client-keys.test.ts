import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { type Stack, startStack } from '../helpers/start-stack.ts';

const adminKey = 'admin-test-secret';

const config = (extra = '') => `
providers:
  - { id: anthropic, type: anthropic, api_key: sk-ant-provider-secret, base_url: "\${SIM}" }
  - { id: openai, type: openai, api_key: sk-openai-provider-secret, base_url: "\${SIM}/v1" }
routes:
  - model: smart
    targets: [ { provider: anthropic, model: claude-sonnet-4-6 } ]
  - model: fast
    targets: [ { provider: openai, model: gpt-5-mini } ]
  - model: other
    targets: [ { provider: openai, model: gpt-5 } ]
${extra}`;

async function admin(stack: Stack, method: string, path: string, body?: unknown) {
  const response = await fetch(`${stack.url}/admin/api${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
}

async function createKey(stack: Stack, body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const created = await admin(stack, 'POST', '/keys', body);
  assert.equal(created.status, 201, created.text);
  return JSON.parse(created.text) as { id: string; key: string };
}

const openai = (stack: Stack, apiKey: string, maxRetries = 0) =>
  new OpenAI({ baseURL: `${stack.url}/v1`, apiKey, maxRetries });
const anthropic = (stack: Stack, apiKey: string, maxRetries = 0) =>
  new Anthropic({ baseURL: stack.url, apiKey, maxRetries });

const ask = (client: OpenAI, model = 'fast') =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] });
const askClaude = (client: Anthropic, model = 'smart') =>
  client.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] });

async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    return error as InstanceType<typeof OpenAI.APIError>;
  }
  assert.fail('expected the request to be refused');
}

describe('client keys through the official SDKs', () => {
  let stack: Stack;
  let offsetMs = 0;

  before(async () => {
    stack = await startStack(config(), { adminKey, deps: { now: () => Date.now() + offsetMs } });
  });
  after(() => stack.close());

  test('any client key works while no key exists', async () => {
    assert.equal(stack.gateway.access.enforcing(), false);
    const answer = await ask(openai(stack, 'whatever'));
    assert.equal(answer.object, 'chat.completion');
  });

  test('a created key works with both SDKs, and then an unknown key gets a 401 in the client format', async () => {
    const { key } = await createKey(stack, { name: 'billing-bot' });
    assert.match(key, /^olk_/);
    assert.equal((await ask(openai(stack, key))).object, 'chat.completion');
    assert.equal((await askClaude(anthropic(stack, key))).type, 'message');

    const refused = await rejection(ask(openai(stack, 'sk-not-a-key')));
    assert.ok(refused instanceof OpenAI.AuthenticationError);
    assert.equal(refused.status, 401);
    assert.equal(refused.code, 'OUTLAST_UNAUTHORIZED');
    const refusedClaude = await rejection(askClaude(anthropic(stack, 'sk-not-a-key')));
    assert.ok(refusedClaude instanceof Anthropic.AuthenticationError);
    assert.match(JSON.stringify(refusedClaude.error), /OUTLAST_UNAUTHORIZED/);
  });

  test('the key list never shows a key, only its first characters, and never a provider key', async () => {
    const { key, id } = await createKey(stack, { name: 'lister', rpm: 10, routes: ['smart'] });
    const listed = await admin(stack, 'GET', '/keys');
    assert.equal(listed.status, 200);
    assert.ok(!listed.text.includes(key));
    assert.ok(!listed.text.includes(key.slice(0, 20)));
    assert.ok(!listed.text.includes('provider-secret'));
    const entry = (JSON.parse(listed.text) as { keys: Array<Record<string, unknown>> }).keys.find(
      (item) => item.id === id,
    );
    assert.equal(entry?.prefix, key.slice(0, 12));
    assert.equal(entry?.status, 'active');
    assert.deepEqual(entry?.routes, ['smart']);
    assert.equal(entry?.rpm, 10);
  });

  test('a revoked key is refused at once', async () => {
    const { key, id } = await createKey(stack, { name: 'soon-gone' });
    const client = openai(stack, key);
    assert.equal((await ask(client)).object, 'chat.completion');
    assert.equal((await admin(stack, 'DELETE', `/keys/${id}`)).status, 200);
    const refused = await rejection(ask(client));
    assert.ok(refused instanceof OpenAI.AuthenticationError);
    assert.match(refused.message, /revoked/);
    assert.equal((await admin(stack, 'DELETE', `/keys/${id}`)).status, 404);
  });

  test('a rotated key works under its new secret only', async () => {
    const { key, id } = await createKey(stack, { name: 'rotating' });
    const rotated = await admin(stack, 'POST', `/keys/${id}/rotate`);
    assert.equal(rotated.status, 200);
    const fresh = (JSON.parse(rotated.text) as { key: string }).key;
    assert.notEqual(fresh, key);
    assert.equal((await askClaude(anthropic(stack, fresh))).type, 'message');
    assert.ok((await rejection(askClaude(anthropic(stack, key)))) instanceof Anthropic.AuthenticationError);
  });

  test('an expired key is refused', async () => {
    const { key } = await createKey(stack, { name: 'short-lived', expires_in_s: 60 });
    assert.equal((await ask(openai(stack, key))).object, 'chat.completion');
    offsetMs += 61_000;
    const refused = await rejection(ask(openai(stack, key)));
    assert.ok(refused instanceof OpenAI.AuthenticationError);
    assert.match(refused.message, /expired/);
  });

  test('a route-scoped key is refused on another route with a 403 naming the model', async () => {
    const { key } = await createKey(stack, { name: 'scoped', routes: ['smart', 'fast'] });
    assert.equal((await ask(openai(stack, key), 'fast')).object, 'chat.completion');
    const refused = await rejection(ask(openai(stack, key), 'other'));
    assert.ok(refused instanceof OpenAI.PermissionDeniedError);
    assert.equal(refused.code, 'OUTLAST_FORBIDDEN_ROUTE');
    assert.equal(refused.param, 'model');
    const refusedClaude = await rejection(askClaude(anthropic(stack, key), 'other'));
    assert.ok(refusedClaude instanceof Anthropic.PermissionDeniedError);
  });

  test('the admin API names the wrong field of a new key and refuses without the admin key', async () => {
    const bad = await admin(stack, 'POST', '/keys', { name: 'x', rpm: -1 });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /"code":"invalid_request".*rpm/);
    const unknown = await admin(stack, 'POST', '/keys', { name: 'x', colour: 'red' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /colour/);
    const anonymous = await fetch(`${stack.url}/admin/api/keys`);
    assert.equal(anonymous.status, 401);
  });
});

describe('per-key rate limits through the official SDKs', () => {
  let stack: Stack;
  // The gateway's clock stands still unless the test moves it, so the bucket refills only when told.
  const clock = { nowMs: Date.UTC(2026, 10, 2, 12) };
  before(async () => {
    stack = await startStack(config(), { adminKey, deps: { now: () => clock.nowMs } });
  });
  after(() => stack.close());

  test('past its RPM a key gets a 429 with retry-after in the client format, and the SDK retries after it', async () => {
    const { key } = await createKey(stack, { name: 'limited', rpm: 60 });
    const client = openai(stack, key);
    await Promise.all(Array.from({ length: 60 }, () => ask(client)));
    const refused = await rejection(ask(client));
    assert.ok(refused instanceof OpenAI.RateLimitError);
    assert.equal(refused.code, 'OUTLAST_KEY_RATE_LIMITED');
    assert.equal(refused.headers?.get('retry-after'), '1');
    assert.equal(refused.headers?.get('retry-after-ms'), '1000');
    // Waiting helps, so the gateway does not say x-should-retry: false; the SDK waits retry-after and gets through.
    assert.equal(refused.headers?.get('x-should-retry'), null);
    const refusedClaude = await rejection(askClaude(anthropic(stack, key), 'smart'));
    assert.ok(refusedClaude instanceof Anthropic.RateLimitError);
    assert.ok(refusedClaude.headers?.get('retry-after'));
    // An SDK allowed one retry: the refusal moves the clock by the advertised wait, as the SDK's own sleep would.
    const statuses: number[] = [];
    const retrying = new OpenAI({
      baseURL: `${stack.url}/v1`,
      apiKey: key,
      maxRetries: 1,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        statuses.push(response.status);
        if (response.status === 429) clock.nowMs += Number(response.headers.get('retry-after-ms'));
        return response;
      },
    });
    const retried = await ask(retrying);
    assert.equal(retried.object, 'chat.completion');
    assert.deepEqual(statuses, [429, 200]);
  });
});

describe('budgets through the official SDKs', () => {
  let stack: Stack;
  before(async () => {
    // One dollar per token, so that the usage of one simulated answer is worth whole dollars.
    const pricing = `pricing:
  "claude-sonnet-4-6": { input_per_mtok: 1000000, output_per_mtok: 1000000 }
  "gpt-5-mini": { input_per_mtok: 1000000, output_per_mtok: 1000000 }`;
    stack = await startStack(config(pricing), { adminKey });
  });
  after(() => stack.close());

  async function spendOf(id: string): Promise<number> {
    const listed = JSON.parse((await admin(stack, 'GET', '/keys')).text) as {
      keys: Array<{ id: string; spend_month_usd: number; spend_today_usd: number }>;
    };
    const entry = listed.keys.find((item) => item.id === id)!;
    assert.equal(entry.spend_today_usd, entry.spend_month_usd);
    return entry.spend_month_usd;
  }

  test('a budget stops spending at the limit: spend accrues from the real usage, and the next request is refused', async () => {
    const { key, id } = await createKey(stack, { name: 'budgeted', budget_usd: 5 });
    const first = await askClaude(anthropic(stack, key));
    const used = first.usage.input_tokens + first.usage.output_tokens;
    assert.ok(used >= 5, `the simulated answer used ${used} tokens`);
    assert.equal(await spendOf(id), used);
    const upstreamBefore = stack.simulator.stats().total;
    let calls = 0;
    const counting = new Anthropic({
      baseURL: stack.url,
      apiKey: key,
      maxRetries: 2,
      fetch: (input, init) => {
        calls += 1;
        return fetch(input, init);
      },
    });
    const refused = await rejection(askClaude(counting));
    assert.equal(calls, 1, 'x-should-retry: false kept the SDK from retrying');
    assert.ok(refused instanceof Anthropic.RateLimitError);
    assert.match(JSON.stringify(refused.error), /OUTLAST_BUDGET_EXCEEDED/);
    assert.equal(refused.headers?.get('x-should-retry'), 'false');
    assert.ok(Number(refused.headers?.get('retry-after')) > 0);
    assert.equal(stack.simulator.stats().total, upstreamBefore, 'nothing more was sent upstream, not even retries');
  });

  test('counting tokens costs nothing', async () => {
    const { key, id } = await createKey(stack, { name: 'counter', budget_usd: 5 });
    const counted = await anthropic(stack, key).messages.countTokens({
      model: 'smart',
      messages: [{ role: 'user', content: 'how many tokens is this?' }],
    });
    assert.ok(counted.input_tokens > 0);
    assert.equal(await spendOf(id), 0);
  });

  test('a stream is charged from its final usage events', async () => {
    const { key, id } = await createKey(stack, { name: 'streamer', budget_usd: 1_000_000 });
    const stream = anthropic(stack, key).messages.stream({
      model: 'smart',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'tell me a story' }],
    });
    const final = await stream.finalMessage();
    const expected = final.usage.input_tokens + final.usage.output_tokens;
    const chunks = await openai(stack, key).chat.completions.create({
      model: 'fast',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'tell me another' }],
    });
    let openaiTokens = 0;
    for await (const chunk of chunks) if (chunk.usage) openaiTokens = chunk.usage.total_tokens;
    assert.ok(openaiTokens > 0);
    // The spend of the second stream is settled when its body ends, just after the SDK's last chunk.
    for (let tries = 0; tries < 100 && (await spendOf(id)) !== expected + openaiTokens; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(await spendOf(id), expected + openaiTokens);
  });
});
