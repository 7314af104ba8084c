import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { measureJsonDepth } from './measure-json-depth.ts';

const depthOf = (text: string, limit = 1000) => measureJsonDepth(Buffer.from(text), limit);

function realDepth(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(realDepth));
}

test('counts nested arrays and objects', () => {
  assert.equal(depthOf('1'), 0);
  assert.equal(depthOf('{"a":[1,{"b":[]}]}'), 4);
});

test('ignores brackets and escaped quotes inside strings', () => {
  assert.equal(depthOf('{"a":"[[[{{\\"[[["}'), 1);
  assert.equal(depthOf('["\\\\",["x"]]'), 2);
});

test('stops at the first level past the limit on a 10,000-deep body', () => {
  assert.equal(depthOf('['.repeat(10_000) + ']'.repeat(10_000), 128), 129);
});

test('agrees with a recursive walk of the parsed value on any JSON', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
      assert.equal(depthOf(JSON.stringify(value)), realDepth(value));
    }),
  );
});
