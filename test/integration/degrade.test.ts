import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { parseConfigText } from '../../src/config/load-config.ts';
import { type Stack, startStack } from '../helpers/start-stack.ts';

const dir = mkdtempSync(join(tmpdir(), 'outlast-degrade-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const rulesFile = join(dir, 'faq.yaml');
writeFileSync(
  rulesFile,
  `
rules:
  - keywords: [refund]
    answer: Refunds are processed within 5 days.
faq:
  entries:
    - question: How do I reset my password?
      answer: Use the "Forgot password" link on the sign-in page.
    - question: Which countries do you ship to?
      answer: We ship to the EU and the UK.
`,
);
const staticMessage = 'Our assistant is unavailable right now. Reply HUMAN to reach a person.';

const config = `
defaults: { retry: { base_ms: 5, cap_ms: 10 } }
providers:
  - { id: openai, type: openai, api_key: sk-openai-secret, base_url: "\${SIM}/v1" }
  - { id: claude, type: anthropic, api_key: sk-ant-secret, base_url: "\${SIM}", models: [] }
routes:
  - model: smart
    targets: [ { provider: openai, model: gpt-5 }, { provider: claude, model: claude-sonnet-4-6 } ]
    cache: { ttl_s: 10, stale_s: 3600 }
    degrade: [stale-cache, rules, static]
    rules_file: ${JSON.stringify(rulesFile)}
    static_message: "${staticMessage}"
`;

async function withStack(run: (stack: Stack, clock: { advance(ms: number): void }) => Promise<void>): Promise<void> {
  let nowMs = Date.now();
  const stack = await startStack(config, { deps: { now: () => nowMs } });
  try {
    await run(stack, { advance: (ms) => (nowMs += ms) });
  } finally {
    await stack.close();
  }
}

const openai = (stack: Stack) => new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 0 });
const anthropic = (stack: Stack) =>
  new Anthropic({
    baseURL: stack.url,
    apiKey: 'k',
    maxRetries: 0,
    defaultHeaders: { 'anthropic-version': '2023-06-01' },
  });

interface Answer {
  text: string;
  cache: string | null;
  degraded: string | null;
}

async function viaOpenAI(stack: Stack, prompt: string, stream: boolean): Promise<Answer> {
  const messages = [{ role: 'user' as const, content: prompt }];
  if (!stream) {
    const { data, response } = await openai(stack)
      .chat.completions.create({ model: 'smart', messages, temperature: 0 })
      .withResponse();
    return {
      text: data.choices[0]?.message.content ?? '',
      cache: response.headers.get('x-outlast-cache'),
      degraded: response.headers.get('x-outlast-degraded'),
    };
  }
  const { data, response } = await openai(stack)
    .chat.completions.create({ model: 'smart', messages, temperature: 0, stream: true })
    .withResponse();
  let text = '';
  for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
  return { text, cache: response.headers.get('x-outlast-cache'), degraded: response.headers.get('x-outlast-degraded') };
}

async function viaAnthropic(stack: Stack, prompt: string, stream: boolean): Promise<Answer> {
  const params = {
    model: 'smart',
    max_tokens: 200,
    temperature: 0,
    messages: [{ role: 'user' as const, content: prompt }],
  };
  if (!stream) {
    const { data, response } = await anthropic(stack).messages.create(params).withResponse();
    const block = data.content[0];
    return {
      text: block?.type === 'text' ? block.text : '',
      cache: response.headers.get('x-outlast-cache'),
      degraded: response.headers.get('x-outlast-degraded'),
    };
  }
  const { data, response } = await anthropic(stack)
    .messages.create({ ...params, stream: true })
    .withResponse();
  let text = '';
  let stopped = false;
  for await (const event of data) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    if (event.type === 'message_stop') stopped = true;
  }
  assert.ok(stopped, 'the Anthropic stream ends with message_stop');
  return { text, cache: response.headers.get('x-outlast-cache'), degraded: response.headers.get('x-outlast-degraded') };
}

const clients = [
  { name: 'OpenAI', ask: viaOpenAI },
  { name: 'Anthropic', ask: viaAnthropic },
];

describe('degradation ladder with every target down', () => {
  for (const client of clients) {
    for (const stream of [false, true]) {
      const how = `${client.name}${stream ? ', streamed' : ''}`;

      test(`a cached prompt is answered stale from an expired entry (${how})`, () =>
        withStack(async (stack, clock) => {
          const fresh = await client.ask(stack, 'Tell me about the moon.', stream);
          assert.equal(fresh.cache, 'miss');
          clock.advance(60_000);
          stack.simulator.setFaults([{ fault: 'error', status: 503 }]);
          const stale = await client.ask(stack, 'Tell me about the moon.', stream);
          assert.deepEqual(stale, { text: fresh.text, cache: 'stale', degraded: 'stale-cache' });
        }));

      test(`an FAQ question is answered by rules (${how})`, () =>
        withStack(async (stack) => {
          stack.simulator.setFaults([{ fault: 'error', status: 503 }]);
          const answer = await client.ask(stack, 'how can I reset my password', stream);
          assert.deepEqual(answer, {
            text: 'Use the "Forgot password" link on the sign-in page.',
            cache: 'bypass',
            degraded: 'rules',
          });
          const rule = await client.ask(stack, 'I want a refund now', stream);
          assert.equal(rule.text, 'Refunds are processed within 5 days.');
        }));

      test(`anything else is answered by the static message (${how})`, () =>
        withStack(async (stack) => {
          stack.simulator.setFaults([{ fault: 'error', status: 503 }]);
          const answer = await client.ask(stack, 'Write a haiku about autumn.', stream);
          assert.deepEqual(answer, { text: staticMessage, cache: 'bypass', degraded: 'static' });
        }));
    }
  }

  test('publishes outlast:request:degrade with the rung and the upstream error code', () =>
    withStack(async (stack) => {
      const seen: unknown[] = [];
      const listener = (message: unknown) => seen.push(message);
      subscribe('outlast:request:degrade', listener);
      try {
        stack.simulator.setFaults([{ fault: 'error', status: 503 }]);
        await viaOpenAI(stack, 'Write a haiku about autumn.', false);
      } finally {
        unsubscribe('outlast:request:degrade', listener);
      }
      assert.equal(seen.length, 1);
      assert.deepEqual(
        { ...(seen[0] as object), requestId: undefined },
        {
          requestId: undefined,
          route: 'smart',
          rung: 'static',
          code: 'OUTLAST_UPSTREAM_FAILED',
        },
      );
    }));

  test('a client error is never degraded', () =>
    withStack(async (stack) => {
      stack.simulator.setFaults([{ fault: 'error', status: 400, error_type: 'invalid_request_error' }]);
      await assert.rejects(viaOpenAI(stack, 'Write a haiku about autumn.', false), { status: 400 });
    }));

  test('a healthy route answers normally, without a degraded mark', () =>
    withStack(async (stack) => {
      const answer = await viaOpenAI(stack, 'Write a haiku about autumn.', false);
      assert.equal(answer.degraded, null);
      assert.notEqual(answer.text, staticMessage);
    }));
});

describe('rules file validation at config load', () => {
  test('a broken rules file is refused with the route path and the problem inside the file', () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'rules:\n  - { pattern: "(unclosed", answer: x }\n');
    const loaded = parseConfigText(config.replace(JSON.stringify(rulesFile), JSON.stringify(broken)), {
      SIM: 'http://127.0.0.1:1',
    });
    assert.equal(loaded.ok, false);
    const problem = loaded.ok ? undefined : loaded.problems[0];
    assert.equal(problem?.path, 'routes[0].rules_file');
    assert.match(problem?.message ?? '', /broken\.yaml: rules\[0\]\.pattern: Invalid regular expression/);
  });

  test('a missing rules file and missing rung settings are reported', () => {
    const loaded = parseConfigText(
      `
providers: [ { id: openai, type: openai, api_key: k } ]
routes:
  - model: smart
    targets: [ { provider: openai, model: gpt-5 } ]
    degrade: [stale-cache, rules, static]
  - model: other
    targets: [ { provider: openai, model: gpt-5 } ]
    rules_file: ./does-not-exist.yaml
`,
      {},
      { baseDir: dir },
    );
    assert.equal(loaded.ok, false);
    const paths = loaded.ok ? [] : loaded.problems.map((problem) => `${problem.path}: ${problem.message}`);
    assert.ok(
      paths.some((line) => line.startsWith('routes[0].cache: required')),
      paths.join('\n'),
    );
    assert.ok(
      paths.some((line) => line.startsWith('routes[0].rules_file: required')),
      paths.join('\n'),
    );
    assert.ok(
      paths.some((line) => line.startsWith('routes[0].static_message: required')),
      paths.join('\n'),
    );
  });

  test('a relative rules file is read against the config folder', () => {
    writeFileSync(join(dir, 'relative.yaml'), 'rules: [ { keywords: [hi], answer: hello } ]\n');
    const loaded = parseConfigText(
      `
providers: [ { id: openai, type: openai, api_key: k } ]
routes:
  - { model: smart, targets: [ { provider: openai, model: gpt-5 } ], degrade: [rules], rules_file: relative.yaml }
`,
      {},
      { baseDir: dir },
    );
    assert.ok(loaded.ok, JSON.stringify(loaded));
    assert.equal(loaded.config.routes[0]?.rules_file, join(dir, 'relative.yaml'));
  });
});
