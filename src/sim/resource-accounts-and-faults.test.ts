import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Anthropic, { toFile as toAnthropicFile } from '@anthropic-ai/sdk';
import OpenAI, { toFile } from 'openai';
import { createSimulator } from './create-simulator.ts';

type OpenAiError = InstanceType<typeof OpenAI.APIError>;
type AnthropicError = InstanceType<typeof Anthropic.APIError>;

const ask = { model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user' as const, content: 'hi' }] };

describe('files and batches per account, under faults', () => {
  const sim = createSimulator();
  let url = '';
  const openAi = (apiKey: string) => new OpenAI({ baseURL: `${url}/v1`, apiKey, maxRetries: 0 });
  const anthropic = (apiKey: string) => new Anthropic({ baseURL: url, apiKey, maxRetries: 0 });

  before(async () => {
    ({ url } = await sim.listen());
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.clearFaults();
    sim.resetStats();
  });

  it('hides an OpenAI file and batch from another key, with the 404 of an unknown id', async () => {
    const owner = openAi('key-owner');
    const stranger = openAi('key-stranger');
    const line = {
      custom_id: 'a',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-5', messages: [{ role: 'user', content: 'x' }] },
    };
    const file = await owner.files.create({
      file: await toFile(Buffer.from(JSON.stringify(line)), 'in.jsonl'),
      purpose: 'batch',
    });
    const batch = await owner.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });

    const strangerFile = await stranger.files.retrieve(file.id).catch((error: OpenAiError) => error);
    const unknownFile = await stranger.files.retrieve('file-unknown').catch((error: OpenAiError) => error);
    assert.equal((strangerFile as OpenAiError).status, 404);
    assert.equal((strangerFile as OpenAiError).message, `404 No such File object: ${file.id}`);
    assert.equal((unknownFile as OpenAiError).type, (strangerFile as OpenAiError).type);
    await assert.rejects(stranger.files.content(file.id), (error: OpenAiError) => error.status === 404);
    await assert.rejects(stranger.files.delete(file.id), (error: OpenAiError) => error.status === 404);
    await assert.rejects(stranger.batches.retrieve(batch.id), (error: OpenAiError) => error.code === 'batch_not_found');
    await assert.rejects(
      stranger.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' }),
      (error: OpenAiError) => error.status === 404,
    );
    assert.equal((await stranger.files.list()).data.length, 0);
    assert.equal((await stranger.batches.list()).data.length, 0);
    assert.equal((await owner.files.retrieve(file.id)).id, file.id);
  });

  it('hides an Anthropic file and batch from another key, with not_found_error', async () => {
    const owner = anthropic('key-owner');
    const stranger = anthropic('key-stranger');
    const file = await owner.beta.files.upload({ file: await toAnthropicFile(Buffer.from('x'), 'x.txt') });
    const batch = await owner.messages.batches.create({ requests: [{ custom_id: 'a', params: ask }] });
    const notFound = (error: AnthropicError) =>
      error.status === 404 && (error.error as { error: { type: string } }).error.type === 'not_found_error';
    await assert.rejects(stranger.beta.files.retrieveMetadata(file.id), notFound);
    await assert.rejects(stranger.messages.batches.retrieve(batch.id), notFound);
    await assert.rejects(stranger.messages.batches.results(batch.id), notFound);
    assert.equal((await stranger.messages.batches.list()).data.length, 0);
    assert.equal((await owner.messages.batches.retrieve(batch.id)).id, batch.id);
  });

  it('turns uploads into the configured error under a fault rule on /v1/files*, storing nothing', async () => {
    sim.setFaults([{ match: { path: '/v1/files*' }, fault: 'error', status: 503, retry_after_s: 2 }]);
    const client = openAi('key-faults');
    await assert.rejects(
      client.files.create({ file: await toFile(Buffer.from('x'), 'x.txt'), purpose: 'user_data' }),
      (error: OpenAiError) => {
        assert.equal(error.status, 503);
        assert.equal(error.headers?.get('retry-after'), '2');
        assert.equal(error.code, 'server_is_overloaded');
        return true;
      },
    );
    await assert.rejects(
      anthropic('key-faults').beta.files.upload({ file: await toAnthropicFile(Buffer.from('x'), 'x.txt') }),
      (error: AnthropicError) => error.status === 503,
    );
    sim.clearFaults();
    assert.equal((await client.files.list()).data.length, 0);
    assert.equal(sim.stats().by_fault.error, 2);
    assert.equal(sim.stats().by_path['/v1/files'], 3);
  });

  it('applies api-scoped error, latency, reset and hang faults to the batch paths', async () => {
    const client = anthropic('key-batch-faults');
    sim.setFaults([
      { match: { api: 'anthropic', path: '/v1/messages/batches' }, fault: 'error', status: 529, times: 1 },
    ]);
    await assert.rejects(
      client.messages.batches.create({ requests: [{ custom_id: 'a', params: ask }] }),
      (error: AnthropicError) => error.status === 529,
    );
    sim.setFaults([{ match: { path: '/v1/messages/batches' }, fault: 'latency', delay_ms: 60 }]);
    const started = performance.now();
    await client.messages.batches.create({ requests: [{ custom_id: 'a', params: ask }] });
    assert.ok(performance.now() - started >= 55);
    sim.setFaults([{ match: { path: '/v1/messages/batches' }, fault: 'reset' }]);
    await assert.rejects(
      client.messages.batches.list(),
      (error: Error) => error.constructor.name === 'APIConnectionError',
    );
    sim.setFaults([{ match: { api: 'openai', path: '/v1/batches*' }, fault: 'hang' }]);
    const controller = new AbortController();
    const hanging = openAi('key-batch-faults').batches.list({}, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(sim.stats().in_flight, 1);
    controller.abort();
    await assert.rejects(hanging);
    for (let attempt = 0; attempt < 50 && sim.stats().cancelled === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.equal(sim.stats().cancelled, 1);
    assert.deepEqual(sim.stats().by_fault, { error: 1, latency: 1, reset: 1, hang: 1 });
  });

  it('drops every file and batch on close()', async () => {
    const other = createSimulator();
    const { url: otherUrl } = await other.listen();
    const client = new OpenAI({ baseURL: `${otherUrl}/v1`, apiKey: 'k', maxRetries: 0 });
    const file = await client.files.create({ file: await toFile(Buffer.from('x'), 'x.txt'), purpose: 'user_data' });
    await other.close();
    const { url: again } = await other.listen();
    const reopened = new OpenAI({ baseURL: `${again}/v1`, apiKey: 'k', maxRetries: 0 });
    await assert.rejects(reopened.files.retrieve(file.id), (error: OpenAiError) => error.status === 404);
    await other.close();
  });
});
