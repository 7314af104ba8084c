import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { AuditRecord } from '../../src/store/audit/audit-store.ts';
import { openExistingAuditStore } from '../../src/store/audit/open-audit-store.ts';
import { startStack } from '../helpers/start-stack.ts';

const config = (audit: string) => `
providers:
  - { id: anthropic, type: anthropic, api_key: sk-ant-secret, base_url: "\${SIM}" }
  - { id: openai, type: openai, api_key: sk-openai-secret, base_url: "\${SIM}/v1" }
routes:
  - { model: smart, targets: [ { provider: anthropic, model: claude-sonnet-4-6 } ] }
  - { model: fast, targets: [ { provider: openai, model: gpt-5-mini } ] }
audit: ${audit}
`;

function records(dataDir: string): AuditRecord[] {
  const store = openExistingAuditStore(dataDir)!;
  try {
    return [...store.scan({ sinceMs: 0 })];
  } finally {
    store.close();
  }
}

test('a graceful shutdown flushes the queue, with prompts and answers when include_bodies is on', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'outlast-audit-bodies-'));
  try {
    const stack = await startStack(config('{ include_bodies: true, flush_interval_ms: 60000 }'), { dataDir });
    const anthropic = new Anthropic({ baseURL: stack.url, apiKey: 'any', maxRetries: 0 });
    const stream = anthropic.messages.stream({
      model: 'smart',
      max_tokens: 40,
      messages: [{ role: 'user', content: 'the secret word is pumpkin' }],
    });
    const answer = await stream.finalText();
    const openai = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'any', maxRetries: 0 });
    await openai.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'plain question' }] });
    await stack.close();

    const [streamed, plain] = records(dataDir);
    assert.ok(streamed && plain);
    assert.match(streamed.requestBody!, /pumpkin/);
    assert.match(streamed.responseBody!, /event: message_stop/);
    assert.ok(streamed.responseBody!.includes(JSON.stringify(answer.split(' ')[0]).slice(1, -1)));
    assert.equal(streamed.keyId, null, 'no key exists, so none is recorded');
    assert.match(plain.requestBody!, /plain question/);
    assert.match(plain.responseBody!, /"chat.completion"/);
    assert.equal(plain.stream, false);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('records nothing when the audit trail is off', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'outlast-audit-off-'));
  try {
    const stack = await startStack(config('{ enabled: false }'), { dataDir });
    const openai = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'any', maxRetries: 0 });
    await openai.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] });
    await stack.close();
    assert.deepEqual(records(dataDir), []);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a client that leaves in the middle of a stream is recorded with what it used', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'outlast-audit-leave-'));
  try {
    const stack = await startStack(config('{ flush_interval_ms: 60000 }'), { dataDir });
    stack.simulator.setFaults([{ fault: 'slow', delay_ms: 30 }]);
    const anthropic = new Anthropic({ baseURL: stack.url, apiKey: 'any', maxRetries: 0 });
    const stream = anthropic.messages.stream({
      model: 'smart',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'a long story please' }],
    });
    for await (const event of stream) {
      if (event.type === 'content_block_delta') break;
    }
    stream.abort();
    // The gateway sees the disconnect, aborts upstream and settles the record; close flushes it.
    await stack.close();
    const [record] = records(dataDir);
    assert.ok(record);
    assert.equal(record.stream, true);
    assert.equal(record.status, 200);
    assert.equal(record.errorCode, 'OUTLAST_STREAM_INTERRUPTED');
    assert.ok(record.inputTokens! > 0, 'message_start reported the input tokens');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
