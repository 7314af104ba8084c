import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { test } from 'node:test';
import { readUpTo } from './read-up-to.ts';

const chunks = (...parts: string[]) => Readable.from(parts.map((part) => Buffer.from(part)));

test('a body within the limit comes back whole', async () => {
  const read = await readUpTo(chunks('{"id":', '"file_1"}'), 64);
  assert.ok(Buffer.isBuffer(read));
  assert.equal(read.toString(), '{"id":"file_1"}');
});

test('a longer body comes back as a stream of every byte, the ones read first included', async () => {
  const parts = Array.from({ length: 20 }, (_, index) => `part ${index};`);
  const read = await readUpTo(chunks(...parts), 30);
  assert.ok(!Buffer.isBuffer(read));
  assert.equal(await text(read), parts.join(''));
});
