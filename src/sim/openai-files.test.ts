import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { createSimulator } from './create-simulator.ts';

type ApiError = InstanceType<typeof OpenAI.APIError>;

describe('the OpenAI Files API', () => {
  const sim = createSimulator();
  let client: OpenAI;
  let url = '';

  before(async () => {
    ({ url } = await sim.listen());
    client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'key-files', maxRetries: 0 });
  });
  after(() => sim.close());

  it('uploads a file with its purpose and reads it back', async () => {
    const created = await client.files.create({
      file: await toFile(Buffer.from('{"a":1}\n'), 'input.jsonl'),
      purpose: 'batch',
    });
    assert.match(created.id, /^file-/);
    assert.equal(created.object, 'file');
    assert.equal(created.bytes, 8);
    assert.equal(created.filename, 'input.jsonl');
    assert.equal(created.purpose, 'batch');
    assert.equal(created.status, 'processed');
    assert.equal(created.expires_at! - created.created_at, 30 * 24 * 3600);
    assert.deepEqual(await client.files.retrieve(created.id), created);
  });

  it('returns the exact bytes of a file as its content', async () => {
    const bytes = Buffer.from('line "created":1700000000 SIMxIDxSLOTxSIMxIDxSLOTx\n');
    const created = await client.files.create({ file: await toFile(bytes, 'raw.txt'), purpose: 'user_data' });
    const content = await client.files.content(created.id);
    assert.deepEqual(Buffer.from(await content.arrayBuffer()), bytes);
  });

  it('lists the files of the key, filtered by purpose', async () => {
    const lister = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'key-list', maxRetries: 0 });
    const data = await lister.files.create({ file: await toFile(Buffer.from('x'), 'x.txt'), purpose: 'user_data' });
    const tune = await lister.files.create({ file: await toFile(Buffer.from('y'), 'y.jsonl'), purpose: 'fine-tune' });
    const all: string[] = [];
    for await (const file of lister.files.list()) all.push(file.id);
    assert.deepEqual(all, [tune.id, data.id]);
    const page = await lister.files.list({ purpose: 'user_data' });
    assert.deepEqual(
      page.data.map((file) => file.id),
      [data.id],
    );
  });

  it('deletes a file, after which it is 404 with No such File object', async () => {
    const created = await client.files.create({ file: await toFile(Buffer.from('z'), 'z.txt'), purpose: 'user_data' });
    assert.deepEqual(await client.files.delete(created.id), { id: created.id, object: 'file', deleted: true });
    await assert.rejects(client.files.retrieve(created.id), (error: ApiError) => {
      assert.equal(error.status, 404);
      assert.equal(error.type, 'invalid_request_error');
      assert.equal(error.param, 'id');
      assert.equal(error.message, `404 No such File object: ${created.id}`);
      return true;
    });
  });

  it('refuses an unknown purpose and a batch file that is not .jsonl', async () => {
    await assert.rejects(
      client.files.create({ file: await toFile(Buffer.from('a'), 'a.txt'), purpose: 'nonsense' as 'batch' }),
      (error: ApiError) => error.status === 400 && error.param === 'purpose',
    );
    await assert.rejects(
      client.files.create({ file: await toFile(Buffer.from('a'), 'a.txt'), purpose: 'batch' }),
      /Must be \.jsonl/,
    );
  });

  it('answers 401 invalid_api_key to a request without a key', async () => {
    const response = await fetch(`${url}/v1/files`);
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'invalid_api_key');
  });
});
