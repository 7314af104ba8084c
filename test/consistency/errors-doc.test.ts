import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { errorCodes } from '../../src/errors/codes.ts';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

test('every error code is documented in docs/errors.md with its status and flags', () => {
  for (const [code, info] of Object.entries(errorCodes)) {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
    assert.ok(row !== undefined, `${code} has no row in docs/errors.md`);
    const cells = row.split('|').map((cell) => cell.trim());
    assert.equal(cells[2], String(info.status), `${code} status`);
    assert.equal(cells[3], info.retryable ? 'yes' : 'no', `${code} retryable`);
    assert.equal(cells[4], info.failover ? 'yes' : 'no', `${code} failover`);
  }
});

test('docs/errors.md names no code that the code does not have', () => {
  const documented = new Set(doc.match(/OUTLAST_[A-Z_]+/g) ?? []);
  for (const code of documented) assert.ok(code in errorCodes, `${code} is documented but does not exist`);
});
