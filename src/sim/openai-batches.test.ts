import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { createSimulator } from './create-simulator.ts';

type ApiError = InstanceType<typeof OpenAI.APIError>;

function jsonl(lines: unknown[]): Buffer {
  return Buffer.from(lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
}

const chatLine = (customId: string, body: Record<string, unknown>) => ({
  custom_id: customId,
  method: 'POST',
  url: '/v1/chat/completions',
  body,
});

const chat = (content: string) => ({ model: 'gpt-5-mini', messages: [{ role: 'user', content }] });

describe('the OpenAI Batch API', () => {
  const sim = createSimulator({ knobs: { answerTokens: 4 } });
  let client: OpenAI;

  const upload = async (content: Buffer) =>
    (await client.files.create({ file: await toFile(content, 'batch.jsonl'), purpose: 'batch' })).id;

  const lines = async (fileId: string) =>
    (await (await client.files.content(fileId)).text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  before(async () => {
    const { url } = await sim.listen();
    client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'key-batches', maxRetries: 0 });
  });
  after(() => sim.close());
  beforeEach(() => sim.configure({ batchDelayMs: 0 }));

  it('runs a chat batch through validating to completed, with an output file and an error file', async () => {
    const input = await upload(jsonl([chatLine('ok', chat('Hello batch')), chatLine('bad', { model: 'gpt-5-mini' })]));
    const created = await client.batches.create({
      input_file_id: input,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      metadata: { job: 'nightly' },
    });
    assert.match(created.id, /^batch_/);
    assert.equal(created.object, 'batch');
    assert.equal(created.status, 'validating');
    assert.equal(created.input_file_id, input);
    assert.deepEqual(created.metadata, { job: 'nightly' });

    let batch = created;
    for (let attempt = 0; attempt < 20 && batch.status !== 'completed'; attempt++) {
      batch = await client.batches.retrieve(created.id);
    }
    assert.equal(batch.status, 'completed');
    assert.deepEqual(batch.request_counts, { total: 2, completed: 1, failed: 1 });
    assert.ok(batch.completed_at !== null && batch.in_progress_at !== null);
    assert.equal(batch.model, 'gpt-5-mini');

    const output = await client.files.retrieve(batch.output_file_id!);
    assert.equal(output.purpose, 'batch_output');
    const [answered] = await lines(batch.output_file_id!);
    assert.equal(answered!.custom_id, 'ok');
    assert.equal(answered!.error, null);
    assert.match(answered!.id as string, /^batch_req_/);
    const response = answered!.response as {
      status_code: number;
      request_id: string;
      body: { object: string; choices: { message: { content: string } }[] };
    };
    assert.equal(response.status_code, 200);
    assert.equal(response.body.object, 'chat.completion');
    const direct = await client.chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'Hello batch' }],
    });
    assert.equal(response.body.choices[0]!.message.content, direct.choices[0]!.message.content);

    const [refused] = await lines(batch.error_file_id!);
    assert.equal(refused!.custom_id, 'bad');
    const refusal = refused!.response as { status_code: number; body: { error: { type: string; param: string } } };
    assert.equal(refusal.status_code, 400);
    assert.equal(refusal.body.error.type, 'invalid_request_error');
    assert.equal(refusal.body.error.param, 'messages');
  });

  it('answers embeddings and responses batches with their endpoints own bodies', async () => {
    const embeddings = await upload(
      jsonl([
        {
          custom_id: 'e',
          method: 'POST',
          url: '/v1/embeddings',
          body: { model: 'text-embedding-3-small', input: 'hi' },
        },
      ]),
    );
    const responses = await upload(
      jsonl([{ custom_id: 'r', method: 'POST', url: '/v1/responses', body: { model: 'gpt-5', input: 'hi' } }]),
    );
    for (const [file, endpoint, object] of [
      [embeddings, '/v1/embeddings', 'list'],
      [responses, '/v1/responses', 'response'],
    ] as const) {
      const created = await client.batches.create({ input_file_id: file, endpoint, completion_window: '24h' });
      const batch = await client.batches.retrieve(created.id);
      assert.equal(batch.status, 'completed', endpoint);
      const [line] = await lines(batch.output_file_id!);
      assert.equal((line!.response as { body: { object: string } }).body.object, object, endpoint);
      assert.equal(batch.error_file_id, null);
    }
  });

  it('fails a batch whose input file has a line that is not JSON, a duplicate custom_id or another url', async () => {
    const input = await upload(
      Buffer.from(
        [
          JSON.stringify(chatLine('a', chat('x'))),
          '{not json',
          JSON.stringify(chatLine('a', chat('y'))),
          JSON.stringify({ ...chatLine('c', chat('z')), url: '/v1/embeddings' }),
        ].join('\n'),
      ),
    );
    const created = await client.batches.create({
      input_file_id: input,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    const batch = await client.batches.retrieve(created.id);
    assert.equal(batch.status, 'failed');
    assert.ok(batch.failed_at !== null);
    assert.equal(batch.output_file_id, null);
    assert.deepEqual(
      batch.errors?.data?.map((error) => [error.code, error.line]),
      [
        ['invalid_json_line', 2],
        ['duplicate_custom_id', 3],
        ['url_mismatch', 4],
      ],
    );
  });

  it('cancels a batch in progress, and answers 409 to cancelling it again', async () => {
    sim.configure({ batchDelayMs: 60_000 });
    const input = await upload(jsonl([chatLine('a', chat('slow'))]));
    const created = await client.batches.create({
      input_file_id: input,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    assert.equal((await client.batches.retrieve(created.id)).status, 'in_progress');
    const cancelling = await client.batches.cancel(created.id);
    assert.equal(cancelling.status, 'cancelling');
    assert.ok(cancelling.cancelling_at !== null);
    const cancelled = await client.batches.retrieve(created.id);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.output_file_id, null);
    await assert.rejects(client.batches.cancel(created.id), (error: ApiError) => {
      assert.equal(error.status, 409);
      assert.match(error.message, /Cannot cancel a batch with status 'cancelled'/);
      return true;
    });
  });

  it('lists batches newest first', async () => {
    const lister = new OpenAI({ baseURL: client.baseURL, apiKey: 'key-batch-list', maxRetries: 0 });
    const input = (
      await lister.files.create({ file: await toFile(jsonl([chatLine('a', chat('x'))]), 'b.jsonl'), purpose: 'batch' })
    ).id;
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      ids.push(
        (
          await lister.batches.create({
            input_file_id: input,
            endpoint: '/v1/chat/completions',
            completion_window: '24h',
          })
        ).id,
      );
    }
    const listed: string[] = [];
    for await (const batch of lister.batches.list({ limit: 2 })) listed.push(batch.id);
    assert.deepEqual(listed, [...ids].reverse());
  });

  it('refuses a batch without input_file_id, with another completion window, or on an unknown file', async () => {
    await assert.rejects(
      client.batches.create({ endpoint: '/v1/chat/completions', completion_window: '24h' } as never),
      (error: ApiError) => error.status === 400 && error.code === 'missing_required_parameter',
    );
    const input = await upload(jsonl([chatLine('a', chat('x'))]));
    await assert.rejects(
      client.batches.create({
        input_file_id: input,
        endpoint: '/v1/chat/completions',
        completion_window: '48h' as '24h',
      }),
      (error: ApiError) => error.status === 400 && error.param === 'completion_window',
    );
    await assert.rejects(
      client.batches.create({ input_file_id: 'file-nope', endpoint: '/v1/chat/completions', completion_window: '24h' }),
      (error: ApiError) => error.status === 404 && /No such File object: file-nope/.test(error.message),
    );
  });

  it('answers 404 batch_not_found for an unknown batch id', async () => {
    await assert.rejects(client.batches.retrieve('batch_unknown'), (error: ApiError) => {
      assert.equal(error.status, 404);
      assert.equal(error.type, 'invalid_request_error');
      assert.equal(error.code, 'batch_not_found');
      return true;
    });
  });
});
