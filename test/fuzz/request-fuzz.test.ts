import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { Pool } from 'undici';
import { type Stack, standardConfig, startStack } from '../helpers/start-stack.ts';
import {
  anthropicMessagesBody,
  applyDamage,
  damage,
  geminiBody,
  openaiChatBody,
  responsesBody,
} from './fuzz-arbitraries.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? 20_261_123);
const concurrency = 16;
const bodyLimitBytes = 4 * 1024 * 1024;

type Format = 'openai' | 'anthropic' | 'gemini' | 'responses';

interface Case {
  format: Format;
  path: string;
  body: Buffer;
  label: string;
}

interface Reply {
  status: number;
  text: string;
}

/** Checks one reply; returns a problem, or undefined when the gateway behaved. */
function judge(format: Format, reply: Reply): string | undefined {
  if (reply.status >= 500) return `status ${reply.status}`;
  if (reply.status >= 400) {
    let body: { type?: unknown; error?: { type?: unknown; message?: unknown } };
    try {
      body = JSON.parse(reply.text) as typeof body;
    } catch {
      return `error body is not JSON: ${reply.text.slice(0, 200)}`;
    }
    if (format === 'anthropic' && body.type !== 'error')
      return `not an Anthropic error body: ${reply.text.slice(0, 200)}`;
    const error = body.error as { type?: unknown; status?: unknown } | undefined;
    const kind = format === 'gemini' ? error?.status : error?.type;
    if (typeof kind !== 'string') return `error without a type: ${reply.text.slice(0, 200)}`;
    const message = body.error?.message;
    if (typeof message !== 'string' || message.length < 8)
      return `error without a message: ${reply.text.slice(0, 200)}`;
    return undefined;
  }
  if (reply.status !== 200) return `unexpected status ${reply.status}`;
  if (reply.text.startsWith('event:') || reply.text.startsWith('data:')) {
    const done =
      format === 'openai'
        ? reply.text.includes('data: [DONE]')
        : format === 'anthropic'
          ? reply.text.includes('message_stop')
          : format === 'responses'
            ? /event: response\.(completed|incomplete|failed)\n/.test(reply.text)
            : reply.text.includes('"finishReason"') || reply.text.includes('"error"');
    return done ? undefined : `stream did not end properly: ${reply.text.slice(-200)}`;
  }
  try {
    JSON.parse(reply.text);
  } catch {
    return `answer is not JSON: ${reply.text.slice(0, 200)}`;
  }
  return undefined;
}

describe('fuzzing the model endpoints never gets a 5xx, a crash or a shapeless error', () => {
  let stack: Stack;
  let pool: Pool;
  before(async () => {
    stack = await startStack(`${standardConfig}\nserver: { body_limit_bytes: ${bodyLimitBytes} }\n`);
    stack.simulator.configure({ answerTokens: 3 });
    pool = new Pool(stack.url, { connections: concurrency, pipelining: 1 });
  });
  after(async () => {
    await pool.close();
    await stack.close();
  });

  async function send(testCase: Case): Promise<Reply> {
    const response = await pool.request({
      path: testCase.path,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(testCase.format === 'anthropic' ? { 'anthropic-version': '2023-06-01', 'x-api-key': 'k' } : {}),
        ...(testCase.format === 'gemini' ? { 'x-goog-api-key': 'k' } : {}),
      },
      body: testCase.body,
    });
    return { status: response.statusCode, text: await response.body.text() };
  }

  async function runAll(cases: readonly Case[], statuses = new Map<number, number>()): Promise<string[]> {
    const problems: string[] = [];
    let next = 0;
    async function worker(): Promise<void> {
      while (next < cases.length) {
        const testCase = cases[next++]!;
        try {
          const reply = await send(testCase);
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
          const problem = judge(testCase.format, reply);
          if (problem !== undefined)
            problems.push(`${testCase.label}: ${problem}\n  body: ${testCase.body.toString('utf8', 0, 400)}`);
        } catch (error) {
          problems.push(
            `${testCase.label}: request failed: ${String(error)}\n  body: ${testCase.body.toString('utf8', 0, 400)}`,
          );
        }
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker));
    return problems;
  }

  const bodies: Record<Format, fc.Arbitrary<unknown>> = {
    openai: openaiChatBody,
    anthropic: anthropicMessagesBody,
    gemini: geminiBody,
    responses: responsesBody,
  };
  const fixedPaths: Record<Exclude<Format, 'gemini'>, string> = {
    openai: '/v1/chat/completions',
    anthropic: '/v1/messages',
    responses: '/v1/responses',
  };
  // Gemini names the model and the streaming in the path; some paths name models nothing serves.
  const geminiPath = fc.tuple(
    fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom('gpt-smart', 'claude-smart') },
      { weight: 1, arbitrary: fc.constantFrom('no-such-model', 'a%2Fb', '', '%ZZ') },
    ),
    fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(':generateContent', ':streamGenerateContent?alt=sse') },
      { weight: 1, arbitrary: fc.constantFrom(':streamGenerateContent', ':countTokens', ':nope') },
    ),
  );

  function generated(format: Format): Case[] {
    const arbitrary = fc.tuple(bodies[format], damage, geminiPath);
    const offset = { openai: 0, anthropic: 1, gemini: 2, responses: 3 }[format];
    return fc.sample(arbitrary, { numRuns: runs, seed: seed + offset }).map(([body, kind, [model, action]], index) => ({
      format,
      path: format === 'gemini' ? `/v1beta/models/${model}${action}` : fixedPaths[format],
      body: applyDamage(JSON.stringify(body), kind),
      label: `${format} #${index} (seed ${seed}, damage ${kind})`,
    }));
  }

  for (const format of ['openai', 'anthropic', 'gemini', 'responses'] as const) {
    test(`${runs} generated ${format} requests`, async () => {
      const statuses = new Map<number, number>();
      const problems = await runAll(generated(format), statuses);
      assert.deepEqual(problems.slice(0, 5), [], `${problems.length} problems`);
      // The generator reaches both sides: answers from a provider and refusals of bad input.
      const answered = statuses.get(200) ?? 0;
      assert.ok(answered >= runs * 0.15, `only ${answered} answers: ${JSON.stringify([...statuses])}`);
      assert.ok((statuses.get(400) ?? 0) >= runs * 0.15, `few refusals: ${JSON.stringify([...statuses])}`);
      console.log(`${format}: ${JSON.stringify([...statuses].sort())}`);
    });
  }

  test('a corpus of nasty inputs', async () => {
    const deep = (depth: number) =>
      `{"model":"gpt-smart","messages":[{"role":"user","content":${'['.repeat(depth)}${']'.repeat(depth)}}]}`;
    const corpus: Array<[string, string | Buffer]> = [
      ['empty body', ''],
      ['whitespace', '   \n '],
      ['null', 'null'],
      ['a number', '42'],
      ['a string', '"hello"'],
      ['an array', '[]'],
      ['empty object', '{}'],
      ['empty key', '{"":1,"model":"gpt-smart","messages":[{"role":"user","content":"hi"}]}'],
      ['10,000-deep arrays', deep(10_000)],
      [
        '10,000-deep pass-through field',
        `{"model":"gpt-smart","messages":[{"role":"user","content":"hi"}],"metadata":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
      ],
      [
        '10,000-deep tool schema',
        `{"model":"claude-smart","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}]}`,
      ],
      ['100,000-deep objects', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
      ['unbalanced nesting', '['.repeat(50_000)],
      ['huge number', '{"model":"gpt-smart","max_tokens":1e999999,"messages":[{"role":"user","content":"hi"}]}'],
      [
        'huge integer',
        `{"model":"gpt-smart","max_tokens":${'9'.repeat(5000)},"messages":[{"role":"user","content":"hi"}]}`,
      ],
      [
        '__proto__ pollution',
        '{"__proto__":{"polluted":true,"stream":true},"model":"gpt-smart","messages":[{"role":"user","content":"hi","__proto__":{"role":"x"}}]}',
      ],
      [
        'constructor pollution',
        '{"constructor":{"prototype":{"polluted":true}},"model":"gpt-smart","messages":[{"role":"user","content":"hi"}]}',
      ],
      ['NUL bytes in strings', '{"model":"gpt-smart","messages":[{"role":"user","content":"a\\u0000b\\u0000"}]}'],
      ['raw NUL byte', Buffer.from([0x7b, 0x00, 0x7d])],
      [
        'invalid UTF-8',
        Buffer.concat([
          Buffer.from('{"model":"gpt-smart","messages":[{"role":"user","content":"'),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from('"}]}'),
        ]),
      ],
      [
        'UTF-8 BOM',
        Buffer.concat([
          Buffer.from([0xef, 0xbb, 0xbf]),
          Buffer.from('{"model":"gpt-smart","messages":[{"role":"user","content":"hi"}]}'),
        ]),
      ],
      ['lone surrogate escape', '{"model":"gpt-smart","messages":[{"role":"user","content":"\\ud800"}]}'],
      [
        'duplicate keys',
        '{"model":"gpt-smart","model":"claude-smart","messages":[{"role":"user","content":"hi"}],"messages":5}',
      ],
      ['10 MB body', `{"model":"gpt-smart","messages":[{"role":"user","content":"${'x'.repeat(10 * 1024 * 1024)}"}]}`],
      ['model as object', '{"model":{"toString":"x"},"messages":[{"role":"user","content":"hi"}]}'],
      [
        'messages as object with length',
        '{"model":"gpt-smart","messages":{"length":2,"0":{"role":"user","content":"hi"}}}',
      ],
    ];
    const cases: Case[] = [];
    for (const [label, body] of corpus) {
      cases.push({ format: 'openai', path: '/v1/chat/completions', body: Buffer.from(body), label: `openai ${label}` });
      const anthropicBody =
        typeof body === 'string' ? body.replace('"gpt-smart",', '"claude-smart","max_tokens":5,') : body;
      cases.push({
        format: 'anthropic',
        path: '/v1/messages',
        body: Buffer.from(anthropicBody),
        label: `anthropic ${label}`,
      });
      // The same bytes at the Responses and Gemini endpoints (the Gemini model is in the path).
      cases.push({ format: 'responses', path: '/v1/responses', body: Buffer.from(body), label: `responses ${label}` });
      cases.push({
        format: 'gemini',
        path: '/v1beta/models/gpt-smart:generateContent',
        body: Buffer.from(body),
        label: `gemini ${label}`,
      });
    }
    const problems = await runAll(cases);
    assert.deepEqual(problems, []);
    // The process is still whole and its prototypes unpolluted.
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
    const health = await pool.request({ path: '/healthz', method: 'GET' });
    assert.equal(health.statusCode, 200);
    await health.body.dump();
  });
});
