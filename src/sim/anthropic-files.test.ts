import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic, { toFile } from '@anthropic-ai/sdk';
import { createSimulator } from './create-simulator.ts';

type ApiError = InstanceType<typeof Anthropic.APIError>;

describe('the Anthropic Files API', () => {
  const sim = createSimulator();
  let client: Anthropic;
  let url = '';

  before(async () => {
    ({ url } = await sim.listen());
    client = new Anthropic({ baseURL: url, apiKey: 'key-files', maxRetries: 0 });
  });
  after(() => sim.close());

  it('uploads a file and reads its metadata back', async () => {
    const uploaded = await client.beta.files.upload({
      file: await toFile(Buffer.from('hello, files'), 'notes.txt', { type: 'text/plain' }),
    });
    assert.match(uploaded.id, /^file_/);
    assert.equal(uploaded.type, 'file');
    assert.equal(uploaded.filename, 'notes.txt');
    assert.equal(uploaded.mime_type, 'text/plain');
    assert.equal(uploaded.size_bytes, 12);
    assert.equal(uploaded.downloadable, false);
    assert.ok(!Number.isNaN(Date.parse(uploaded.created_at)));
    assert.deepEqual(await client.beta.files.retrieveMetadata(uploaded.id), uploaded);
  });

  it('refuses to download an uploaded file with 400 file_not_downloadable, as the API does', async () => {
    const uploaded = await client.beta.files.upload({ file: await toFile(Buffer.from('secret'), 'a.txt') });
    await assert.rejects(client.beta.files.download(uploaded.id), (error: ApiError) => {
      assert.equal(error.status, 400);
      const body = error.error as { error: { type: string; details: { error_code: string } } };
      assert.equal(body.error.type, 'invalid_request_error');
      assert.equal(body.error.details.error_code, 'file_not_downloadable');
      return true;
    });
  });

  it('downloads the exact bytes of an upload marked x-sim-downloadable', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 0x22, 0x63, 0x72, 0x65, 0x61, 0x74, 0x65, 0x64, 0x22, 0x3a]);
    const uploaded = await client.beta.files.upload(
      { file: await toFile(bytes, 'data.bin') },
      { headers: { 'x-sim-downloadable': 'true' } },
    );
    assert.equal(uploaded.downloadable, true);
    assert.equal(uploaded.mime_type, 'application/octet-stream');
    const response = await client.beta.files.download(uploaded.id);
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), bytes);
  });

  it('lists the files of the key newest first', async () => {
    const lister = new Anthropic({ baseURL: url, apiKey: 'key-list-files', maxRetries: 0 });
    const first = await lister.beta.files.upload({ file: await toFile(Buffer.from('1'), 'one.txt') });
    const second = await lister.beta.files.upload({ file: await toFile(Buffer.from('2'), 'two.txt') });
    const ids: string[] = [];
    for await (const file of lister.beta.files.list({ limit: 1 })) ids.push(file.id);
    assert.deepEqual(ids, [second.id, first.id]);
    const page = (await (
      await fetch(`${url}/v1/files?limit=1`, {
        headers: { 'x-api-key': 'key-list-files', 'anthropic-version': '2023-06-01' },
      })
    ).json()) as { data: unknown[]; has_more: boolean; first_id: string; last_id: string };
    assert.equal(page.data.length, 1);
    assert.equal(page.has_more, true);
    assert.equal(page.first_id, second.id);
    assert.equal(page.last_id, second.id);
  });

  it('deletes a file, after which it is 404 not_found_error', async () => {
    const uploaded = await client.beta.files.upload({ file: await toFile(Buffer.from('bye'), 'bye.txt') });
    assert.deepEqual(await client.beta.files.delete(uploaded.id), { id: uploaded.id, type: 'file_deleted' });
    await assert.rejects(client.beta.files.retrieveMetadata(uploaded.id), (error: ApiError) => {
      assert.equal(error.status, 404);
      assert.equal((error.error as { error: { type: string } }).error.type, 'not_found_error');
      return true;
    });
  });

  it('refuses an upload without a file part', async () => {
    const form = new FormData();
    form.append('purpose', 'nothing');
    const response = await fetch(`${url}/v1/files`, {
      method: 'POST',
      headers: { 'x-api-key': 'key-files', 'anthropic-version': '2023-06-01' },
      body: form,
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: { message: string } }).error.message, 'file: Field required');
  });

  it('requires anthropic-version like the Messages API', async () => {
    const response = await fetch(`${url}/v1/files`, { headers: { 'x-api-key': 'key-files' } });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /anthropic-version/);
  });
});
