import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, test } from 'node:test';
import { createMemoryResponsesStore } from '../../src/store/responses/memory-responses-store.ts';
import type { ResponseItem, ResponsesStore, StoredResponse } from '../../src/store/responses/responses-store.ts';
import { createSqliteResponsesStore } from '../../src/store/responses/sqlite-responses-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'outlast-responses-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const say = (text: string): ResponseItem => ({ role: 'user', content: text });
const answer = (id: string, text: string): ResponseItem => ({
  id: `msg_${id}`,
  type: 'message',
  role: 'assistant',
  content: [{ type: 'output_text', text }],
});

function entry(id: string, overrides: Partial<StoredResponse> = {}, text = 'hello'): StoredResponse {
  const inputItems = [say(text)];
  return {
    id,
    tenant: '',
    createdAt: 1_000,
    expiresAt: 10_000,
    provider: 'openai',
    previousId: undefined,
    turnContext: inputItems,
    inputItems,
    response: { id, object: 'response', output: [answer(id, `re: ${text}`)] },
    ...overrides,
  };
}

/** Puts a turn whose whole context the test never expects to be asked for. */
function put(store: ResponsesStore, stored: StoredResponse): void {
  store.put(stored, () => assert.fail(`the whole context of ${stored.id} was asked for`));
}

/** Three turns chained on one another: resp_1 <- resp_2 <- resp_3. */
function chain(store: ResponsesStore, expiries: [number, number, number] = [10_000, 10_000, 10_000]): void {
  put(store, entry('resp_1', { expiresAt: expiries[0] }, 'one'));
  put(store, entry('resp_2', { previousId: 'resp_1', expiresAt: expiries[1] }, 'two'));
  put(store, entry('resp_3', { previousId: 'resp_2', expiresAt: expiries[2] }, 'three'));
}

const wholeChain = [
  say('one'),
  answer('resp_1', 're: one'),
  say('two'),
  answer('resp_2', 're: two'),
  say('three'),
  answer('resp_3', 're: three'),
];

const backends: [string, () => ResponsesStore][] = [
  ['memory', createMemoryResponsesStore],
  ['sqlite', () => createSqliteResponsesStore(join(dir, `responses-${Math.random()}.db`))],
];

for (const [name, create] of backends) {
  describe(`responses store (${name})`, () => {
    test('returns a stored response for its tenant only, until it expires', () => {
      const store = create();
      put(store, entry('resp_a', { tenant: 'key_1' }));
      assert.equal(store.get('resp_a', 'key_1', 5_000)?.provider, 'openai');
      assert.deepEqual(store.get('resp_a', 'key_1', 5_000)?.inputItems, [say('hello')]);
      assert.equal(store.get('resp_a', 'key_2', 5_000), undefined);
      assert.equal(store.get('resp_a', 'key_1', 10_000), undefined);
      assert.equal(store.context('resp_a', 'key_2', 5_000), undefined);
      store.close();
    });

    test('puts a conversation together from its turns, oldest first, before and after they are written', () => {
      const store = create();
      chain(store);
      assert.deepEqual(store.context('resp_3', '', 5_000), wholeChain);
      store.prune(0); // writes whatever waits in memory
      assert.deepEqual(store.context('resp_3', '', 5_000), wholeChain);
      assert.deepEqual(store.context('resp_1', '', 5_000), wholeChain.slice(0, 2));
      store.close();
    });

    test('a turn with resolved references keeps them in its context and its input as sent apart', () => {
      const store = create();
      const sent = [{ type: 'item_reference', id: 'msg_x' }];
      const resolved = [answer('x', 'quoted')];
      put(store, entry('resp_r', { inputItems: sent, turnContext: resolved }));
      store.prune(0);
      assert.deepEqual(store.get('resp_r', '', 5_000)?.inputItems, sent);
      assert.deepEqual(store.context('resp_r', '', 5_000), [...resolved, answer('resp_r', 're: hello')]);
      store.close();
    });

    test('an expired turn is hidden but still carries the context of a later, visible turn', () => {
      const store = create();
      chain(store, [2_000, 3_000, 10_000]);
      assert.equal(store.get('resp_1', '', 5_000), undefined);
      assert.equal(store.context('resp_2', '', 5_000), undefined);
      assert.deepEqual(store.context('resp_3', '', 5_000), wholeChain);
      assert.equal(store.prune(5_000), 0);
      assert.deepEqual(store.context('resp_3', '', 5_000), wholeChain);
      store.close();
    });

    test('prunes a conversation once none of its responses is visible', () => {
      const store = create();
      chain(store, [2_000, 3_000, 4_000]);
      put(store, entry('resp_other', { expiresAt: 2_500 }));
      assert.equal(store.prune(3_000), 1);
      assert.deepEqual(store.context('resp_3', '', 3_500), wholeChain);
      assert.equal(store.prune(4_000), 3);
      assert.equal(store.context('resp_3', '', 1_500), undefined);
      store.close();
    });

    test('finds an item by its id for an item_reference, in a visible response of its tenant only', () => {
      const store = create();
      put(store, entry('resp_b', { inputItems: [{ id: 'msg_in', ...say('hi') }] }));
      for (const written of [false, true]) {
        if (written) store.prune(0);
        assert.equal(store.getItem('msg_resp_b', '', 5_000)?.type, 'message');
        assert.equal(store.getItem('msg_in', '', 5_000)?.content, 'hi');
        assert.equal(store.getItem('msg_unknown', '', 5_000), undefined);
        assert.equal(store.getItem('msg_resp_b', 'other', 5_000), undefined);
        assert.equal(store.getItem('msg_resp_b', '', 10_000), undefined);
      }
      store.close();
    });

    test('deletes a response of its tenant; the turns that continued it keep their whole conversation', () => {
      const store = create();
      chain(store);
      assert.equal(store.delete('resp_2', 'someone-else', 5_000), false);
      assert.equal(store.delete('resp_2', '', 5_000), true);
      assert.equal(store.get('resp_2', '', 5_000), undefined);
      assert.equal(store.getItem('msg_resp_2', '', 5_000), undefined);
      assert.equal(store.delete('resp_2', '', 5_000), false);
      assert.deepEqual(store.context('resp_3', '', 5_000), wholeChain);
      assert.deepEqual(store.context('resp_1', '', 5_000), wholeChain.slice(0, 2));
      store.close();
    });

    test('a turn whose previous response was deleted while it was served is kept whole', () => {
      const store = create();
      put(store, entry('resp_1', {}, 'one'));
      store.delete('resp_1', '', 5_000);
      const whole = [say('one'), answer('resp_1', 're: one'), say('two'), answer('resp_2', 're: two')];
      store.put(entry('resp_2', { previousId: 'resp_1' }, 'two'), () => whole);
      assert.deepEqual(store.context('resp_2', '', 5_000), whole);
      store.prune(0);
      assert.deepEqual(store.context('resp_2', '', 5_000), whole);
      store.close();
    });
  });
}

test('a SQLite ledger keeps its responses across reopening', () => {
  const file = join(dir, 'reopen.db');
  const first = createSqliteResponsesStore(file);
  chain(first);
  first.close();
  const second = createSqliteResponsesStore(file);
  assert.equal(second.get('resp_3', '', 5_000)?.provider, 'openai');
  assert.deepEqual(second.context('resp_3', '', 5_000), wholeChain);
  second.close();
});

test('a ledger written by version 1 (whole contexts) is migrated and chains on as before', () => {
  const file = join(dir, 'v1.db');
  const v1 = new DatabaseSync(file);
  v1.exec(`
    CREATE TABLE outlast_migrations (domain TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL);
    INSERT INTO outlast_migrations (domain, version) VALUES ('responses', 1);
    CREATE TABLE responses (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL, provider TEXT NOT NULL, context TEXT NOT NULL, input_items TEXT NOT NULL,
      response TEXT NOT NULL);
    CREATE INDEX responses_expiry ON responses (expires_at);
    CREATE TABLE response_items (item_id TEXT PRIMARY KEY,
      response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE, item TEXT NOT NULL);
    CREATE INDEX response_items_response ON response_items (response_id);
  `);
  const old = wholeChain.slice(0, 4);
  v1.prepare('INSERT INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    'resp_2',
    '',
    1_000,
    10_000,
    'anthropic',
    JSON.stringify(old),
    JSON.stringify([say('two')]),
    JSON.stringify({ id: 'resp_2', object: 'response', output: [answer('resp_2', 're: two')] }),
  );
  v1.prepare('INSERT INTO response_items VALUES (?, ?, ?)').run(
    'msg_resp_2',
    'resp_2',
    JSON.stringify(answer('resp_2', 're: two')),
  );
  v1.close();
  const store = createSqliteResponsesStore(file);
  assert.equal(store.get('resp_2', '', 5_000)?.provider, 'anthropic');
  assert.deepEqual(store.context('resp_2', '', 5_000), old);
  assert.equal(store.getItem('msg_resp_2', '', 5_000)?.type, 'message');
  put(store, entry('resp_3', { previousId: 'resp_2' }, 'three'));
  assert.deepEqual(store.context('resp_3', '', 5_000), [...old, say('three'), answer('resp_3', 're: three')]);
  assert.equal(store.prune(10_000), 2);
  store.close();
});
