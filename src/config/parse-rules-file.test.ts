import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRulesText } from './parse-rules-file.ts';

test('reports every problem of a rules file with its path', () => {
  const parsed = parseRulesText(`
rules:
  - { pattern: "(unclosed", answer: x }
  - { answer: no matcher }
`);
  assert.equal(parsed.ok, false);
  const problems = parsed.ok ? [] : parsed.problems;
  assert.deepEqual(
    problems.map((problem) => problem.path),
    ['rules[0].pattern', 'rules[1]'],
  );
});

test('rejects unknown keys and a missing answer, naming the path', () => {
  const parsed = parseRulesText(`
rules:
  - { keywords: [a], anwser: typo }
faq: { entries: [ { question: q } ] }
`);
  assert.equal(parsed.ok, false);
  const paths = parsed.ok ? [] : parsed.problems.map((problem) => problem.path);
  assert.ok(paths.includes('rules[0]'), paths.join(','));
  assert.ok(paths.includes('rules[0].answer'), paths.join(','));
  assert.ok(paths.includes('faq.entries[0].answer'), paths.join(','));
});

test('reports YAML syntax errors at the root', () => {
  const parsed = parseRulesText('rules: [ {');
  assert.equal(parsed.ok ? '' : parsed.problems[0]?.path, '(root)');
});
