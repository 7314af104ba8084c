// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests write ${VAR} references as config text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { substituteEnv } from './interpolate-env.ts';

test('substitutes a set variable anywhere in the text', () => {
  assert.deepEqual(substituteEnv('http://${HOST}:${PORT}/v1', { HOST: 'h', PORT: '1' }), {
    ok: true,
    value: 'http://h:1/v1',
  });
});

test('takes the default when the variable is unset or empty', () => {
  assert.deepEqual(substituteEnv('${A:-x}', {}), { ok: true, value: 'x' });
  assert.deepEqual(substituteEnv('${A:-x}', { A: '' }), { ok: true, value: 'x' });
  assert.deepEqual(substituteEnv('${A:-x}', { A: 'y' }), { ok: true, value: 'y' });
  assert.deepEqual(substituteEnv('${A:-}', {}), { ok: true, value: '' });
});

test('keeps an empty variable without default as empty text', () => {
  assert.deepEqual(substituteEnv('a${A}b', { A: '' }), { ok: true, value: 'ab' });
});

test('names every unset variable', () => {
  const result = substituteEnv('${A}-${B}', {});
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.message, /environment variables A, B are not set/);
});

test('writes a literal ${ for $${ and leaves other dollars alone', () => {
  assert.deepEqual(substituteEnv('$${A} costs $5 $$ $', {}), { ok: true, value: '${A} costs $5 $$ $' });
});

test('reports an unterminated or malformed reference', () => {
  assert.match(substituteEnv('${A', {}).ok ? '' : 'unterminated', /unterminated/);
  const malformed = substituteEnv('${1A}', {});
  assert.equal(malformed.ok, false);
  assert.match(malformed.ok ? '' : malformed.message, /invalid reference '\$\{1A\}'/);
});

test('leaves text without references unchanged', () => {
  fc.assert(
    fc.property(
      fc.string().filter((text) => !text.includes('${')),
      (text) => {
        assert.deepEqual(substituteEnv(text, {}), { ok: true, value: text });
      },
    ),
  );
});

test('inserts any variable value verbatim', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), fc.string(), (before, value, after) => {
      fc.pre(!before.includes('$') && !after.includes('$'));
      assert.deepEqual(substituteEnv(`${before}\${V}${after}`, { V: value }), {
        ok: true,
        value: `${before}${value}${after}`,
      });
    }),
  );
});
