import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'undici';
import { type Stack, startStack } from '../helpers/start-stack.ts';

const twoTargets = (extra = '') => `
defaults: { retry: { base_ms: 5, cap_ms: 10 }, breaker: { consecutive_failures: 5, base_open_ms: 400, max_open_ms: 800 } }
providers:
  - { id: primary, type: openai, api_key: k1, base_url: "\${SIM}/v1", models: [] }
  - { id: backup, type: openai-compatible, api_key: k2, base_url: "\${SIM}/v1" }
  - { id: claude, type: anthropic, api_key: k3, base_url: "\${SIM}", models: [] }
  - { id: claude-backup, type: anthropic, api_key: k4, base_url: "\${SIM}", models: [] }
routes:
  - model: smart
    targets: [ { provider: primary, model: gpt-primary }, { provider: backup, model: gpt-backup } ]
${extra}`;

async function withStack(configText: string, run: (stack: Stack) => Promise<void>, adminKey?: string): Promise<void> {
  const stack = await startStack(configText, adminKey === undefined ? {} : { adminKey });
  try {
    await run(stack);
  } finally {
    await stack.close();
  }
}

function chat(stack: Stack, headers: Record<string, string> = {}) {
  return request(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer k', ...headers },
    body: JSON.stringify({ model: 'smart', messages: [{ role: 'user', content: 'hello' }] }),
  });
}

describe('no amplification', () => {
  test('upstream attempts per client request never exceed max_attempts when every target fails', () =>
    withStack(twoTargets(), async (stack) => {
      stack.simulator.setFaults([{ fault: 'error', status: 503 }]);
      const sdk = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 2 });
      const count = 20;
      const results = await Promise.allSettled(
        Array.from({ length: count }, () =>
          sdk.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'x' }] }),
        ),
      );
      for (const result of results) {
        assert.equal(result.status, 'rejected');
        const error = (result as PromiseRejectedResult).reason as InstanceType<typeof OpenAI.APIError>;
        assert.equal(error.headers?.get('x-should-retry'), 'false');
      }
      // 3 attempts per request at most (max_attempts), and the SDK's own retries never happened.
      assert.ok(stack.simulator.stats().total <= count * 3, `upstream saw ${stack.simulator.stats().total} requests`);
    }));

  test('a client that is already retrying gets no same-target retry from the gateway', () =>
    withStack(twoTargets(), async (stack) => {
      stack.simulator.setFaults([{ fault: 'error', status: 503 }]);
      const response = await chat(stack, { 'x-stainless-retry-count': '1' });
      assert.equal(response.statusCode, 502);
      await response.body.dump();
      assert.equal(stack.simulator.stats().total, 2, 'one attempt per target, no retry on top of the client retry');
    }));
});

describe('resources', () => {
  test('leaves no deadline timer behind once requests are answered', () =>
    withStack(twoTargets(), async (stack) => {
      const live = new Set<number>();
      const hook = createHook({
        init: (id, type) => {
          if (type === 'Timeout') live.add(id);
        },
        destroy: (id) => live.delete(id),
      }).enable();
      const timers = () => live.size;
      for (let index = 0; index < 5; index++) await (await chat(stack)).body.dump();
      const before = timers();
      for (let index = 0; index < 100; index++) await (await chat(stack)).body.dump();
      const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 0 });
      for (let index = 0; index < 20; index++) {
        const stream = await client.chat.completions.create({
          model: 'smart',
          stream: true,
          messages: [{ role: 'user', content: 'x' }],
        });
        for await (const _chunk of stream) {
          // drain
        }
      }
      await delay(50);
      hook.disable();
      assert.ok(timers() - before < 10, `${timers() - before} timers left behind by 120 requests`);
    }));
});

describe('circuit breaker', () => {
  test('opens after 5 consecutive failures, then the dead primary gets only probes while the backup answers', () =>
    withStack(twoTargets(), async (stack) => {
      stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'error', status: 500 }]);
      const opened: unknown[] = [];
      const onOpen = (message: unknown) => opened.push(message);
      subscribe('outlast:breaker:open', onOpen);
      try {
        for (let index = 0; index < 30; index++) {
          const response = await chat(stack);
          assert.equal(response.statusCode, 200);
          assert.equal(response.headers['x-outlast-provider'], 'backup');
          await response.body.dump();
        }
      } finally {
        unsubscribe('outlast:breaker:open', onOpen);
      }
      const primaryCalls = stack.simulator.stats().by_model['gpt-primary'] ?? 0;
      assert.equal(primaryCalls, 5, 'the primary saw exactly the 5 failures that opened its breaker');
      assert.equal(opened.length, 1);
      assert.deepEqual((opened[0] as { provider: string }).provider, 'primary');
    }));

  test('lets one probe through after the open time and moves traffic back when it succeeds', () =>
    withStack(twoTargets(), async (stack) => {
      stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'error', status: 500 }]);
      for (let index = 0; index < 6; index++) await (await chat(stack)).body.dump();
      stack.simulator.clearFaults();
      const during = await chat(stack);
      assert.equal(during.headers['x-outlast-provider'], 'backup', 'still open: fails over at once');
      await during.body.dump();
      await delay(900); // past base_open_ms (400) with jitter, below the second opening
      const probe = await chat(stack);
      assert.equal(probe.headers['x-outlast-provider'], 'primary', 'the probe reaches the recovered primary');
      await probe.body.dump();
      const after = await chat(stack);
      assert.equal(after.headers['x-outlast-provider'], 'primary');
      await after.body.dump();
    }));

  test('shows breaker, cool-down and budget per target at GET /admin/api/targets', () =>
    withStack(
      twoTargets(),
      async (stack) => {
        stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'error', status: 500 }]);
        for (let index = 0; index < 5; index++) await (await chat(stack)).body.dump();
        const denied = await request(`${stack.url}/admin/api/targets`);
        assert.equal(denied.statusCode, 401);
        await denied.body.dump();
        const response = await request(`${stack.url}/admin/api/targets`, {
          headers: { authorization: 'Bearer admin-secret' },
        });
        assert.equal(response.statusCode, 200);
        const { targets } = (await response.body.json()) as {
          targets: { provider: string; availability: string; breaker: { state: string }; budget: { tokens: number } }[];
        };
        const primary = targets.find((target) => target.provider === 'primary');
        assert.equal(primary?.breaker.state, 'open');
        assert.equal(primary?.availability, 'open');
        assert.ok((primary?.budget.tokens ?? 10) < 10);
        assert.equal(targets.find((target) => target.provider === 'backup')?.availability, 'available');
        const reset = await request(`${stack.url}/admin/api/targets/reset`, {
          method: 'POST',
          headers: { authorization: 'Bearer admin-secret', 'content-type': 'application/json' },
          body: JSON.stringify({ provider: 'primary', model: 'gpt-primary' }),
        });
        assert.equal(reset.statusCode, 200);
        await reset.body.dump();
        assert.equal(
          stack.gateway.gateway.targets().find((target) => target.provider === 'primary')?.breaker.state,
          'closed',
        );
      },
      'admin-secret',
    ));

  test('when every target is out, one trickle request still goes to the least recently failed one', () =>
    withStack(twoTargets(), async (stack) => {
      stack.simulator.setFaults([{ fault: 'error', status: 500 }]);
      for (let index = 0; index < 8; index++) await (await chat(stack)).body.dump();
      const targets = stack.gateway.gateway.targets();
      assert.ok(
        targets.every((target) => target.breaker.state === 'open'),
        JSON.stringify(targets.map((t) => t.breaker.state)),
      );
      stack.simulator.resetStats();
      stack.simulator.clearFaults();
      const response = await chat(stack);
      assert.equal(response.statusCode, 200, 'the last resort answered');
      await response.body.dump();
      assert.equal(stack.simulator.stats().total, 1);
    }));
});

describe('rate limits and credentials', () => {
  test('a 429 puts the target in a cool-down that is not a breaker failure', () =>
    withStack(twoTargets(), async (stack) => {
      stack.simulator.setFaults([
        { match: { model: 'gpt-primary' }, fault: 'error', status: 429, retry_after_s: 30, times: 1 },
      ]);
      const first = await chat(stack);
      assert.equal(first.headers['x-outlast-provider'], 'backup');
      await first.body.dump();
      const second = await chat(stack);
      assert.equal(second.headers['x-outlast-provider'], 'backup', 'cooling down: not even tried');
      await second.body.dump();
      assert.equal(stack.simulator.stats().by_model['gpt-primary'], 1);
      const primary = stack.gateway.gateway.targets().find((target) => target.provider === 'primary');
      assert.equal(primary?.availability, 'cooling-down');
      assert.equal(primary?.breaker.state, 'closed');
      assert.equal(primary?.breaker.consecutiveFailures, 0);
    }));

  test('a 401 disables the target until an operator resets it', () =>
    withStack(twoTargets(), async (stack) => {
      stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'error', status: 401, times: 1 }]);
      await (await chat(stack)).body.dump();
      await (await chat(stack)).body.dump();
      assert.equal(stack.simulator.stats().by_model['gpt-primary'], 1);
      assert.equal(
        stack.gateway.gateway.targets().find((target) => target.provider === 'primary')?.availability,
        'disabled',
      );
      assert.ok(stack.gateway.gateway.resetTarget('primary', 'gpt-primary'));
      const back = await chat(stack);
      assert.equal(back.headers['x-outlast-provider'], 'primary');
      await back.body.dump();
    }));
});

describe('hedging', () => {
  test('sends the request to the next target when the first is slow, takes the first answer and aborts the other', () =>
    withStack(
      twoTargets(`
  - model: hedged
    hedge: { delay_ms: 100 }
    targets: [ { provider: primary, model: gpt-primary }, { provider: backup, model: gpt-backup } ]
`),
      async (stack) => {
        stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'latency', delay_ms: 3000 }]);
        const startedMs = Date.now();
        const response = await request(`${stack.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
          body: JSON.stringify({ model: 'hedged', messages: [{ role: 'user', content: 'hello' }] }),
        });
        const elapsedMs = Date.now() - startedMs;
        assert.equal(response.statusCode, 200);
        assert.equal(response.headers['x-outlast-provider'], 'backup');
        assert.equal(response.headers['x-outlast-attempts'], '2');
        assert.equal(response.headers['x-outlast-fallback'], 'true');
        await response.body.dump();
        assert.ok(elapsedMs < 2000, `answered in ${elapsedMs} ms`);
        for (let waited = 0; waited < 2000 && stack.simulator.stats().cancelled < 1; waited += 20) await delay(20);
        assert.equal(stack.simulator.stats().cancelled, 1, 'the slow primary attempt was aborted');
      },
    ));

  test('does not hedge when the first target answers before the delay', () =>
    withStack(
      twoTargets(`
  - model: hedged
    hedge: { delay_ms: 500 }
    targets: [ { provider: primary, model: gpt-primary }, { provider: backup, model: gpt-backup } ]
`),
      async (stack) => {
        const response = await request(`${stack.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
          body: JSON.stringify({ model: 'hedged', messages: [{ role: 'user', content: 'hello' }] }),
        });
        assert.equal(response.headers['x-outlast-attempts'], '1');
        await response.body.dump();
        assert.equal(stack.simulator.stats().total, 1);
      },
    ));
});

describe('streams after the commit point', () => {
  test('an Anthropic stream cut after it started ends with an error event, and the SDK raises it', () =>
    withStack(
      twoTargets(`
  - model: claude-route
    targets: [ { provider: claude, model: claude-primary }, { provider: claude-backup, model: claude-backup } ]
`),
      async (stack) => {
        stack.simulator.setFaults([{ match: { model: 'claude-primary' }, fault: 'cut', after_events: 5 }]);
        const client = new Anthropic({ baseURL: stack.url, apiKey: 'k', maxRetries: 0 });
        const stream = client.messages.stream({
          model: 'claude-route',
          max_tokens: 64,
          messages: [{ role: 'user', content: 'long answer' }],
        });
        await assert.rejects(stream.finalMessage(), /broke after the answer had started/);
        assert.equal(stack.simulator.stats().by_model['claude-backup'] ?? 0, 0, 'no failover after commit');
      },
    ));
});
