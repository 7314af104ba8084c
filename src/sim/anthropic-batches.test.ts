import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { createSimulator } from './create-simulator.ts';

const ask = (content: string) => ({
  model: 'claude-sonnet-4-6',
  max_tokens: 64,
  messages: [{ role: 'user' as const, content }],
});

describe('the Message Batches API', () => {
  const sim = createSimulator({ knobs: { answerTokens: 4 } });
  let client: Anthropic;
  let url = '';

  before(async () => {
    ({ url } = await sim.listen());
    client = new Anthropic({ baseURL: url, apiKey: 'key-a', maxRetries: 0 });
  });
  after(() => sim.close());
  beforeEach(() => sim.configure({ batchDelayMs: 0 }));

  it('creates a batch in progress, then ends it with a succeeded message and an errored result', async () => {
    const created = await client.messages.batches.create({
      requests: [
        { custom_id: 'good', params: ask('Hello there') },
        { custom_id: 'bad', params: { model: 'claude-sonnet-4-6', messages: [] } as never },
      ],
    });
    assert.match(created.id, /^msgbatch_/);
    assert.equal(created.type, 'message_batch');
    assert.equal(created.processing_status, 'in_progress');
    assert.deepEqual(created.request_counts, { processing: 2, succeeded: 0, errored: 0, canceled: 0, expired: 0 });
    assert.equal(created.results_url, null);
    assert.equal(created.ended_at, null);

    const ended = await client.messages.batches.retrieve(created.id);
    assert.equal(ended.processing_status, 'ended');
    assert.deepEqual(ended.request_counts, { processing: 0, succeeded: 1, errored: 1, canceled: 0, expired: 0 });
    assert.equal(ended.results_url, `${url}/v1/messages/batches/${created.id}/results`);
    assert.ok(ended.ended_at !== null);
    assert.equal(Date.parse(ended.expires_at) - Date.parse(ended.created_at), 24 * 3600 * 1000);

    const results = new Map<string, Anthropic.Messages.MessageBatchIndividualResponse>();
    for await (const line of await client.messages.batches.results(created.id)) results.set(line.custom_id, line);
    const good = results.get('good')!.result;
    assert.equal(good.type, 'succeeded');
    if (good.type === 'succeeded') {
      assert.match(good.message.id, /^msg_/);
      assert.equal(good.message.content[0]?.type, 'text');
      assert.equal(good.message.usage.service_tier, 'batch');
    }
    const bad = results.get('bad')!.result;
    assert.equal(bad.type, 'errored');
    if (bad.type === 'errored') {
      assert.equal(bad.error.error.type, 'invalid_request_error');
      assert.match(bad.error.error.message, /^max_tokens: Field required/);
    }
  });

  it('answers a batch request with the same words /v1/messages answers', async () => {
    const direct = await client.messages.create(ask('Same words please'));
    const batch = await client.messages.batches.create({
      requests: [{ custom_id: 'one', params: ask('Same words please') }],
    });
    for await (const line of await client.messages.batches.results(batch.id)) {
      assert.equal(line.result.type, 'succeeded');
      if (line.result.type === 'succeeded') assert.deepEqual(line.result.message.content, direct.content);
    }
  });

  it('refuses a duplicate custom_id with a 400 naming it', async () => {
    await assert.rejects(
      client.messages.batches.create({
        requests: [
          { custom_id: 'dup', params: ask('a') },
          { custom_id: 'dup', params: ask('b') },
        ],
      }),
      (error: InstanceType<typeof Anthropic.APIError>) => {
        assert.equal(error.status, 400);
        assert.match(error.message, /Duplicate custom_id found: dup/);
        return true;
      },
    );
  });

  it('refuses a request without custom_id and an empty request list', async () => {
    const missing = await client.messages.batches
      .create({ requests: [{ params: ask('a') } as never] })
      .catch((error: InstanceType<typeof Anthropic.APIError>) => error);
    assert.equal((missing as InstanceType<typeof Anthropic.APIError>).status, 400);
    assert.match((missing as Error).message, /requests\.0\.custom_id: Field required/);
    const empty = await client.messages.batches.create({ requests: [] }).catch((error: Error) => error);
    assert.match((empty as Error).message, /at least 1 item/);
  });

  it('cancels a batch in progress: canceling at once, then ended with every request canceled', async () => {
    sim.configure({ batchDelayMs: 60_000 });
    const created = await client.messages.batches.create({
      requests: [
        { custom_id: 'a', params: ask('one') },
        { custom_id: 'b', params: ask('two') },
      ],
    });
    assert.equal((await client.messages.batches.retrieve(created.id)).processing_status, 'in_progress');
    await assert.rejects(client.messages.batches.delete(created.id), /cancel/i);
    const canceling = await client.messages.batches.cancel(created.id);
    assert.equal(canceling.processing_status, 'canceling');
    assert.ok(canceling.cancel_initiated_at !== null);
    const ended = await client.messages.batches.retrieve(created.id);
    assert.equal(ended.processing_status, 'ended');
    assert.deepEqual(ended.request_counts, { processing: 0, succeeded: 0, errored: 0, canceled: 2, expired: 0 });
    const types: string[] = [];
    for await (const line of await client.messages.batches.results(created.id)) types.push(line.result.type);
    assert.deepEqual(types, ['canceled', 'canceled']);
  });

  it('answers 404 for the results of a batch still in progress', async () => {
    sim.configure({ batchDelayMs: 60_000 });
    const created = await client.messages.batches.create({ requests: [{ custom_id: 'a', params: ask('one') }] });
    const response = await fetch(`${url}/v1/messages/batches/${created.id}/results`, {
      headers: { 'x-api-key': 'key-a', 'anthropic-version': '2023-06-01' },
    });
    assert.equal(response.status, 404);
    const body = (await response.json()) as { error: { type: string; message: string } };
    assert.equal(body.error.type, 'not_found_error');
    assert.match(body.error.message, /has no available results/);
  });

  it('lists batches newest first with has_more, first_id and last_id, paging with after_id and before_id', async () => {
    const other = new Anthropic({ baseURL: url, apiKey: 'key-list', maxRetries: 0 });
    const ids: string[] = [];
    for (const text of ['one', 'two', 'three']) {
      ids.push((await other.messages.batches.create({ requests: [{ custom_id: 'x', params: ask(text) }] })).id);
    }
    const first = await other.messages.batches.list({ limit: 2 });
    assert.deepEqual(
      first.data.map((batch) => batch.id),
      [ids[2], ids[1]],
    );
    assert.equal(first.has_more, true);
    assert.equal(first.first_id, ids[2]);
    assert.equal(first.last_id, ids[1]);
    const all: string[] = [];
    for await (const batch of other.messages.batches.list({ limit: 2 })) all.push(batch.id);
    assert.deepEqual(all, [...ids].reverse());
    const before = await other.messages.batches.list({ before_id: ids[0]!, limit: 1 });
    assert.deepEqual(
      before.data.map((batch) => batch.id),
      [ids[1]],
    );
  });

  it('deletes an ended batch, after which it is 404 not_found_error', async () => {
    const created = await client.messages.batches.create({ requests: [{ custom_id: 'a', params: ask('one') }] });
    await client.messages.batches.retrieve(created.id);
    const deleted = await client.messages.batches.delete(created.id);
    assert.deepEqual(deleted, { id: created.id, type: 'message_batch_deleted' });
    await assert.rejects(
      client.messages.batches.retrieve(created.id),
      (error: InstanceType<typeof Anthropic.APIError>) => {
        assert.equal(error.status, 404);
        assert.equal((error.error as { error: { type: string } }).error.type, 'not_found_error');
        return true;
      },
    );
  });
});
