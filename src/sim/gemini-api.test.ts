import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createSimulator } from './create-simulator.ts';

const headers = { 'content-type': 'application/json', 'x-goog-api-key': 'k' };
const ask = { contents: [{ role: 'user', parts: [{ text: 'Hello simulator' }] }] };

describe('the simulator speaks the Gemini API', () => {
  const sim = createSimulator();
  let url = '';
  const post = (path: string, body: unknown, extra: Record<string, string> = headers) =>
    fetch(url + path, { method: 'POST', headers: extra, body: JSON.stringify(body) });

  before(async () => {
    ({ url } = await sim.listen());
  });
  after(() => sim.close());
  beforeEach(() => sim.clearFaults());

  it('answers generateContent deterministically, with usage, model version and a fresh response id', async () => {
    const first = (await (await post('/v1beta/models/gemini-2.5-flash:generateContent', ask)).json()) as {
      candidates: { content: { role: string; parts: { text: string }[] }; finishReason: string }[];
      usageMetadata: { promptTokenCount: number; candidatesTokenCount: number };
      modelVersion: string;
      responseId: string;
    };
    const second = (await (await post('/v1/models/gemini-2.5-flash:generateContent', ask)).json()) as typeof first;
    assert.equal(first.candidates[0]?.finishReason, 'STOP');
    assert.equal(first.candidates[0]?.content.role, 'model');
    assert.equal(first.candidates[0]?.content.parts[0]?.text, second.candidates[0]?.content.parts[0]?.text);
    assert.equal(first.modelVersion, 'gemini-2.5-flash');
    assert.equal(first.usageMetadata.promptTokenCount, 2);
    assert.notEqual(first.responseId, second.responseId);
  });

  it('streams with alt=sse: one chunk per token, no [DONE], the last chunk with finishReason and usage', async () => {
    const response = await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', ask);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const text = await response.text();
    assert.ok(!text.includes('[DONE]'));
    const chunks = text
      .trim()
      .split('\n\n')
      .map((frame) => JSON.parse(frame.slice('data: '.length)));
    assert.equal(chunks.length, 12);
    assert.equal(chunks.at(-1).candidates[0].finishReason, 'STOP');
    assert.equal(chunks.at(-1).usageMetadata.candidatesTokenCount, 12);
    const array = await (await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent', ask)).json();
    assert.ok(Array.isArray(array) && array.length === 12);
  });

  it('calls a tool on `call <name>` and quotes a function response', async () => {
    const tools = [
      {
        functionDeclarations: [
          { name: 'lookup', parameters: { type: 'OBJECT', properties: { q: { type: 'STRING' } } } },
        ],
      },
    ];
    const called = (await (
      await post('/v1beta/models/g:generateContent', { contents: [{ parts: [{ text: 'call lookup' }] }], tools })
    ).json()) as { candidates: { content: { parts: { functionCall?: { name: string; args: { q: unknown } } }[] } }[] };
    const call = called.candidates[0]?.content.parts[0]?.functionCall;
    assert.equal(call?.name, 'lookup');
    assert.equal(typeof call?.args.q, 'string');
    const quoted = (await (
      await post('/v1beta/models/g:generateContent', {
        contents: [
          { role: 'user', parts: [{ text: 'call lookup' }] },
          { role: 'model', parts: [{ functionCall: call }] },
          { role: 'user', parts: [{ functionResponse: { name: 'lookup', response: { output: 'forty-two' } } }] },
        ],
        tools,
      })
    ).json()) as { candidates: { content: { parts: { text: string }[] } }[] };
    assert.equal(quoted.candidates[0]?.content.parts[0]?.text, 'Tool result: forty-two');
  });

  it('answers Google error bodies: a missing key, a bad body, a 429 fault with its RetryInfo delay', async () => {
    const noKey = await post('/v1beta/models/g:generateContent', ask, { 'content-type': 'application/json' });
    assert.equal(noKey.status, 403);
    assert.equal(((await noKey.json()) as { error: { status: string } }).error.status, 'PERMISSION_DENIED');
    const withQueryKey = await post('/v1beta/models/g:generateContent?key=k', ask, {
      'content-type': 'application/json',
    });
    assert.equal(withQueryKey.status, 200);
    await withQueryKey.arrayBuffer();
    const bad = await post('/v1beta/models/g:generateContent', { contents: [] });
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), {
      error: {
        code: 400,
        message: '* GenerateContentRequest.contents: contents is not specified',
        status: 'INVALID_ARGUMENT',
      },
    });
    sim.setFaults([{ match: { api: 'gemini' }, fault: 'error', status: 429, retry_after_s: 12 }]);
    const limited = await post('/v1beta/models/g:generateContent', ask);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), null);
    const error = ((await limited.json()) as { error: { status: string; details: { retryDelay: string }[] } }).error;
    assert.equal(error.status, 'RESOURCE_EXHAUSTED');
    assert.equal(error.details[0]?.retryDelay, '12s');
  });

  it('ends a stream_error fault with a last error chunk, and lists models', async () => {
    sim.setFaults([{ match: { api: 'gemini' }, fault: 'stream_error', after_events: 2 }]);
    const text = await (await post('/v1beta/models/g:streamGenerateContent?alt=sse', ask)).text();
    const frames = text.trim().split('\n\n');
    assert.equal(frames.length, 3);
    assert.match(frames[2]!, /^data: \{"error":\{"code":503,"message":"[^"]+","status":"UNAVAILABLE"\}\}$/);
    sim.clearFaults();
    const models = (await (await fetch(`${url}/v1beta/models`, { headers })).json()) as { models: { name: string }[] };
    assert.ok(models.models.some((model) => model.name === 'models/gemini-2.5-flash'));
  });
});
