import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createSimulator } from './create-simulator.ts';

const anthropicHeaders = { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' };
const openAiHeaders = { 'content-type': 'application/json', authorization: 'Bearer k' };
const ask = { model: 'claude-test', max_tokens: 64, messages: [{ role: 'user', content: 'Hello simulator' }] };
const chat = { model: 'gpt-test', messages: [{ role: 'user', content: 'Hello simulator' }] };

describe('createSimulator over HTTP', () => {
  const sim = createSimulator();
  let url = '';

  const post = (path: string, body: unknown, headers: Record<string, string>) =>
    fetch(url + path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

  before(async () => {
    ({ url } = await sim.listen());
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.clearFaults();
    sim.resetStats();
  });

  it('sends the Anthropic response headers: request id, organization, rate limits with RFC 3339 resets', async () => {
    const response = await post('/v1/messages', ask, anthropicHeaders);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('request-id') ?? '', /^req_01\w{24}$/);
    assert.ok(response.headers.get('anthropic-organization-id'));
    assert.equal(response.headers.get('content-type'), 'application/json');
    for (const family of ['requests', 'tokens', 'input-tokens', 'output-tokens']) {
      assert.match(response.headers.get(`anthropic-ratelimit-${family}-limit`) ?? '', /^\d+$/);
      assert.match(response.headers.get(`anthropic-ratelimit-${family}-remaining`) ?? '', /^\d+$/);
      assert.match(
        response.headers.get(`anthropic-ratelimit-${family}-reset`) ?? '',
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      );
    }
    await response.arrayBuffer();
  });

  it('sends the OpenAI response headers: request id, processing time, version, Go-duration rate-limit resets', async () => {
    const response = await post('/v1/chat/completions', chat, openAiHeaders);
    assert.match(response.headers.get('x-request-id') ?? '', /^req_\w{24}$/);
    assert.match(response.headers.get('openai-processing-ms') ?? '', /^\d+$/);
    assert.equal(response.headers.get('openai-version'), '2020-10-01');
    assert.match(response.headers.get('x-ratelimit-reset-requests') ?? '', /^(\d+ms|\d+s|\d+m\d+s)$/);
    assert.match(response.headers.get('x-ratelimit-remaining-tokens') ?? '', /^\d+$/);
    await response.arrayBuffer();
  });

  it('gives each response its own ids even when the rendered body comes from the cache', async () => {
    const first = (await (await post('/v1/chat/completions', chat, openAiHeaders)).json()) as { id: string };
    const second = (await (await post('/v1/chat/completions', chat, openAiHeaders)).json()) as { id: string };
    assert.notEqual(first.id, second.id);
    assert.match(first.id, /^chatcmpl-/);
  });

  it('answers 401 authentication_error with the request id in the body when the Anthropic key is missing', async () => {
    const response = await post('/v1/messages', ask, { 'anthropic-version': '2023-06-01' });
    const body = (await response.json()) as { type: string; error: { type: string }; request_id: string };
    assert.equal(response.status, 401);
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'authentication_error');
    assert.equal(body.request_id, response.headers.get('request-id'));
  });

  it('accepts an Anthropic key sent as Authorization: Bearer', async () => {
    const response = await post('/v1/messages', ask, { authorization: 'Bearer k', 'anthropic-version': '2026-10-21' });
    assert.equal(response.status, 200);
    await response.arrayBuffer();
  });

  it('answers 401 invalid_api_key when the OpenAI bearer key is missing', async () => {
    const response = await post('/v1/chat/completions', chat, { 'content-type': 'application/json' });
    const body = (await response.json()) as { error: { code: string; type: string } };
    assert.equal(response.status, 401);
    assert.equal(body.error.code, 'invalid_api_key');
  });

  it('answers 400 when anthropic-version is missing or unknown', async () => {
    for (const version of [undefined, '2024-01-01']) {
      const headers: Record<string, string> = { 'x-api-key': 'k' };
      if (version !== undefined) headers['anthropic-version'] = version;
      const response = await post('/v1/messages', ask, headers);
      const body = (await response.json()) as { error: { type: string; message: string } };
      assert.equal(response.status, 400);
      assert.equal(body.error.type, 'invalid_request_error');
      assert.match(body.error.message, /anthropic-version/);
    }
  });

  it('answers 400 invalid_request_error naming the field on an invalid Anthropic body', async () => {
    const response = await post('/v1/messages', { ...ask, max_tokens: undefined }, anthropicHeaders);
    const body = (await response.json()) as { error: { type: string; message: string } };
    assert.equal(response.status, 400);
    assert.deepEqual(body.error, { type: 'invalid_request_error', message: 'max_tokens: Field required' });
  });

  it('answers malformed JSON with a 400 in each vendor shape', async () => {
    const anthropic = await post('/v1/messages', '{"model":', anthropicHeaders);
    const anthropicBody = (await anthropic.json()) as { type: string; error: { type: string } };
    assert.equal(anthropic.status, 400);
    assert.equal(anthropicBody.error.type, 'invalid_request_error');
    const openai = await post('/v1/chat/completions', 'nope', openAiHeaders);
    const openaiBody = (await openai.json()) as { error: { type: string; param: unknown; code: unknown } };
    assert.equal(openai.status, 400);
    assert.deepEqual(
      [openaiBody.error.type, openaiBody.error.param, openaiBody.error.code],
      ['invalid_request_error', null, null],
    );
  });

  it('answers unknown paths with a 404 in the shape of the vendor the headers suggest', async () => {
    const anthropic = await post('/v1/unknown', {}, anthropicHeaders);
    assert.equal(anthropic.status, 404);
    assert.equal(((await anthropic.json()) as { error: { type: string } }).error.type, 'not_found_error');
    const openai = await fetch(`${url}/v2/whatever`, { headers: openAiHeaders });
    assert.equal(openai.status, 404);
    const body = (await openai.json()) as { error: { message: string; code: unknown } };
    assert.match(body.error.message, /GET \/v2\/whatever/);
    assert.equal(body.error.code, null);
  });

  it('lists models in the Anthropic paged shape when the request speaks Anthropic, else the OpenAI shape', async () => {
    const anthropic = (await (await fetch(`${url}/v1/models?limit=2`, { headers: anthropicHeaders })).json()) as {
      data: { type: string; id: string; display_name: string; created_at: string }[];
      has_more: boolean;
      first_id: string;
      last_id: string;
    };
    assert.equal(anthropic.data.length, 2);
    assert.equal(anthropic.data[0]?.type, 'model');
    assert.equal(anthropic.has_more, true);
    assert.equal(anthropic.first_id, anthropic.data[0]?.id);
    assert.equal(anthropic.last_id, anthropic.data[1]?.id);
    const openai = (await (await fetch(`${url}/v1/models`, { headers: openAiHeaders })).json()) as {
      object: string;
      data: { object: string; owned_by: string }[];
    };
    assert.equal(openai.object, 'list');
    assert.equal(openai.data[0]?.object, 'model');
    const one = (await (await fetch(`${url}/v1/models/gpt-x`, { headers: openAiHeaders })).json()) as { id: string };
    assert.equal(one.id, 'gpt-x');
  });

  it('counts input tokens at /v1/messages/count_tokens', async () => {
    const response = await post(
      '/v1/messages/count_tokens',
      { model: 'claude-test', system: 'Be brief', messages: [{ role: 'user', content: 'one two three' }] },
      anthropicHeaders,
    );
    assert.deepEqual(await response.json(), { input_tokens: 5 });
  });

  it('stops at max_tokens with stop_reason max_tokens, and the x-sim-answer-tokens header sets the length', async () => {
    const cut = (await (await post('/v1/messages', { ...ask, max_tokens: 4 }, anthropicHeaders)).json()) as {
      content: { text: string }[];
      stop_reason: string;
      usage: { output_tokens: number };
    };
    assert.equal(cut.stop_reason, 'max_tokens');
    assert.equal(cut.usage.output_tokens, 4);
    const longer = await post('/v1/chat/completions', chat, { ...openAiHeaders, 'x-sim-answer-tokens': '30' });
    const body = (await longer.json()) as {
      choices: { message: { content: string } }[];
      usage: { completion_tokens: number };
    };
    assert.equal(body.choices[0]?.message.content.split(' ').length, 30);
    assert.equal(body.usage.completion_tokens, 30);
  });

  it('keeps non-ASCII text intact and sets content-length in bytes', async () => {
    const quote = 'Zürich → 東京 🙂';
    const response = await post(
      '/v1/chat/completions',
      {
        model: 'gpt-test',
        messages: [
          { role: 'user', content: 'call lookup' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: quote },
        ],
      },
      openAiHeaders,
    );
    const raw = Buffer.from(await response.arrayBuffer());
    assert.equal(Number(response.headers.get('content-length')), raw.length);
    const body = JSON.parse(raw.toString('utf8')) as { choices: { message: { content: string } }[] };
    assert.equal(body.choices[0]?.message.content, `Tool result: ${quote}`);
  });

  it('serves embeddings with the default 256 dimensions and base64 of little-endian float32', async () => {
    const floats = (await (await post('/v1/embeddings', { model: 'e', input: 'same text' }, openAiHeaders)).json()) as {
      data: { embedding: number[] }[];
      usage: { prompt_tokens: number };
    };
    const encoded = (await (
      await post('/v1/embeddings', { model: 'e', input: 'same text', encoding_format: 'base64' }, openAiHeaders)
    ).json()) as { data: { embedding: string }[] };
    const bytes = Buffer.from(encoded.data[0]!.embedding, 'base64');
    const decoded = Array.from({ length: bytes.length / 4 }, (_, index) => bytes.readFloatLE(index * 4));
    assert.equal(floats.data[0]?.embedding.length, 256);
    assert.equal(decoded.length, 256);
    for (const [index, value] of decoded.entries()) {
      assert.ok(Math.abs(value - floats.data[0]!.embedding[index]!) < 1e-6);
    }
    assert.equal(floats.usage.prompt_tokens, 2);
  });

  it('does not count /sim traffic in the stats', async () => {
    await (await fetch(`${url}/sim/stats`)).arrayBuffer();
    await (await fetch(`${url}/sim/faults`)).arrayBuffer();
    assert.equal(sim.stats().total, 0);
  });
});
