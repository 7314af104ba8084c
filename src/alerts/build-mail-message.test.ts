import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { dotStuff } from './build-mail-message.ts';

test('dot-stuffing doubles a leading dot on every line and turns line endings into CRLF', () => {
  assert.equal(dotStuff('.\n..x\nno dot\r\n.end'), '..\r\n...x\r\nno dot\r\n..end');
});

test('a dot-stuffed message never contains the end-of-data line and unstuffs back to itself', () => {
  fc.assert(
    fc.property(fc.array(fc.stringMatching(/^[.a-z ]{0,6}$/), { maxLength: 8 }), (lines) => {
      const stuffed = dotStuff(lines.join('\n'));
      assert.equal(stuffed.split('\r\n').includes('.'), false);
      const unstuffed = stuffed
        .split('\r\n')
        .map((line) => (line.startsWith('.') ? line.slice(1) : line))
        .join('\n');
      assert.equal(unstuffed, lines.join('\n'));
    }),
  );
});
