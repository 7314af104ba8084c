import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { type Stack, startStack } from '../helpers/start-stack.ts';

const config = `
providers:
  - { id: claude, type: anthropic, api_key: k1, base_url: "\${SIM}", models: [] }
  - { id: claude-backup, type: anthropic, api_key: k2, base_url: "\${SIM}", models: [] }
  - { id: gpt, type: openai, api_key: k3, base_url: "\${SIM}/v1", models: [] }
  - { id: gpt-backup, type: openai-compatible, api_key: k4, base_url: "\${SIM}/v1" }
routes:
  - model: claude-continue
    mid_stream: continue
    targets: [ { provider: claude, model: claude-primary }, { provider: claude-backup, model: claude-backup } ]
  - model: gpt-continue
    mid_stream: continue
    targets: [ { provider: gpt, model: gpt-primary }, { provider: gpt-backup, model: gpt-backup } ]
  - model: claude-no-backup
    mid_stream: continue
    targets: [ { provider: claude, model: claude-primary } ]
`;

const prompt = 'tell me a long story about resilient gateways';

async function withStack(run: (stack: Stack) => Promise<void>): Promise<void> {
  const stack = await startStack(config);
  try {
    await run(stack);
  } finally {
    await stack.close();
  }
}

describe('mid_stream: continue', () => {
  for (const cutAfter of [4, 9]) {
    test(`an Anthropic stream cut after ${cutAfter} events reads as one uninterrupted answer`, () =>
      withStack(async (stack) => {
        const direct = new Anthropic({ baseURL: stack.simUrl, apiKey: 'k', maxRetries: 0 });
        const expected = await direct.messages.create({
          model: 'claude-primary',
          max_tokens: 200,
          messages: [{ role: 'user', content: prompt }],
        });
        stack.simulator.setFaults([{ match: { model: 'claude-primary' }, fault: 'cut', after_events: cutAfter }]);
        const client = new Anthropic({ baseURL: stack.url, apiKey: 'k', maxRetries: 0 });
        const message = await client.messages
          .stream({ model: 'claude-continue', max_tokens: 200, messages: [{ role: 'user', content: prompt }] })
          .finalMessage();
        assert.equal(message.content.length, 1, JSON.stringify(message.content));
        const text = (blocks: readonly { type: string; text?: string }[]) =>
          blocks.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('');
        assert.equal(text(message.content), text(expected.content));
        assert.equal(message.stop_reason, 'end_turn');
        assert.equal(stack.simulator.stats().by_model['claude-backup'], 1, 'the backup continued the answer');
      }));
  }

  test('an OpenAI stream cut part-way reads as one uninterrupted answer', () =>
    withStack(async (stack) => {
      const direct = new OpenAI({ baseURL: `${stack.simUrl}/v1`, apiKey: 'k', maxRetries: 0 });
      const expected = await direct.chat.completions.create({
        model: 'gpt-primary',
        messages: [{ role: 'user', content: prompt }],
      });
      stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'cut', after_events: 5 }]);
      const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 0 });
      let text = '';
      let finish: string | null | undefined;
      const stream = await client.chat.completions.create({
        model: 'gpt-continue',
        stream: true,
        messages: [{ role: 'user', content: prompt }],
      });
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      assert.equal(text, expected.choices[0]?.message.content);
      assert.equal(finish, 'stop');
    }));

  test('ends with an error event when no target is left to continue', () =>
    withStack(async (stack) => {
      stack.simulator.setFaults([{ match: { model: 'claude-primary' }, fault: 'cut', after_events: 5 }]);
      const client = new Anthropic({ baseURL: stack.url, apiKey: 'k', maxRetries: 0 });
      const stream = client.messages.stream({
        model: 'claude-no-backup',
        max_tokens: 200,
        messages: [{ role: 'user', content: prompt }],
      });
      await assert.rejects(stream.finalMessage(), /no target could continue/);
    }));
});
