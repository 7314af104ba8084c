import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { FaultRule } from '../../src/sim/fault-rule.ts';
import { type Stack, startStack } from '../helpers/start-stack.ts';

// Each case: a fault on the primary target, and whether the outcome table lets the request fail over.
const config = `
defaults: { retry: { base_ms: 10, cap_ms: 20 } }
providers:
  - { id: primary-a, type: anthropic, api_key: k1, base_url: "\${SIM}", models: [] }
  - { id: dead-a, type: anthropic, api_key: k2, base_url: "\${DEAD}", models: [] }
  - { id: backup-a, type: anthropic, api_key: k3, base_url: "\${SIM}", models: [] }
  - { id: primary-o, type: openai, api_key: k4, base_url: "\${SIM}/v1", models: [] }
  - { id: dead-o, type: openai, api_key: k5, base_url: "\${DEAD}/v1", models: [] }
  - { id: backup-o, type: openai-compatible, api_key: k6, base_url: "\${SIM}/v1" }
routes:
  - model: anthropic-route
    timeouts: { headers_ms: 400, first_token_ms: 400 }
    targets: [ { provider: primary-a, model: claude-primary }, { provider: backup-a, model: claude-backup } ]
  - model: anthropic-refused
    targets: [ { provider: dead-a, model: claude-primary }, { provider: backup-a, model: claude-backup } ]
  - model: openai-route
    timeouts: { headers_ms: 400, first_token_ms: 400 }
    targets: [ { provider: primary-o, model: gpt-primary }, { provider: backup-o, model: gpt-backup } ]
  - model: openai-refused
    targets: [ { provider: dead-o, model: gpt-primary }, { provider: backup-o, model: gpt-backup } ]
`;

interface Case {
  name: string;
  fault: Omit<FaultRule, 'match'> | undefined;
  refused?: boolean;
  failsOver: boolean;
}

const cases: Case[] = [
  { name: '500', fault: { fault: 'error', status: 500 }, failsOver: true },
  { name: '502', fault: { fault: 'error', status: 502 }, failsOver: true },
  { name: '503', fault: { fault: 'error', status: 503 }, failsOver: true },
  { name: '504', fault: { fault: 'error', status: 504 }, failsOver: true },
  { name: '529', fault: { fault: 'error', status: 529, error_type: 'overloaded_error' }, failsOver: true },
  { name: '429 with retry-after', fault: { fault: 'error', status: 429, retry_after_s: 30 }, failsOver: true },
  { name: '401', fault: { fault: 'error', status: 401 }, failsOver: true },
  { name: '403', fault: { fault: 'error', status: 403 }, failsOver: true },
  { name: '404', fault: { fault: 'error', status: 404 }, failsOver: true },
  { name: '400', fault: { fault: 'error', status: 400, message: 'prompt is too long' }, failsOver: false },
  { name: 'connection refused', fault: undefined, refused: true, failsOver: true },
  { name: 'connection reset', fault: { fault: 'reset' }, failsOver: true },
  { name: 'hang before headers', fault: { fault: 'hang' }, failsOver: true },
  { name: 'slow first token', fault: { fault: 'slow', delay_ms: 2000 }, failsOver: true },
  {
    name: '200 then an error event',
    fault: { fault: 'stream_error', error_type: 'overloaded_error', status: 529, after_events: 1 },
    failsOver: true,
  },
  { name: 'cut before the first token', fault: { fault: 'cut', after_events: 1 }, failsOver: true },
];

async function withStack<T>(run: (stack: Stack) => Promise<T>): Promise<T> {
  const stack = await startStack(config);
  try {
    return await run(stack);
  } finally {
    await stack.close();
  }
}

async function callAnthropic(stack: Stack, model: string, stream: boolean): Promise<{ model: string; text: string }> {
  const client = new Anthropic({ baseURL: stack.url, apiKey: 'client', maxRetries: 0 });
  const params = { model, max_tokens: 32, messages: [{ role: 'user' as const, content: 'matrix question' }] };
  const message = stream ? await client.messages.stream(params).finalMessage() : await client.messages.create(params);
  const block = message.content[0];
  return { model: message.model, text: block?.type === 'text' ? block.text : '' };
}

async function callOpenAI(stack: Stack, model: string, stream: boolean): Promise<{ model: string; text: string }> {
  const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'client', maxRetries: 0 });
  const messages = [{ role: 'user' as const, content: 'matrix question' }];
  if (!stream) {
    const completion = await client.chat.completions.create({ model, messages });
    return { model: completion.model, text: completion.choices[0]?.message.content ?? '' };
  }
  let text = '';
  let answeredBy = '';
  for await (const chunk of await client.chat.completions.create({ model, messages, stream: true })) {
    answeredBy = chunk.model;
    text += chunk.choices[0]?.delta.content ?? '';
  }
  return { model: answeredBy, text };
}

for (const format of ['anthropic', 'openai'] as const) {
  for (const stream of [false, true]) {
    describe(`${format} client, ${stream ? 'streaming' : 'not streaming'}, fault on the primary`, () => {
      for (const entry of cases) {
        const title = entry.failsOver
          ? `fails over invisibly on ${entry.name}`
          : `returns the upstream's ${entry.name} untouched without failing over`;
        test(title, () =>
          withStack(async (stack) => {
            const primaryModel = format === 'anthropic' ? 'claude-primary' : 'gpt-primary';
            const backupModel = format === 'anthropic' ? 'claude-backup' : 'gpt-backup';
            if (entry.fault !== undefined) {
              stack.simulator.setFaults([{ match: { model: primaryModel }, ...entry.fault } as FaultRule]);
            }
            const route = `${format}-${entry.refused === true ? 'refused' : 'route'}`;
            const call = format === 'anthropic' ? callAnthropic : callOpenAI;
            if (entry.failsOver) {
              const answer = await call(stack, route, stream);
              assert.equal(answer.model, backupModel);
              assert.ok(answer.text.length > 0);
              return;
            }
            await assert.rejects(call(stack, route, stream), (error: unknown) => {
              assert.ok(error instanceof Anthropic.BadRequestError || error instanceof OpenAI.BadRequestError);
              assert.match(String((error as Error).message), /prompt is too long/);
              return true;
            });
            assert.equal(stack.simulator.stats().total, 1, 'the fallback was not called');
          }),
        );
      }
    });
  }
}
