import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type Stack, startStack } from '../helpers/start-stack.ts';

/** Sends a WebSocket upgrade the way Codex does and resolves with the non-101 answer (or rejects on a 101). */
function tryUpgrade(url: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ response: IncomingMessage; body: string }>((resolve, reject) => {
    const request = httpRequest(`${url}${path}`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        authorization: 'Bearer client-key',
        'openai-beta': 'responses_websockets=2026-02-06',
        ...headers,
      },
    });
    request.on('upgrade', (_response, socket) => {
      socket.destroy();
      reject(new Error('the gateway accepted a WebSocket upgrade'));
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ response, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('WebSocket upgrades', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  test('a WebSocket upgrade on /v1/responses is answered at once with 426 so Codex falls back to HTTP', async () => {
    const started = performance.now();
    const { response, body } = await tryUpgrade(stack.url, '/v1/responses');
    assert.ok(performance.now() - started < 5_000);
    assert.equal(response.statusCode, 426);
    assert.equal(response.headers.connection, 'close');
    assert.ok(response.headers['x-outlast-request-id']);
    const parsed = JSON.parse(body) as { error: { code: string; type: string; message: string } };
    assert.equal(parsed.error.code, 'OUTLAST_WEBSOCKET_UNSUPPORTED');
    assert.equal(parsed.error.type, 'invalid_request_error');
    assert.match(parsed.error.message, /POST \/v1\/responses/);
  });

  test('an upgrade on an Anthropic path is refused with an Anthropic-shaped error', async () => {
    const { response, body } = await tryUpgrade(stack.url, '/v1/messages', { 'anthropic-version': '2023-06-01' });
    assert.equal(response.statusCode, 426);
    const parsed = JSON.parse(body) as { type: string; error: { details: { error_code: string } } };
    assert.equal(parsed.type, 'error');
    assert.equal(parsed.error.details.error_code, 'OUTLAST_WEBSOCKET_UNSUPPORTED');
  });

  test('a WebSocket client sees the connection refused rather than a hang', async () => {
    const socket = new WebSocket(`${stack.url.replace('http:', 'ws:')}/v1/responses`);
    const outcome = await new Promise<string>((resolve) => {
      socket.addEventListener('open', () => resolve('open'));
      socket.addEventListener('error', () => resolve('error'));
    });
    assert.equal(outcome, 'error');
  });

  test('the same client falls back to HTTP and gets its response', async () => {
    await tryUpgrade(stack.url, '/v1/responses');
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'client-key', maxRetries: 0 });
    const response = await client.responses.create({ model: 'gpt-smart', input: 'hello after the refusal' });
    assert.equal(response.status, 'completed');
    assert.ok(response.output_text.length > 0);
  });
});
