import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openAuditStore } from '../../store/audit/open-audit-store.ts';
import type { CliIo } from '../io.ts';
import { parseInstant, run } from './audit.ts';

async function audit(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    cwd,
    signal: new AbortController().signal,
  };
  return { code: await run(args, io), out, err: err.join('\n') };
}

test('reads a UTC day or an ISO instant, and nothing else', () => {
  assert.equal(parseInstant('2026-11-01'), Date.UTC(2026, 10, 1));
  assert.equal(parseInstant('2026-11-01T12:30:00Z'), Date.UTC(2026, 10, 1, 12, 30));
  assert.equal(parseInstant('yesterday'), undefined);
  assert.equal(parseInstant('2026-13-45'), undefined);
  assert.equal(parseInstant('1700000000'), undefined);
});

test('exports the records of a range as JSON lines, oldest first, until excluded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'outlast-audit-cli-'));
  try {
    const store = openAuditStore(join(dir, '.outlast'));
    const base = {
      keyId: null,
      format: 'openai',
      operation: 'chat',
      model: 'smart',
      stream: false,
      status: 200,
      errorCode: null,
      provider: 'openai',
      targetModel: 'gpt-5',
      fallback: false,
      cache: null,
      degraded: null,
      durationMs: 3,
      inputTokens: 1,
      cachedInputTokens: 0,
      outputTokens: 2,
      costUsd: 0.00002,
      attempts: [{ provider: 'openai', model: 'gpt-5', outcome: 'ok', ttfbMs: 1, latencyMs: 2 }],
      requestBody: null,
      responseBody: null,
    };
    store.append([
      { ...base, requestId: 'oct', timeMs: Date.UTC(2026, 9, 31, 23) },
      { ...base, requestId: 'nov-2', timeMs: Date.UTC(2026, 10, 2) },
      { ...base, requestId: 'nov-1', timeMs: Date.UTC(2026, 10, 1, 8) },
      { ...base, requestId: 'dec', timeMs: Date.UTC(2026, 11, 1) },
    ]);
    store.close();
    const result = await audit(['export', '--since', '2026-11-01', '--until', '2026-12-01'], dir);
    assert.equal(result.code, 0, result.err);
    const lines = result.out.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((line) => line.request_id),
      ['nov-1', 'nov-2'],
    );
    assert.equal(lines[0]!.time, '2026-11-01T08:00:00.000Z');
    assert.deepEqual(lines[0]!.attempts, [
      { provider: 'openai', model: 'gpt-5', outcome: 'ok', ttfb_ms: 1, latency_ms: 2 },
    ]);
    assert.equal('request_body' in lines[0]!, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors exit 2, a data directory without a trail exits 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'outlast-audit-cli-'));
  try {
    assert.equal((await audit([], dir)).code, 2);
    assert.equal((await audit(['export'], dir)).code, 2);
    assert.match((await audit(['export', '--since', 'last week'], dir)).err, /--since/);
    assert.equal((await audit(['export', '--since', '2026-11-01', '--until', 'soon'], dir)).code, 2);
    assert.equal((await audit(['import', '--since', '2026-11-01'], dir)).code, 2);
    const missing = await audit(['export', '--since', '2026-11-01', '--data', join(dir, 'nothing')], dir);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no audit trail/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
