import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ApiError, GoogleGenAI } from '@google/genai';
import { createSimulator } from './create-simulator.ts';

const hour = 60 * 60 * 1000;

/** The `{error: {code, message, status}}` body of an SDK error. */
function googleError(error: unknown): { code: number; message: string; status: string } {
  assert.ok(error instanceof ApiError, String(error));
  return (JSON.parse(error.message) as { error: { code: number; message: string; status: string } }).error;
}

describe("the simulator serves Gemini's Files API", () => {
  let nowMs = Date.parse('2026-03-01T12:00:00.000Z');
  const sim = createSimulator({ now: () => nowMs });
  let url = '';
  const genai = (apiKey: string, apiVersion?: string) =>
    new GoogleGenAI({ apiKey, httpOptions: { baseUrl: url, ...(apiVersion === undefined ? {} : { apiVersion }) } });
  const upload = (client: GoogleGenAI, text: string, displayName?: string) =>
    client.files.upload({
      file: new Blob([text]),
      config: { mimeType: 'text/plain', ...(displayName === undefined ? {} : { displayName }) },
    });
  const start = (key: string, size: number, path = '/upload/v1beta/files') =>
    fetch(url + path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-goog-api-key': key,
        'x-goog-upload-protocol': 'resumable',
        'x-goog-upload-command': 'start',
        'x-goog-upload-header-content-length': String(size),
        'x-goog-upload-header-content-type': 'text/plain',
      },
      body: JSON.stringify({ file: { displayName: 'by hand' } }),
    });
  const send = (uploadUrl: string, command: string, offset: number, bytes: string, headers = {}) =>
    fetch(uploadUrl, {
      method: 'POST',
      headers: { 'x-goog-upload-command': command, 'x-goog-upload-offset': String(offset), ...headers },
      body: bytes,
    });

  before(async () => {
    ({ url } = await sim.listen());
  });
  after(() => sim.close());
  beforeEach(() => sim.clearFaults());

  it('uploads a file with the official SDK and reads it back with files.get', async () => {
    const client = genai('key-upload');
    const file = await upload(client, 'hello, gemini files', 'Notes');
    assert.match(file.name ?? '', /^files\/[a-z0-9]{12}$/);
    const id = file.name!.slice('files/'.length);
    assert.equal(file.displayName, 'Notes');
    assert.equal(file.mimeType, 'text/plain');
    assert.equal(file.sizeBytes, '19');
    assert.equal(file.state, 'ACTIVE');
    assert.equal(file.source, 'UPLOADED');
    assert.equal(file.uri, `${url}/v1/files/${id}`);
    assert.equal(file.createTime, '2026-03-01T12:00:00.000Z');
    assert.equal(file.expirationTime, '2026-03-03T12:00:00.000Z');
    const hex = createHash('sha256').update('hello, gemini files').digest('hex');
    assert.equal(Buffer.from(file.sha256Hash ?? '', 'base64').toString('latin1'), hex);
    assert.deepEqual(await client.files.get({ name: file.name! }), file);
  });

  it('lists the files of the key newest first, a page of pageSize at a time', async () => {
    const client = genai('key-list', 'v1beta');
    const names: string[] = [];
    for (const text of ['one', 'two', 'three']) names.push((await upload(client, text)).name!);
    const first = await client.files.list({ config: { pageSize: 2 } });
    assert.deepEqual(
      first.page.map((file) => file.name),
      [names[2], names[1]],
    );
    const seen: string[] = [];
    for await (const file of await client.files.list({ config: { pageSize: 2 } })) seen.push(file.name!);
    assert.deepEqual(seen, names.toReversed());
    const empty = await fetch(`${url}/v1beta/files`, { headers: { 'x-goog-api-key': 'key-nothing' } });
    assert.deepEqual(await empty.json(), {});
  });

  it('deletes a file, which then answers 403 like any missing file', async () => {
    const client = genai('key-delete');
    const file = await upload(client, 'short-lived');
    const deleted = await fetch(`${url}/v1beta/${file.name}`, {
      method: 'DELETE',
      headers: { 'x-goog-api-key': 'key-delete' },
    });
    assert.deepEqual(await deleted.json(), {});
    await assert.rejects(client.files.get({ name: file.name! }), (error) => {
      assert.equal(googleError(error).status, 'PERMISSION_DENIED');
      return true;
    });
    await client.files.delete({ name: (await upload(client, 'second')).name! });
  });

  it("hides a key's files from another key with the 403 of a missing file", async () => {
    const file = await upload(genai('key-owner'), 'private');
    const stranger = genai('key-stranger');
    for (const call of [stranger.files.get({ name: file.name! }), stranger.files.delete({ name: file.name! })]) {
      await assert.rejects(call, (error) => {
        const body = googleError(error);
        assert.equal(body.code, 403);
        assert.equal(body.status, 'PERMISSION_DENIED');
        assert.equal(
          body.message,
          `You do not have permission to access the File ${file.name!.slice(6)} or it may not exist.`,
        );
        return true;
      });
    }
    assert.equal((await stranger.files.list()).page.length, 0);
    assert.equal((await genai('key-owner').files.get({ name: file.name! })).name, file.name);
  });

  it('turns an upload into the configured error under a fault rule on /upload/v1beta/files*, storing nothing', async () => {
    sim.setFaults([{ match: { api: 'gemini', path: '/upload/v1beta/files*' }, fault: 'error', status: 503 }]);
    const client = genai('key-fault', 'v1beta');
    await assert.rejects(upload(client, 'never stored'), (error) => {
      assert.equal((error as ApiError).status, 503);
      assert.equal(googleError(error).status, 'UNAVAILABLE');
      return true;
    });
    sim.clearFaults();
    assert.equal((await client.files.list()).page.length, 0);
  });

  it('answers the start of a resumable upload with its URL on the called host, then takes chunks at their offsets', async () => {
    const started = await start('key-chunks', 11);
    assert.equal(started.status, 200);
    assert.equal(started.headers.get('x-goog-upload-status'), 'active');
    const uploadUrl = started.headers.get('x-goog-upload-url') ?? '';
    assert.match(uploadUrl, new RegExp(`^${url}/upload/v1beta/files\\?upload_id=[\\w-]+&upload_protocol=resumable$`));
    assert.equal(await started.text(), '');

    const first = await send(uploadUrl, 'upload', 0, 'hello ');
    assert.equal(first.headers.get('x-goog-upload-status'), 'active');
    assert.equal(first.headers.get('x-goog-upload-size-received'), '6');
    assert.equal((await send(uploadUrl, 'upload', 0, 'again')).status, 400);
    const last = await send(uploadUrl, 'upload, finalize', 6, 'world');
    assert.equal(last.headers.get('x-goog-upload-status'), 'final');
    const { file } = (await last.json()) as { file: { name: string; sizeBytes: string; displayName: string } };
    assert.equal(file.sizeBytes, '11');
    assert.equal(file.displayName, 'by hand');
    assert.equal((await send(uploadUrl, 'upload, finalize', 11, '')).status, 404);
  });

  it('takes the bytes of an upload URL without a key, and refuses them under another key', async () => {
    const uploadUrl = (await start('key-url', 3)).headers.get('x-goog-upload-url') ?? '';
    const foreign = await send(uploadUrl, 'upload, finalize', 0, 'abc', { 'x-goog-api-key': 'key-other' });
    assert.equal(foreign.status, 404);
    assert.equal(((await foreign.json()) as { error: { status: string } }).error.status, 'NOT_FOUND');
    const keyless = await send(uploadUrl, 'upload, finalize', 0, 'abc');
    const { file } = (await keyless.json()) as { file: { name: string } };
    assert.equal((await genai('key-url').files.get({ name: file.name })).sizeBytes, '3');
  });

  it('uploads more than one 8 MiB chunk through the SDK', async () => {
    const bytes = Buffer.alloc(8 * 1024 * 1024 + 5, 0x61);
    const file = await genai('key-big').files.upload({ file: new Blob([bytes]), config: { mimeType: 'text/plain' } });
    assert.equal(file.sizeBytes, String(bytes.length));
  });

  it('takes a multipart upload and a raw one', async () => {
    const boundary = 'sim-boundary';
    const body = [
      `--${boundary}\r\nContent-Type: application/json\r\n\r\n{"file":{"displayName":"two parts"}}`,
      `\r\n--${boundary}\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n--${boundary}--\r\n`,
    ].join('');
    const multipart = await fetch(`${url}/upload/v1beta/files?key=key-forms`, {
      method: 'POST',
      headers: { 'x-goog-upload-protocol': 'multipart', 'content-type': `multipart/related; boundary=${boundary}` },
      body,
    });
    const parts = ((await multipart.json()) as { file: Record<string, string> }).file;
    assert.deepEqual([parts.displayName, parts.mimeType, parts.sizeBytes], ['two parts', 'image/png', '7']);
    const raw = await fetch(`${url}/upload/v1beta/files?key=key-forms`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'a,b\n',
    });
    const plain = ((await raw.json()) as { file: Record<string, string> }).file;
    assert.deepEqual([plain.displayName, plain.mimeType, plain.sizeBytes], [undefined, 'text/csv', '4']);
  });

  it('names a file as asked, and refuses a bad or taken name', async () => {
    const client = genai('key-names');
    const named = await client.files.upload({
      file: new Blob(['x']),
      config: { mimeType: 'text/plain', name: 'my-notes' },
    });
    assert.equal(named.name, 'files/my-notes');
    const taken = genai('key-names-2').files.upload({
      file: new Blob(['y']),
      config: { mimeType: 'text/plain', name: 'my-notes' },
    });
    await assert.rejects(taken, (error) => googleError(error).status === 'ALREADY_EXISTS');
    const bad = client.files.upload({ file: new Blob(['z']), config: { mimeType: 'text/plain', name: '-Bad' } });
    await assert.rejects(bad, (error) => googleError(error).status === 'INVALID_ARGUMENT');
  });

  it('downloads only generated files: an upload marked x-sim-downloadable, not a plain one', async () => {
    const plain = await upload(genai('key-download'), 'plain');
    const refused = await fetch(`${url}/v1beta/${plain.name}:download?alt=media`, {
      headers: { 'x-goog-api-key': 'key-download' },
    });
    assert.equal(refused.status, 400);
    const generated = genai('key-download');
    const file = await generated.files.upload({
      file: new Blob(['bytes of a video']),
      config: { mimeType: 'video/mp4', httpOptions: { headers: { 'x-sim-downloadable': 'true' } } },
    });
    assert.equal(file.source, 'GENERATED');
    const download = await fetch(file.downloadUri ?? '', { headers: { 'x-goog-api-key': 'key-download' } });
    assert.equal(download.headers.get('content-type'), 'video/mp4');
    assert.equal(await download.text(), 'bytes of a video');
  });

  it('forgets files 48 hours after their upload', async () => {
    const client = genai('key-expiry');
    const file = await upload(client, 'ephemeral');
    nowMs += 48 * hour;
    await assert.rejects(client.files.get({ name: file.name! }), (error) => googleError(error).code === 403);
    assert.equal((await client.files.list()).page.length, 0);
  });

  it('lets generateContent use a file of the same key only', async () => {
    const client = genai('key-generate');
    const file = await upload(client, 'context');
    const ask = (caller: GoogleGenAI, fileUri: string) =>
      caller.models.generateContent({
        model: 'gemini-2.5-flash',
        contents: [{ role: 'user', parts: [{ fileData: { fileUri, mimeType: 'text/plain' } }, { text: 'Summarise' }] }],
      });
    assert.ok((await ask(client, file.uri!)).text);
    for (const [caller, uri] of [
      [genai('key-other'), file.uri!],
      [client, `${url}/v1beta/files/unknown`],
    ] as const) {
      await assert.rejects(ask(caller, uri), (error) => googleError(error).status === 'PERMISSION_DENIED');
    }
  });
});
