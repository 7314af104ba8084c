import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { type Stack, standardConfig, startStack } from '../helpers/start-stack.ts';

interface Reply {
  status: number;
  body: {
    type?: string;
    error?: {
      type?: string;
      message?: string;
      param?: string | null;
      code?: string;
      details?: { error_code?: string };
    };
  };
}

describe('bad input gets a 4xx in the client format, naming the problem', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack(`${standardConfig}\nserver: { body_limit_bytes: 65536 }\n`);
  });
  after(() => stack.close());

  async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Reply> {
    const response = await request(`${stack.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.statusCode, body: (await response.body.json()) as Reply['body'] };
  }

  test('broken JSON on the OpenAI route is a 400 invalid_request_error', async () => {
    const reply = await post('/v1/chat/completions', '{"model": "gpt-smart", "messages": [');
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error?.type, 'invalid_request_error');
    assert.equal(reply.body.error?.code, 'OUTLAST_INVALID_JSON');
  });

  test('broken JSON on the Anthropic route is a 400 in the Anthropic shape', async () => {
    const reply = await post('/v1/messages', 'not json at all');
    assert.equal(reply.status, 400);
    assert.equal(reply.body.type, 'error');
    assert.equal(reply.body.error?.type, 'invalid_request_error');
    assert.equal(reply.body.error?.details?.error_code, 'OUTLAST_INVALID_JSON');
  });

  test('a missing messages field names messages', async () => {
    const reply = await post('/v1/chat/completions', JSON.stringify({ model: 'gpt-smart' }));
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error?.param, 'messages');
    assert.match(reply.body.error?.message ?? '', /messages/);
  });

  test('a wrong type names the nested field', async () => {
    const reply = await post(
      '/v1/chat/completions',
      JSON.stringify({
        model: 'gpt-smart',
        messages: [
          { role: 'user', content: 'ok' },
          { role: 'wizard', content: 'x' },
        ],
      }),
    );
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error?.param, 'messages[1].role');
  });

  test('a missing max_tokens on the Anthropic route names max_tokens', async () => {
    const reply = await post(
      '/v1/messages',
      JSON.stringify({ model: 'claude-smart', messages: [{ role: 'user', content: 'hi' }] }),
    );
    assert.equal(reply.status, 400);
    assert.match(reply.body.error?.message ?? '', /max_tokens/);
  });

  test('a body that is not an object is refused', async () => {
    const reply = await post('/v1/chat/completions', '[1,2,3]');
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error?.code, 'OUTLAST_INVALID_REQUEST');
  });

  test('an unknown model is a 404 naming the model', async () => {
    const reply = await post(
      '/v1/chat/completions',
      JSON.stringify({ model: 'mystery-model', messages: [{ role: 'user', content: 'hi' }] }),
    );
    assert.equal(reply.status, 404);
    assert.equal(reply.body.error?.code, 'OUTLAST_UNKNOWN_MODEL');
    assert.equal(reply.body.error?.param, 'model');
    assert.match(reply.body.error?.message ?? '', /mystery-model/);
  });

  test('an oversized body is a 413 before it reaches any provider', async () => {
    stack.simulator.resetStats();
    const limit = stack.gateway.gateway.config().server.body_limit_bytes;
    const huge = JSON.stringify({ model: 'gpt-smart', messages: [{ role: 'user', content: 'x'.repeat(limit) }] });
    const reply = await post('/v1/chat/completions', huge);
    assert.equal(reply.status, 413);
    assert.equal(reply.body.error?.code, 'OUTLAST_BODY_TOO_LARGE');
    assert.equal(stack.simulator.stats().total, 0);
  });

  test('a GET on a model endpoint is a 405', async () => {
    const response = await request(`${stack.url}/v1/chat/completions`);
    assert.equal(response.statusCode, 405);
    await response.body.dump();
  });

  test('a path outside every vendor API is a 404 in the guessed format', async () => {
    const response = await request(`${stack.url}/v2/nothing-here`, { method: 'POST', body: '{}' });
    assert.equal(response.statusCode, 404);
    const body = (await response.body.json()) as Reply['body'];
    assert.equal(body.error?.code, 'OUTLAST_NOT_FOUND');
  });

  test("an unknown path of a vendor API is that vendor's to answer: relayed, its 404 passed back", async () => {
    const response = await request(`${stack.url}/v1/nothing-here`, { method: 'POST', body: '{}' });
    assert.equal(response.statusCode, 404);
    assert.ok(response.headers['x-outlast-provider'] !== undefined);
    const body = (await response.body.json()) as Reply['body'];
    assert.notEqual(body.error?.code, 'OUTLAST_NOT_FOUND');
  });

  test('health and readiness answer', async () => {
    const health = await request(`${stack.url}/healthz`);
    assert.equal(health.statusCode, 200);
    await health.body.dump();
    const ready = await request(`${stack.url}/readyz`);
    assert.equal(ready.statusCode, 200);
    await ready.body.dump();
  });
});
