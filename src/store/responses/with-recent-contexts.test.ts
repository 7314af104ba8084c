import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryResponsesStore } from './memory-responses-store.ts';
import type { ResponseItem, StoredResponse } from './responses-store.ts';
import { withRecentContexts } from './with-recent-contexts.ts';

const say = (text: string): ResponseItem => ({ role: 'user', content: text });
const reply = (text: string): ResponseItem => ({
  type: 'message',
  role: 'assistant',
  content: [{ type: 'output_text', text }],
});

function turn(id: string, previousId: string | undefined, text: string): StoredResponse {
  const input = [say(text)];
  return {
    id,
    tenant: 'key_1',
    createdAt: 0,
    expiresAt: 10_000,
    provider: 'openai',
    previousId,
    turnContext: input,
    inputItems: input,
    response: { id, object: 'response', output: [reply(`re: ${text}`)] },
  };
}

test('the context of a recent answer comes from memory, the same as the store would put it together', () => {
  const inner = createMemoryResponsesStore();
  const store = withRecentContexts(inner, 2);
  let asked = 0;
  store.put(turn('resp_1', undefined, 'one'), () => {
    asked += 1;
    return [say('one'), reply('re: one')];
  });
  assert.deepEqual(store.context('resp_1', 'key_1', 5_000), inner.context('resp_1', 'key_1', 5_000));
  assert.equal(asked, 1);
});

test('it answers only the tenant that stored it, and nothing once expired', () => {
  const store = withRecentContexts(createMemoryResponsesStore(), 2);
  store.put(turn('resp_1', undefined, 'one'), () => [say('one'), reply('re: one')]);
  assert.equal(store.context('resp_1', 'key_2', 5_000), undefined);
  assert.equal(store.context('resp_1', 'key_1', 10_000), undefined);
});

test('older answers fall back to the store, and a deleted one is forgotten', () => {
  const store = withRecentContexts(createMemoryResponsesStore(), 1);
  let asked = 0;
  const whole = (items: ResponseItem[]) => () => {
    asked += 1;
    return items;
  };
  store.put(turn('resp_1', undefined, 'one'), whole([say('one'), reply('re: one')]));
  store.put(turn('resp_2', 'resp_1', 'two'), whole([say('one'), reply('re: one'), say('two'), reply('re: two')]));
  assert.deepEqual(store.context('resp_1', 'key_1', 5_000), [say('one'), reply('re: one')]);
  assert.equal(asked, 0);
  assert.equal(store.delete('resp_2', 'key_1', 5_000), true);
  assert.equal(store.context('resp_2', 'key_1', 5_000), undefined);
});
