import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import { parseConfigText } from '../../src/config/load-config.ts';
import { serveGateway } from '../../src/server/serve-gateway.ts';
import { startCaptureUpstream } from '../helpers/capture-upstream.ts';
import { type Stack, startStack } from '../helpers/start-stack.ts';

const config = `
defaults: { retry: { same_target_retries: 0 } }
providers:
  - { id: claude, type: anthropic, api_key: k1, base_url: "\${SIM}", models: [] }
  - { id: gem, type: gemini, api_key: gem-secret-key, base_url: "\${SIM}" }
routes:
  - model: gem-then-claude
    targets: [ { provider: gem, model: gemini-primary }, { provider: claude, model: claude-backup } ]
  - model: claude-then-gem
    targets: [ { provider: claude, model: claude-primary }, { provider: gem, model: gemini-backup } ]
  - { model: to-claude, targets: [ { provider: claude, model: claude-sonnet-4-6 } ] }
`;

const weatherDeclaration = {
  name: 'get_weather',
  description: 'Weather of a city',
  parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

async function post(url: string, body: unknown): Promise<{ status: number; json: unknown; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': 'client-key' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

describe('Gemini clients and targets through the gateway', () => {
  let stack: Stack;
  let genai: GoogleGenAI;
  before(async () => {
    stack = await startStack(config);
    genai = new GoogleGenAI({ apiKey: 'client-key', httpOptions: { baseUrl: stack.url } });
  });
  after(() => stack.close());
  beforeEach(() => stack.simulator.clearFaults());

  test('a Gemini client whose Gemini target answers 503 gets its function call from an Anthropic target', async () => {
    stack.simulator.setFaults([{ match: { api: 'gemini' }, fault: 'error', status: 503 }]);
    const response = await genai.models.generateContent({
      model: 'gem-then-claude',
      contents: 'please call get_weather',
      config: { tools: [{ functionDeclarations: [weatherDeclaration] }] },
    });
    assert.equal(response.sdkHttpResponse?.headers?.['x-outlast-provider'], 'claude');
    assert.equal(response.sdkHttpResponse?.headers?.['x-outlast-fallback'], 'true');
    const call = response.functionCalls?.[0];
    assert.equal(call?.name, 'get_weather');
    assert.equal(typeof call?.args?.city, 'string');
    assert.match(call?.id ?? '', /^[a-zA-Z0-9_-]+$/);
    assert.equal(response.candidates?.[0]?.finishReason, 'STOP');
  });

  test('a streaming Gemini client fails over the same way, its stream rendered from the Anthropic answer', async () => {
    stack.simulator.setFaults([{ match: { api: 'gemini' }, fault: 'error', status: 503 }]);
    let text = '';
    for await (const chunk of await genai.models.generateContentStream({ model: 'gem-then-claude', contents: 'hi' })) {
      text += chunk.candidates?.[0]?.content?.parts?.map((part) => part.text ?? '').join('') ?? '';
    }
    assert.ok(text.length > 0);
  });

  test('a Gemini stream whose first chunk is an error fails over before anything reaches the client', async () => {
    stack.simulator.setFaults([{ match: { api: 'gemini' }, fault: 'stream_error', after_events: 0, status: 503 }]);
    const response = await fetch(`${stack.url}/v1beta/models/gem-then-claude:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'client-key' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hello' }] }] }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-outlast-provider'), 'claude');
    const text = await response.text();
    assert.ok(!text.includes('"error"'), text);
    assert.match(text, /"finishReason":"STOP"/);
  });

  test('an Anthropic client whose Anthropic target is overloaded gets its tool call from a Gemini target', async () => {
    stack.simulator.setFaults([
      { match: { model: 'claude-primary' }, fault: 'error', status: 529, error_type: 'overloaded_error' },
    ]);
    const anthropic = new Anthropic({ baseURL: stack.url, apiKey: 'k', maxRetries: 0 });
    const { data, response } = await anthropic.messages
      .create({
        model: 'claude-then-gem',
        max_tokens: 256,
        tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
        messages: [{ role: 'user', content: 'please call get_weather' }],
      })
      .withResponse();
    assert.equal(response.headers.get('x-outlast-provider'), 'gem');
    assert.equal(data.stop_reason, 'tool_use');
    const call = data.content.find((block) => block.type === 'tool_use');
    assert.ok(call?.type === 'tool_use' && call.name === 'get_weather');
    assert.equal(typeof (call.input as { city?: unknown }).city, 'string');
  });

  test('a Gemini stream that breaks after it started ends with a last error chunk the SDK raises', async () => {
    stack.simulator.setFaults([{ match: { api: 'anthropic' }, fault: 'stream_error', after_events: 5 }]);
    const stream = await genai.models.generateContentStream({ model: 'to-claude', contents: 'tell me a story' });
    await assert.rejects(
      (async () => {
        for await (const _chunk of stream) {
          // reading until the error chunk
        }
      })(),
      (error: unknown) => {
        assert.ok(error instanceof ApiError, String(error));
        assert.equal(error.status, 503);
        assert.match(error.message, /UNAVAILABLE/);
        return true;
      },
    );
  });

  test('a Gemini 429 with a RetryInfo delay cools the target down and the client gets RESOURCE_EXHAUSTED', async () => {
    stack.simulator.setFaults([{ match: { api: 'gemini' }, fault: 'error', status: 429, retry_after_s: 30 }]);
    const { status, json } = await post(`${stack.url}/v1beta/models/gem/gemini-limited:generateContent`, {
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
    });
    assert.equal(status, 429);
    const error = (json as { error: { status: string; details: { retryDelay?: string }[] } }).error;
    assert.equal(error.status, 'RESOURCE_EXHAUSTED');
    const delay = error.details.find((detail) => detail.retryDelay !== undefined)?.retryDelay;
    assert.ok(delay !== undefined && Number.parseInt(delay, 10) >= 20, `retryDelay ${delay}`);
  });

  test('streamGenerateContent without alt=sse answers a JSON array', async () => {
    const { status, json } = await post(`${stack.url}/v1beta/models/to-claude:streamGenerateContent`, {
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
    });
    assert.equal(status, 200);
    assert.ok(Array.isArray(json) && json.length === 1);
    assert.equal((json[0] as { candidates: { finishReason: string }[] }).candidates[0]?.finishReason, 'STOP');
  });

  test('what a translation loses is reported in x-outlast-warnings', async () => {
    const response = await genai.models.generateContent({
      model: 'to-claude',
      contents: 'hi',
      config: { seed: 7, thinkingConfig: { thinkingBudget: 128 } },
    });
    const warnings = response.sdkHttpResponse?.headers?.['x-outlast-warnings'] ?? '';
    assert.match(warnings, /dropped-field:generationConfig\.seed/);
    assert.match(warnings, /dropped-thinking:generationConfig\.thinkingConfig/);
  });

  test('models.list() of the genai SDK lists the routes and provider models', async () => {
    const names: string[] = [];
    for await (const model of await genai.models.list()) names.push(model.name ?? '');
    assert.ok(names.includes('models/gem-then-claude'), names.join());
    const beta = await fetch(`${stack.url}/v1beta/models`);
    assert.ok(((await beta.json()) as { models: unknown[] }).models.length > 0);
  });

  test('bad input gets a Gemini-shaped 400 naming the field', async () => {
    const url = `${stack.url}/v1beta/models/to-claude:generateContent`;
    const cases: { body: unknown; field: string }[] = [
      { body: { contents: 'hello' }, field: 'contents' },
      { body: { contents: [] }, field: 'contents' },
      {
        body: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: { topK: 'x' } },
        field: 'generationConfig.topK',
      },
      {
        body: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: { candidateCount: 2 } },
        field: 'generationConfig.candidateCount',
      },
      { body: { contents: [{ role: 'robot', parts: [{ text: 'hi' }] }] }, field: 'contents[0].role' },
      { body: '{"contents": [', field: '' },
    ];
    for (const { body, field } of cases) {
      const { status, json } = await post(url, body);
      assert.equal(status, 400, JSON.stringify(body));
      const error = (json as { error: { code: number; status: string; message: string; details: unknown[] } }).error;
      assert.equal(error.code, 400);
      assert.equal(error.status, 'INVALID_ARGUMENT');
      if (field !== '') assert.ok(error.message.includes(`\`${field}\``), `${error.message} names ${field}`);
      assert.ok(JSON.stringify(error.details).includes('OUTLAST_INVALID'));
    }
    await assert.rejects(genai.models.generateContent({ model: 'nobody-serves-this', contents: 'hi' }), (error) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.status, 404);
      assert.match(error.message, /NOT_FOUND/);
      return true;
    });
  });
});

test('Gemini pass-through: unknown fields reach the upstream unchanged, the model only in the URL, no client key', async () => {
  const upstream = await startCaptureUpstream();
  const loaded = parseConfigText(
    `providers:\n  - { id: gem, type: gemini, api_key: gem-secret-key, base_url: "${upstream.url}" }\nroutes:\n  - { model: fast, targets: [ { provider: gem, model: gemini-2.5-flash } ] }\n`,
    {},
  );
  assert.ok(loaded.ok);
  const served = await serveGateway(loaded.config, { port: 0, host: '127.0.0.1' });
  try {
    const body = JSON.stringify({
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
      cachedContent: 'cachedContents/abc',
      futureField: { nested: true },
    });
    const response = await fetch(`${served.url}/v1beta/models/fast:generateContent?key=client-secret`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { responseId: string }).responseId, 'capture');
    const sent = upstream.requests[0]!;
    assert.equal(sent.url, '/v1beta/models/gemini-2.5-flash:generateContent');
    assert.equal(sent.body, body);
    assert.equal(sent.headers['x-goog-api-key'], 'gem-secret-key');
    assert.ok(!JSON.stringify(sent).includes('client-secret'));
  } finally {
    await served.close(100);
    await upstream.close();
  }
});
