import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { Agent, request } from 'undici';
import { type Stack, startStack } from '../helpers/start-stack.ts';

describe('the gateway relays bodies faithfully', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());
  beforeEach(() => {
    stack.simulator.clearFaults();
    stack.simulator.resetStats();
  });

  test('carries a 1 MB prompt', async () => {
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 0 });
    const words = Array.from({ length: (1024 * 1024) / 8 + 1 }, (_, index) => `w${index % 9999}`.padEnd(7, 'x')).join(
      ' ',
    );
    assert.ok(Buffer.byteLength(words) >= 1024 * 1024);
    const result = await client.chat.completions.create({
      model: 'gpt-smart',
      messages: [{ role: 'user', content: words }],
    });
    assert.ok((result.usage?.prompt_tokens ?? 0) >= 100_000);
  });

  test('keeps non-ASCII text intact both ways', async () => {
    const client = new Anthropic({ baseURL: stack.url, apiKey: 'k', maxRetries: 0 });
    const prompt = 'Ünïcödé ✓ 日本語のテキスト 🚀 call echo';
    const direct = new Anthropic({ baseURL: stack.simUrl, apiKey: 'k', maxRetries: 0 });
    const through = await client.messages.create({
      model: 'claude-smart',
      max_tokens: 64,
      messages: [{ role: 'user', content: prompt }],
    });
    const straight = await direct.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 64,
      messages: [{ role: 'user', content: prompt }],
    });
    assert.deepEqual(through.content, straight.content);
    assert.equal(through.usage.input_tokens, straight.usage.input_tokens);
  });

  test('relays 200 concurrent streams byte for byte as the provider sent them', async () => {
    const dispatcher = new Agent({ connections: 256 });
    const body = (model: string, index: number) =>
      JSON.stringify({
        model,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: `stream number ${index}` }],
      });
    async function read(url: string, payload: string): Promise<string> {
      const response = await request(`${url}/v1/chat/completions`, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
        body: payload,
      });
      assert.equal(response.statusCode, 200);
      return response.body.text();
    }
    try {
      const count = 200;
      const [through, straight] = await Promise.all([
        Promise.all(Array.from({ length: count }, (_, index) => read(stack.url, body('gpt-smart', index)))),
        Promise.all(Array.from({ length: count }, (_, index) => read(stack.simUrl, body('gpt-5', index)))),
      ]);
      const normalize = (text: string) =>
        text.replace(/"id":"[^"]*"/g, '"id":""').replace(/"created":\d+/g, '"created":0');
      for (let index = 0; index < count; index++) {
        const a = normalize(through[index]!);
        const b = normalize(straight[index]!);
        assert.ok(a.endsWith('data: [DONE]\n\n'));
        assert.equal(
          createHash('sha256').update(a).digest('hex'),
          createHash('sha256').update(b).digest('hex'),
          `stream ${index}`,
        );
      }
    } finally {
      await dispatcher.close();
    }
  });

  test('aborts the upstream request when the client disconnects', async () => {
    stack.simulator.setFaults([{ fault: 'slow', delay_ms: 100 }]);
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 0 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'gpt-smart', stream: true, messages: [{ role: 'user', content: 'a slow answer' }] },
      { signal: controller.signal },
    );
    let chunks = 0;
    try {
      for await (const _chunk of stream) {
        chunks += 1;
        if (chunks === 2) controller.abort();
      }
    } catch {
      // the SDK may end the iteration quietly or throw an abort error; either way the client is gone
    }
    assert.ok(chunks >= 2);
    for (let waited = 0; waited < 2000 && stack.simulator.stats().cancelled < 1; waited += 20) await delay(20);
    assert.equal(stack.simulator.stats().cancelled, 1);
  });
});
