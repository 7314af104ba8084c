import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRulesText } from '../../config/parse-rules-file.ts';
import { createRulesAnswerer } from './answer-from-rules.ts';

const text = `
rules:
  - pattern: "\\\\bopening hours?\\\\b"
    answer: We are open 9 to 5.
  - keywords: [refund, money back]
    answer: Refunds take 5 days.
faq:
  min_score: 0.5
  entries:
    - question: How do I reset my password?
      answer: Use the Forgot password link.
    - question: Which countries do you ship to?
      answer: We ship to the EU and the UK.
`;

function answerer() {
  const parsed = parseRulesText(text);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return createRulesAnswerer(parsed.rules);
}

test('a regex rule answers, case-insensitively', () => {
  assert.equal(answerer().answer('What are your OPENING HOURS today?')?.text, 'We are open 9 to 5.');
});

test('a keyword rule answers on a whole word or phrase only', () => {
  const rules = answerer();
  assert.equal(rules.answer('Can I get my Money Back?')?.text, 'Refunds take 5 days.');
  assert.equal(rules.answer('I want a refund')?.source, 'rule');
  assert.equal(rules.answer('the refunding process'), undefined);
});

test('an FAQ question is answered by its nearest question above the threshold', () => {
  const answer = answerer().answer('how can i reset my password');
  assert.equal(answer?.text, 'Use the Forgot password link.');
  assert.equal(answer?.source, 'faq');
  assert.equal(answerer().answer('which countries do you ship to?')?.score, 1);
});

test('a question far from every FAQ entry gets no answer', () => {
  assert.equal(answerer().answer('Write me a poem about the sea'), undefined);
  assert.equal(answerer().answer(''), undefined);
});

test('rules are tried before the FAQ, in file order', () => {
  assert.equal(answerer().answer('refund: how do I reset my password?')?.source, 'rule');
});
