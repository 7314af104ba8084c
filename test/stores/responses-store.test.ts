import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createMemoryResponsesStore } from '../../src/store/responses/memory-responses-store.ts';
import type { ResponsesStore, StoredResponse } from '../../src/store/responses/responses-store.ts';
import { createSqliteResponsesStore } from '../../src/store/responses/sqlite-responses-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'outlast-responses-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function entry(id: string, overrides: Partial<StoredResponse> = {}): StoredResponse {
  return {
    id,
    tenant: '',
    createdAt: 1_000,
    expiresAt: 10_000,
    provider: 'openai',
    inputItems: [{ role: 'user', content: 'hello' }],
    context: [
      { role: 'user', content: 'hello' },
      { id: `msg_${id}`, type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hi' }] },
    ],
    response: {
      id,
      object: 'response',
      output: [{ id: `msg_${id}`, type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hi' }] }],
    },
    ...overrides,
  };
}

const backends: [string, () => ResponsesStore][] = [
  ['memory', createMemoryResponsesStore],
  ['sqlite', () => createSqliteResponsesStore(join(dir, `responses-${Math.random()}.db`))],
];

for (const [name, create] of backends) {
  describe(`responses store (${name})`, () => {
    test('returns a stored response with its context, for its tenant only, until it expires', () => {
      const store = create();
      store.put(entry('resp_a', { tenant: 'key_1' }));
      assert.deepEqual(store.get('resp_a', 'key_1', 5_000)?.context, entry('resp_a').context);
      assert.equal(store.get('resp_a', 'key_2', 5_000), undefined);
      assert.equal(store.get('resp_a', 'key_1', 10_000), undefined);
      store.close();
    });

    test('finds an output item by its id for an item_reference', () => {
      const store = create();
      store.put(entry('resp_b'));
      assert.equal(store.getItem('msg_resp_b', '', 5_000)?.type, 'message');
      assert.equal(store.getItem('msg_unknown', '', 5_000), undefined);
      assert.equal(store.getItem('msg_resp_b', 'other', 5_000), undefined);
      store.close();
    });

    test('deletes a response of its tenant and prunes expired ones', () => {
      const store = create();
      store.put(entry('resp_c'));
      store.put(entry('resp_d', { expiresAt: 2_000 }));
      assert.equal(store.delete('resp_c', 'someone-else'), false);
      assert.equal(store.delete('resp_c', ''), true);
      assert.equal(store.get('resp_c', '', 1_500), undefined);
      assert.equal(store.prune(3_000), 1);
      assert.equal(store.get('resp_d', '', 1_500), undefined);
      store.close();
    });
  });
}

test('a SQLite ledger keeps its responses across reopening', () => {
  const file = join(dir, 'reopen.db');
  const first = createSqliteResponsesStore(file);
  first.put(entry('resp_kept'));
  first.close();
  const second = createSqliteResponsesStore(file);
  assert.equal(second.get('resp_kept', '', 5_000)?.provider, 'openai');
  second.close();
});
