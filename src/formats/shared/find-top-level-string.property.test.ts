import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { findTopLevelString, replaceTopLevelString } from './find-top-level-string.ts';

/** JSON texts of objects with a `model` somewhere among other fields, nested ones holding their own `model`s. */
const bodies = fc
  .record({
    before: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
    after: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
    model: fc.string({ maxLength: 12 }),
    indent: fc.constantFrom(undefined, 0, 2, '\t'),
  })
  .map(({ before, after, model, indent }) => {
    const { model: _ignored, ...rest } = after;
    const value = { ...before, nested: { model: 'inner', list: [{ model: 'deeper' }] }, model, ...rest };
    return JSON.stringify(value, null, indent);
  });

test('putting another model into a body gives what parsing, setting and serializing would, whatever the body', () => {
  fc.assert(
    fc.property(bodies, fc.string({ maxLength: 12 }), (text, replacement) => {
      const raw = Buffer.from(text);
      const replaced = replaceTopLevelString(raw, 'model', replacement);
      // Only a key spelled with escapes makes it give up (the caller serializes the body again then).
      if (replaced === undefined) {
        assert.ok(
          Object.keys(JSON.parse(text)).some((key) => JSON.stringify(key).includes('\\')),
          text,
        );
        return;
      }
      assert.deepEqual(JSON.parse(replaced.toString()), { ...JSON.parse(text), model: replacement });
    }),
    { numRuns: 2_000 },
  );
});

test('the last top-level model wins, as in JSON.parse; a body without one, or with a non-string one, has no place', () => {
  const twice = Buffer.from('{"model":"first","x":{"model":"nested"},"model":"second"}');
  const at = findTopLevelString(twice, 'model');
  assert.equal(twice.subarray(at?.start, at?.end).toString(), '"second"');
  for (const text of ['{"x":{"model":"nested"}}', '{"model":3}', '[{"model":"a"}]', '{"model":"a","model":null}']) {
    assert.equal(findTopLevelString(Buffer.from(text), 'model'), undefined, text);
  }
});

test('values with quotes, backslashes and unicode escapes are skipped correctly', () => {
  const text = '{"a":"\\"model\\":\\"no\\"","model" : "gpt-\\u0035" , "b":"\\\\","c":["\\"]"]}';
  const replaced = replaceTopLevelString(Buffer.from(text), 'model', 'claude');
  assert.deepEqual(JSON.parse(replaced?.toString() ?? 'null'), { ...JSON.parse(text), model: 'claude' });
});

test('a top-level key spelled with escapes leaves no trusted place (JSON.parse may read it as the model)', () => {
  const text = '{"model":"a","m\\u006fdel":"b"}';
  assert.equal(JSON.parse(text).model, 'b');
  assert.equal(replaceTopLevelString(Buffer.from(text), 'model', 'claude'), undefined);
});
