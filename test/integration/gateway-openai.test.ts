import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type Stack, startStack } from '../helpers/start-stack.ts';

describe('OpenAI clients through the gateway', () => {
  let stack: Stack;
  let client: OpenAI;
  let direct: OpenAI;

  before(async () => {
    stack = await startStack();
    client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'client-key', maxRetries: 0 });
    direct = new OpenAI({ baseURL: `${stack.simUrl}/v1`, apiKey: 'client-key', maxRetries: 0 });
  });
  after(() => stack.close());
  beforeEach(() => {
    stack.simulator.clearFaults();
    stack.simulator.resetStats();
  });

  test('answers a chat completion with the route target and the x-outlast headers', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-smart', messages: [{ role: 'user', content: 'hello there' }] })
      .withResponse();
    assert.equal(data.object, 'chat.completion');
    assert.equal(data.model, 'gpt-5');
    assert.ok((data.choices[0]?.message.content ?? '').length > 0);
    assert.equal(response.headers.get('x-outlast-provider'), 'openai');
    assert.equal(response.headers.get('x-outlast-model'), 'gpt-5');
    assert.equal(response.headers.get('x-outlast-attempts'), '1');
    assert.equal(response.headers.get('x-outlast-fallback'), 'false');
    assert.equal(response.headers.get('x-outlast-cache'), 'bypass');
    const requestId = response.headers.get('x-outlast-request-id');
    assert.ok(requestId !== null && requestId.length > 0);
    assert.equal(response.headers.get('request-id'), requestId);
  });

  test('gives the same answer as the provider called directly', async () => {
    const messages = [{ role: 'user' as const, content: 'the same question twice' }];
    const through = await client.chat.completions.create({ model: 'gpt-smart', messages });
    const straight = await direct.chat.completions.create({ model: 'gpt-5', messages });
    assert.equal(through.choices[0]?.message.content, straight.choices[0]?.message.content);
    assert.deepEqual(through.usage, straight.usage);
  });

  test('streams chunks with usage when include_usage is set', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-smart',
      messages: [{ role: 'user', content: 'stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks += 1;
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    assert.ok(chunks > 2);
    assert.ok(text.length > 0);
    assert.ok(usage !== null && usage !== undefined && usage.completion_tokens > 0);
  });

  test('passes a model with no route to the provider that lists it', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    assert.equal(response.headers.get('x-outlast-provider'), 'openai');
    assert.equal(response.headers.get('x-outlast-model'), 'gpt-4o-mini');
  });

  test('routes a provider/model name to that provider', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'openai-b/qwen3', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    assert.equal(response.headers.get('x-outlast-provider'), 'openai-b');
    assert.equal(response.headers.get('x-outlast-model'), 'qwen3');
  });

  test('fails over to the next target when the primary answers 503, invisibly to the client', async () => {
    stack.simulator.setFaults([{ match: { model: 'gpt-5' }, fault: 'error', status: 503 }]);
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-smart', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    assert.equal(data.model, 'llama3.1-8b');
    assert.equal(response.headers.get('x-outlast-provider'), 'openai-b');
    assert.equal(response.headers.get('x-outlast-fallback'), 'true');
    assert.equal(response.headers.get('x-outlast-attempts'), '2');
  });

  test('fails over when the primary refuses the connection', async () => {
    stack.simulator.setFaults([{ match: { model: 'gpt-5' }, fault: 'reset' }]);
    const { response } = await client.chat.completions
      .create({ model: 'gpt-smart', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    assert.equal(response.headers.get('x-outlast-provider'), 'openai-b');
  });

  test('returns a client error from the upstream untouched and does not fail over', async () => {
    stack.simulator.setFaults([
      {
        match: { model: 'gpt-5' },
        fault: 'error',
        status: 400,
        message: 'context too long',
        error_code: 'context_length_exceeded',
      },
    ]);
    await assert.rejects(
      client.chat.completions.create({ model: 'gpt-smart', messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.equal(error.code, 'context_length_exceeded');
        return true;
      },
    );
    assert.equal(stack.simulator.stats().total, 1);
  });

  test('says x-should-retry false after spending its attempts, and never exceeds them', async () => {
    stack.simulator.setFaults([{ fault: 'error', status: 500 }]);
    const retrying = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'client-key', maxRetries: 2 });
    await assert.rejects(
      retrying.chat.completions.create({ model: 'gpt-smart', messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.InternalServerError);
        assert.equal(error.status, 502);
        assert.equal(error.headers?.get('x-should-retry'), 'false');
        assert.equal(error.code, 'OUTLAST_UPSTREAM_FAILED');
        return true;
      },
    );
    // max_attempts (3): both targets and one retry; the SDK's own two retries were turned off by x-should-retry.
    assert.equal(stack.simulator.stats().total, 3, 'two targets and one same-target retry: max_attempts');
  });

  test('answers 429 with retry-after when every target is rate limited', async () => {
    stack.simulator.setFaults([{ fault: 'error', status: 429, retry_after_s: 7 }]);
    await assert.rejects(
      client.chat.completions.create({ model: 'gpt-smart', messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.RateLimitError);
        assert.equal(error.headers?.get('retry-after'), '7');
        assert.equal(error.code, 'OUTLAST_RATE_LIMITED');
        return true;
      },
    );
  });

  test('never shows provider keys in error bodies', async () => {
    stack.simulator.setFaults([{ fault: 'error', status: 401 }]);
    const response = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-smart', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const text = await response.text();
    assert.equal(response.status, 502);
    assert.doesNotMatch(text, /secret/);
  });

  test('creates embeddings through the gateway', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a cat', 'a dog'] });
    assert.equal(result.data.length, 2);
    assert.ok((result.data[0]?.embedding.length ?? 0) > 0);
  });

  test('lists routes and provider models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    assert.ok(ids.includes('gpt-smart'));
    assert.ok(ids.includes('claude-smart'));
  });
});
