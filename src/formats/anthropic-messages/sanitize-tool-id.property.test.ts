import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { sanitizeToolId } from './sanitize-tool-id.ts';

const anthropicToolId = /^[a-zA-Z0-9_-]+$/;
const anyId = fc.string({ unit: 'binary', maxLength: 80 });

test('always gives an id Anthropic accepts', () => {
  fc.assert(fc.property(anyId, (id) => assert.match(sanitizeToolId(id), anthropicToolId)));
});

test('maps the same id the same way every time and is idempotent', () => {
  fc.assert(
    fc.property(anyId, (id) => {
      const sanitized = sanitizeToolId(id);
      assert.equal(sanitizeToolId(id), sanitized);
      assert.equal(sanitizeToolId(sanitized), sanitized);
    }),
  );
});

test('keeps ids that are already valid unchanged', () => {
  const validId = fc.stringMatching(/^[a-zA-Z0-9_-]{1,64}$/);
  fc.assert(fc.property(validId, (id) => assert.equal(sanitizeToolId(id), id)));
});

test('keeps distinct ids distinct, even ids differing only in characters it replaces', () => {
  const ids = fc.uniqueArray(anyId, { minLength: 2, maxLength: 40 });
  fc.assert(fc.property(ids, (list) => assert.equal(new Set(list.map(sanitizeToolId)).size, list.length)));
  const lookalikes = ['call.1', 'call:1', 'call 1', 'call/1', 'call_1', 'functions.Bash:0', 'functions.Bash:1', ''];
  assert.equal(new Set(lookalikes.map(sanitizeToolId)).size, lookalikes.length);
});
