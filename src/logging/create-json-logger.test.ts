import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createJsonLogger } from './create-json-logger.ts';
import { createRedactor } from './redact-secrets.ts';

function capture(level?: 'debug' | 'info' | 'warn' | 'error') {
  const lines: string[] = [];
  const logger = createJsonLogger({
    write: (line) => lines.push(line),
    redact: createRedactor(['provider-key-123']),
    now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
    ...(level === undefined ? {} : { level }),
  });
  return { lines, logger };
}

test('writes one JSON object per line with time, level, message and fields', () => {
  const { lines, logger } = capture();
  logger.info('request done', { requestId: 'r1', status: 200 });
  assert.deepEqual(JSON.parse(lines[0]!), {
    time: '2026-01-02T03:04:05.000Z',
    level: 'info',
    msg: 'request done',
    requestId: 'r1',
    status: 200,
  });
});

test('redacts a secret found in any field, nested errors included', () => {
  const { lines, logger } = capture();
  logger.error('upstream said', { error: new Error('bad key provider-key-123'), headers: { 'x-api-key': 'zzz' } });
  assert.doesNotMatch(lines[0]!, /provider-key-123|zzz/);
  assert.equal(JSON.parse(lines[0]!).error.message, 'bad key [REDACTED]');
});

test('drops lines below the level', () => {
  const { lines, logger } = capture('warn');
  logger.info('quiet');
  logger.warn('loud');
  assert.equal(lines.length, 1);
});
