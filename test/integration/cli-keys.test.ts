import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { run as keys } from '../../src/cli/commands/keys.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { type Stack, startStack } from '../helpers/start-stack.ts';

const adminKey = 'cli-admin-secret';

async function runKeys(args: string[], env: Record<string, string> = { OUTLAST_ADMIN_KEY: adminKey }) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
    cwd: process.cwd(),
    signal: new AbortController().signal,
  };
  const code = await keys(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('outlast keys against a running gateway', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack(undefined, { adminKey });
  });
  after(() => stack.close());

  test('creates a key with limits, scopes and expiry; lists it; rotates and revokes it', async () => {
    const url = ['--url', stack.url];
    const created = await runKeys([
      'create',
      '--name',
      'billing-bot',
      '--rpm',
      '600',
      '--tpm',
      '200000',
      '--budget-usd',
      '100',
      '--routes',
      'gpt-smart,claude-smart',
      '--expires',
      '90d',
      ...url,
    ]);
    assert.equal(created.code, 0, created.err);
    const key = /key: (olk_\S+)/.exec(created.out)![1]!;
    const id = /created (key_\S+)/.exec(created.out)![1]!;
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: key, maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-smart', messages: [{ role: 'user', content: 'hi' }] });

    const listed = await runKeys(['list', ...url]);
    assert.equal(listed.code, 0);
    assert.match(listed.out, /billing-bot/);
    assert.match(listed.out, /active/);
    assert.match(listed.out, /gpt-smart,claude-smart/);
    assert.ok(listed.out.includes(`${key.slice(0, 12)}...`));
    assert.ok(!listed.out.includes(key));
    const json = JSON.parse((await runKeys(['list', '--json', ...url])).out) as {
      keys: Array<Record<string, unknown>>;
    };
    const entry = json.keys.find((item) => item.id === id)!;
    assert.equal(entry.tpm, 200_000);
    assert.equal(entry.budget_usd, 100);
    const expiresInMs = Date.parse(entry.expires_at as string) - Date.now();
    assert.ok(Math.abs(expiresInMs - 90 * 86_400_000) < 60_000);

    const rotated = await runKeys(['rotate', id, ...url]);
    assert.equal(rotated.code, 0);
    const fresh = /key: (olk_\S+)/.exec(rotated.out)![1]!;
    assert.notEqual(fresh, key);

    const revoked = await runKeys(['revoke', id, ...url]);
    assert.equal(revoked.code, 0);
    assert.match((await runKeys(['list', ...url])).out, /revoked/);
    const again = await runKeys(['revoke', id, ...url]);
    assert.equal(again.code, 1);
    assert.match(again.err, /404 not_found/);
  });

  test('usage errors exit 2 with a reason, a refused admin key exits 1', async () => {
    const url = ['--url', stack.url];
    assert.equal((await runKeys(['list', ...url], {})).code, 2);
    const badExpiry = await runKeys(['create', '--name', 'x', '--expires', 'soon', ...url]);
    assert.equal(badExpiry.code, 2);
    assert.match(badExpiry.err, /--expires/);
    assert.equal((await runKeys(['create', '--rpm', '5', ...url])).code, 2);
    assert.equal((await runKeys(['create', '--name', 'x', '--rpm', '1.5', ...url])).code, 2);
    assert.equal((await runKeys(['frobnicate', ...url])).code, 2);
    assert.equal((await runKeys(['revoke', ...url])).code, 2);
    const wrongAdmin = await runKeys(['list', ...url], { OUTLAST_ADMIN_KEY: 'wrong' });
    assert.equal(wrongAdmin.code, 1);
    assert.match(wrongAdmin.err, /401/);
  });
});
