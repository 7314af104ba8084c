import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Anthropic, { toFile as toAnthropicFile } from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI, { toFile } from 'openai';
import { parseConfigText } from '../../src/config/load-config.ts';
import { type ServedGateway, serveGateway } from '../../src/server/serve-gateway.ts';
import { createSimulator, type Simulator } from '../../src/sim/create-simulator.ts';

/** Polls `read` until `done` says so (the simulator ends batches within milliseconds). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let tries = 0; tries < 100; tries++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('never done');
}

describe("the vendors' Files and Batches APIs through Outlast, with the official SDKs", () => {
  // Two accounts of each vendor: a resource lives in the account that created it.
  const accountA: Simulator = createSimulator();
  const accountB: Simulator = createSimulator();
  let gateway: ServedGateway;
  let anthropic: Anthropic;
  let openai: OpenAI;
  before(async () => {
    const a = await accountA.listen(0, '127.0.0.1');
    const b = await accountB.listen(0, '127.0.0.1');
    const loaded = parseConfigText(
      `
providers:
  - { id: claude-a, type: anthropic, api_key: sk-ant-account-a, base_url: "\${A}", models: [] }
  - { id: claude-b, type: anthropic, api_key: sk-ant-account-b, base_url: "\${B}", models: [] }
  - { id: gpt-a, type: openai, api_key: sk-openai-account-a, base_url: "\${A}/v1", models: [] }
  - { id: gpt-b, type: openai, api_key: sk-openai-account-b, base_url: "\${B}/v1", models: [] }
routes:
  - model: claude-any
    targets: [ { provider: claude-a, model: claude-haiku-4-5 }, { provider: claude-b, model: claude-haiku-4-5 } ]
`,
      { A: a.url, B: b.url },
    );
    assert.ok(loaded.ok);
    gateway = await serveGateway(loaded.config, { port: 0, host: '127.0.0.1' });
    anthropic = new Anthropic({ baseURL: gateway.url, apiKey: 'client-key', maxRetries: 0 });
    openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'client-key', maxRetries: 0 });
  });
  after(async () => {
    await gateway.close(100);
    await accountA.close();
    await accountB.close();
  });
  beforeEach(() => {
    accountA.clearFaults();
    accountB.clearFaults();
  });

  test('an Anthropic message batch is created, ended and its results read through Outlast', async () => {
    const batch = await anthropic.messages.batches.create({
      requests: [
        {
          custom_id: 'greeting',
          params: { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello' }] },
        },
      ],
    });
    assert.match(batch.id, /^msgbatch_/);
    const ended = await until(
      () => anthropic.messages.batches.retrieve(batch.id),
      (current) => current.processing_status === 'ended',
    );
    assert.ok(ended.results_url?.startsWith(gateway.url), ended.results_url ?? 'no results_url');
    const results = [];
    for await (const result of await anthropic.messages.batches.results(batch.id)) results.push(result);
    assert.equal(results.length, 1);
    assert.equal(results[0]?.custom_id, 'greeting');
    assert.equal(results[0]?.result.type, 'succeeded');
    const message = results[0]?.result.type === 'succeeded' ? results[0].result.message : undefined;
    assert.ok(message?.content.some((block) => block.type === 'text' && block.text.length > 0));
  });

  test('an Anthropic file uploaded while the first account is overloaded lands in the second, and stays there', async () => {
    accountA.setFaults([
      { match: { api: 'anthropic', path: '/v1/files*' }, fault: 'error', status: 529, error_type: 'overloaded_error' },
    ]);
    // The simulator's `x-sim-downloadable` (an unknown header, relayed as it is) makes the file downloadable, as a
    // file a tool wrote is; a file a user uploads is not.
    const { data: uploaded, response } = await anthropic.beta.files
      .upload(
        { file: await toAnthropicFile(Buffer.from('notes for the batch'), 'notes.txt', { type: 'text/plain' }) },
        { headers: { 'x-sim-downloadable': 'true' } },
      )
      .withResponse();
    assert.equal(response.headers.get('x-outlast-provider'), 'claude-b');
    assert.equal(response.headers.get('x-outlast-fallback'), 'true');
    accountA.clearFaults();
    const { data: metadata, response: again } = await anthropic.beta.files.retrieveMetadata(uploaded.id).withResponse();
    assert.equal(again.headers.get('x-outlast-provider'), 'claude-b');
    assert.equal(again.headers.get('x-outlast-attempts'), '1');
    assert.equal(metadata.filename, 'notes.txt');
    const content = await anthropic.beta.files.download(uploaded.id);
    assert.equal(await content.text(), 'notes for the batch');
    const plain = await anthropic.beta.files.upload({
      file: await toAnthropicFile(Buffer.from('private'), 'private.txt', { type: 'text/plain' }),
    });
    await assert.rejects(anthropic.beta.files.download(plain.id), (error: unknown) => {
      assert.ok(error instanceof Anthropic.BadRequestError, String(error));
      return true;
    });
    const deleted = await anthropic.beta.files.delete(uploaded.id);
    assert.equal(deleted.id, uploaded.id);
    await assert.rejects(anthropic.beta.files.retrieveMetadata(uploaded.id), (error: unknown) => {
      assert.ok(error instanceof Anthropic.NotFoundError);
      return true;
    });
  });

  test('a message citing a file goes to the account holding it, though the route names another account first', async () => {
    accountA.setFaults([
      { match: { api: 'anthropic', path: '/v1/files*' }, fault: 'error', status: 529, error_type: 'overloaded_error' },
    ]);
    const uploaded = await anthropic.beta.files.upload({
      file: await toAnthropicFile(Buffer.from('the quarterly numbers'), 'q3.txt', { type: 'text/plain' }),
    });
    accountA.clearFaults();
    const { data: message, response } = await anthropic.beta.messages
      .create({
        model: 'claude-any',
        max_tokens: 64,
        betas: ['files-api-2025-04-14'],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'document', source: { type: 'file', file_id: uploaded.id } },
              { type: 'text', text: 'Summarize the document' },
            ],
          },
        ],
      })
      .withResponse();
    assert.equal(message.type, 'message');
    assert.equal(response.headers.get('x-outlast-provider'), 'claude-b');
    // Without a cited file the route's order holds.
    const { response: plain } = await anthropic.messages
      .create({ model: 'claude-any', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] })
      .withResponse();
    assert.equal(plain.headers.get('x-outlast-provider'), 'claude-a');
  });

  test('an OpenAI batch runs over an uploaded file in the account that holds it, and its output is read back', async () => {
    accountA.setFaults([{ match: { api: 'openai', path: '/v1/files' }, fault: 'error', status: 500 }]);
    const lines = ['first', 'second'].map((word) =>
      JSON.stringify({
        custom_id: word,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'gpt-5-mini', messages: [{ role: 'user', content: `Say ${word}` }] },
      }),
    );
    const { data: file, response } = await openai.files
      .create({ file: await toFile(Buffer.from(`${lines.join('\n')}\n`), 'batch.jsonl'), purpose: 'batch' })
      .withResponse();
    assert.equal(response.headers.get('x-outlast-provider'), 'gpt-b');
    accountA.clearFaults();
    // The batch names the file in its body: it goes to the account holding the file, not to the first one.
    const { data: batch, response: created } = await openai.batches
      .create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' })
      .withResponse();
    assert.equal(created.headers.get('x-outlast-provider'), 'gpt-b');
    const done = await until(
      () => openai.batches.retrieve(batch.id),
      (current) => current.status === 'completed' || current.status === 'failed',
    );
    assert.equal(done.status, 'completed');
    assert.ok(done.output_file_id);
    const output = await (await openai.files.content(done.output_file_id)).text();
    const answers = output
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { custom_id: string; response: { status_code: number; body: { object: string } } },
      );
    assert.deepEqual(answers.map((answer) => answer.custom_id).sort(), ['first', 'second']);
    for (const answer of answers) {
      assert.equal(answer.response.status_code, 200);
      assert.equal(answer.response.body.object, 'chat.completion');
    }
  });

  test("a file of another account is not found, in the vendor's own error shape", async () => {
    const file = await openai.files.create({ file: await toFile(Buffer.from('x'), 'x.txt'), purpose: 'user_data' });
    // Through Outlast the file is found in its own account...
    const found = await openai.files.retrieve(file.id);
    assert.equal(found.id, file.id);
    // ...and an id no account created is each account's 404, passed back as the vendor's error.
    await assert.rejects(openai.files.retrieve('file-never-created'), (error: unknown) => {
      assert.ok(error instanceof OpenAI.NotFoundError);
      return true;
    });
  });
});

describe("Gemini's Files API through Outlast, with the official genai SDK", () => {
  const accountA: Simulator = createSimulator();
  const accountB: Simulator = createSimulator();
  let gateway: ServedGateway;
  let genai: GoogleGenAI;
  before(async () => {
    const a = await accountA.listen(0, '127.0.0.1');
    const b = await accountB.listen(0, '127.0.0.1');
    const loaded = parseConfigText(
      `
providers:
  - { id: gemini-a, type: gemini, api_key: gemini-account-a, base_url: "\${A}", models: [] }
  - { id: gemini-b, type: gemini, api_key: gemini-account-b, base_url: "\${B}", models: [] }
`,
      { A: a.url, B: b.url },
    );
    assert.ok(loaded.ok);
    gateway = await serveGateway(loaded.config, { port: 0, host: '127.0.0.1' });
    genai = new GoogleGenAI({ apiKey: 'client-key', httpOptions: { baseUrl: gateway.url } });
  });
  after(async () => {
    await gateway.close(100);
    await accountA.close();
    await accountB.close();
  });

  test('a resumable upload started while account A fails goes on in account B, where the file is then read and deleted', async () => {
    accountA.setFaults([{ match: { api: 'gemini', path: '/upload/*' }, fault: 'error', status: 503 }]);
    const file = await genai.files.upload({
      file: new Blob(['gemini notes through Outlast']),
      config: { mimeType: 'text/plain', displayName: 'Notes' },
    });
    accountA.clearFaults();
    assert.match(file.name ?? '', /^files\//);
    assert.equal(file.sizeBytes, '28');
    // The upload's start went to B after A's 503; its bytes followed the upload URL, pointed at Outlast, to B.
    assert.equal(accountB.stats().total >= 2, true);
    const found = await genai.files.get({ name: file.name! });
    assert.equal(found.displayName, 'Notes');
    const names: string[] = [];
    for await (const listed of await genai.files.list()) names.push(listed.name ?? '');
    // The list comes from the first account that answers: A, which holds nothing of this.
    assert.ok(!names.includes(file.name!));
    await genai.files.delete({ name: file.name! });
    await assert.rejects(genai.files.get({ name: file.name! }));
  });
});
