import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, test } from 'node:test';
import type { GatewayAnswer, GatewayRequest } from '../../core/gateway-request.ts';
import { createMemoryResponsesStore } from '../../store/responses/memory-responses-store.ts';
import { createSqliteResponsesStore } from '../../store/responses/sqlite-responses-store.ts';
import { createResponsesLedger } from './create-responses-ledger.ts';

const dir = mkdtempSync(join(tmpdir(), 'outlast-ledger-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function request(turn: number, body: Record<string, unknown>): GatewayRequest {
  return {
    requestId: `req-${turn}`,
    format: 'openai',
    operation: 'responses',
    model: 'gpt',
    stream: false,
    body: { model: 'gpt', ...body },
    raw: Buffer.from(JSON.stringify(body)),
    passHeaders: {},
    search: '',
    signal: new AbortController().signal,
    clientRetryCount: 0,
  };
}

/** An upstream that answers every Responses request with `resp_<n>`, saying how many input items it was sent. */
function createUpstream() {
  const inputs: unknown[][] = [];
  let served = 0;
  const dispatch = async (sent: GatewayRequest): Promise<GatewayAnswer> => {
    served += 1;
    const input = typeof sent.body.input === 'string' ? [sent.body.input] : (sent.body.input as unknown[]);
    inputs.push(input);
    const text = `answer ${served} to ${input.length} items`;
    const response = {
      id: `resp_${served}`,
      object: 'response',
      status: 'completed',
      output: [{ id: `msg_${served}`, type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }],
    };
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(response)),
      prefix: [],
      stream: false,
      provider: 'openai',
      model: 'gpt',
      attempts: 1,
      fallback: false,
    };
  };
  return { dispatch, inputs };
}

test('a follow-up sent the moment the first answer resolves already finds it', async () => {
  const ledger = createResponsesLedger({
    store: createMemoryResponsesStore(),
    now: () => 1_000,
    retentionMs: () => 60_000,
  });
  const upstream = createUpstream();
  const dispatch = ledger.wrap(upstream.dispatch);
  await dispatch(request(1, { input: 'first' }));
  const second = await dispatch(request(2, { input: 'second', previous_response_id: 'resp_1' }));
  assert.equal(second.status, 200);
  assert.equal(upstream.inputs[1]?.length, 3);
  assert.equal(ledger.retrieve('resp_2', '')?.id, 'resp_2');
  ledger.close();
});

test('forty chained turns: each upstream request holds the whole conversation, each stored row only its turn', async () => {
  const file = join(dir, 'responses.db');
  const ledger = createResponsesLedger({
    store: createSqliteResponsesStore(file),
    now: () => 1_000,
    retentionMs: () => 60_000,
  });
  const upstream = createUpstream();
  const dispatch = ledger.wrap(upstream.dispatch);
  for (let turn = 1; turn <= 40; turn++) {
    const previous = turn === 1 ? {} : { previous_response_id: `resp_${turn - 1}` };
    await dispatch(request(turn, { input: `question ${turn}`, ...previous }));
  }
  // Turn n was sent n questions and n - 1 answers.
  assert.deepEqual(
    upstream.inputs.map((input) => input.length),
    Array.from({ length: 40 }, (_, index) => 2 * index + 1),
  );
  ledger.close();
  const database = new DatabaseSync(file);
  const sizes = database
    .prepare(
      `SELECT id, length(coalesce(context, '')) + length(coalesce(turn_context, '')) + length(input_items) +
         length(response) AS size FROM responses ORDER BY created_at, rowid`,
    )
    .all() as { id: string; size: number }[];
  database.close();
  assert.equal(sizes.length, 40);
  const smallest = Math.min(...sizes.map((row) => row.size));
  const largest = Math.max(...sizes.map((row) => row.size));
  assert.ok(largest < smallest * 1.2, `row sizes range from ${smallest} to ${largest} bytes`);
});
