import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { applyChatQuirks } from '../../src/providers/openai-compatible/apply-chat-quirks.ts';
import { openAICompatiblePresets } from '../../src/providers/openai-compatible/openai-compatible-presets.ts';
import { PRESET_NAMES, type PresetName } from '../../src/providers/openai-compatible/preset-names.ts';
import type { CapturedRequest } from '../helpers/capture-upstream.ts';
import { type CaptureStack, startCaptureStack } from '../helpers/start-capture-stack.ts';

/** Where each preset's server answers Chat Completions, below the relay's origin (as its real base URL has it). */
const prefixes: Record<PresetName, string> = {
  ollama: '/v1',
  vllm: '/v1',
  'llama-cpp': '/v1',
  'lm-studio': '/v1',
  groq: '/openai/v1',
  mistral: '/v1',
  together: '/v1',
  deepseek: '',
  openrouter: '/api/v1',
};

function presetProvider(name: PresetName): string {
  const app = name === 'openrouter' ? ', app_url: "https://outlast.example", app_name: Outlast tests' : '';
  return `  - { id: ${name}, type: openai-compatible, preset: ${name}, api_key: key-${name}, base_url: "\${CAP}${prefixes[name]}", models: [] ${app} }`;
}

const config = `
providers:
${PRESET_NAMES.map(presetProvider).join('\n')}
  - { id: azure, type: azure-openai, api_key: azure-secret, base_url: "\${CAP}", deployments: { gpt-4o: prod-4o } }
routes:
${PRESET_NAMES.map((name) => `  - { model: ${name}, targets: [ { provider: ${name}, model: m-${name} } ] }`).join('\n')}
  - { model: llama3, targets: [ { provider: ollama, model: llama3 } ] }
  - { model: azure-4o, targets: [ { provider: azure, model: gpt-4o } ] }
  - { model: azure-other, targets: [ { provider: azure, model: gpt-4.1-mini } ] }
  - { model: azure-embed, targets: [ { provider: azure, model: text-embedding-3-small } ] }
`;

const weatherOpenAI = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather of a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('OpenAI-compatible presets and Azure OpenAI through the gateway', () => {
  let stack: CaptureStack;
  let openai: OpenAI;
  let anthropic: Anthropic;
  before(async () => {
    stack = await startCaptureStack(config);
    openai = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'client-key', maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: stack.url, apiKey: 'client-key', maxRetries: 0 });
  });
  after(() => stack.close());
  beforeEach(() => {
    stack.capture.requests.length = 0;
  });

  const last = (): CapturedRequest => {
    const request = stack.capture.requests.at(-1);
    assert.ok(request !== undefined, 'the upstream received a request');
    return request;
  };

  for (const name of PRESET_NAMES) {
    test(`a ${name} target receives the body with its quirks applied, at its path, and the losses are reported`, async () => {
      const params = {
        model: name,
        messages: [
          { role: 'developer' as const, content: 'Be brief.' },
          { role: 'user' as const, content: 'hello preset' },
        ],
        max_completion_tokens: 48,
        seed: 5,
        logprobs: true,
      };
      const { data, response } = await openai.chat.completions.create(params).withResponse();
      assert.equal(data.object, 'chat.completion');
      assert.ok((data.choices[0]?.message.content ?? '').length > 0);
      const upstream = last();
      assert.equal(upstream.url, `${prefixes[name]}/chat/completions`);
      assert.equal(upstream.headers.authorization, `Bearer key-${name}`);
      const rewritten = applyChatQuirks(params, openAICompatiblePresets[name].quirks);
      assert.deepEqual(JSON.parse(upstream.body), { ...(rewritten?.body ?? params), model: `m-${name}` });
      const lost = (rewritten?.warnings ?? []).map((warning) => `${warning.code}:${warning.field}`);
      const header = response.headers.get('x-outlast-warnings') ?? '';
      for (const warning of lost) assert.ok(header.includes(warning), `${warning} in '${header}'`);
      if (lost.length === 0) assert.equal(header, '');
    });
  }

  test('mistral receives max_tokens, random_seed and a system message, never the fields it forbids', async () => {
    await openai.chat.completions.create({
      model: 'mistral',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: 'hello' },
      ],
      max_completion_tokens: 48,
      seed: 5,
      logprobs: true,
    });
    assert.deepEqual(JSON.parse(last().body), {
      model: 'm-mistral',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hello' },
      ],
      max_tokens: 48,
      random_seed: 5,
    });
  });

  test('when no quirk applies, the client bytes reach the server untouched', async () => {
    const raw = '{"model":"llama3",  "messages":[{"role":"user","content":"hello bytes"}], "max_tokens": 9}';
    const response = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer client-key' },
      body: raw,
    });
    assert.equal(response.status, 200);
    await response.arrayBuffer();
    assert.equal(last().body, raw);
    assert.equal(response.headers.get('x-outlast-warnings'), null);
  });

  test('openrouter receives the app attribution headers from the config', async () => {
    await openai.chat.completions.create({ model: 'openrouter', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(last().headers['http-referer'], 'https://outlast.example');
    assert.equal(last().headers['x-title'], 'Outlast tests');
  });

  test('a mistral stream drops stream_options with a warning and still ends with usage', async () => {
    const { data: stream, response } = await openai.chat.completions
      .create({
        model: 'mistral',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'stream to mistral' }],
      })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.ok(text.length > 0);
    assert.equal(JSON.parse(last().body).stream_options, undefined);
    assert.match(response.headers.get('x-outlast-warnings') ?? '', /dropped-field:stream_options/);
  });

  test('a two-turn tool exchange through mistral keeps the ids valid and paired on both sides', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'please call get_weather' }];
    const first = await openai.chat.completions.create({ model: 'mistral', tools: [weatherOpenAI], messages });
    const call = first.choices[0]?.message.tool_calls?.[0];
    assert.ok(call !== undefined && call.type === 'function');
    messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: 'sunny, 21 C' });
    const second = await openai.chat.completions.create({ model: 'mistral', tools: [weatherOpenAI], messages });
    assert.match(second.choices[0]?.message.content ?? '', /sunny, 21 C/);
    const sent = JSON.parse(last().body) as {
      messages: { role: string; tool_calls?: { id: string }[]; tool_call_id?: string }[];
    };
    const assistantId = sent.messages[1]?.tool_calls?.[0]?.id ?? '';
    assert.match(assistantId, /^[A-Za-z0-9]{9}$/);
    assert.equal(sent.messages[2]?.tool_call_id, assistantId);
  });

  test('an Anthropic client through translation to mistral runs a two-turn tool exchange with valid ids', async () => {
    const weather = {
      name: 'get_weather',
      description: 'Weather of a city',
      input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
    };
    const first = await anthropic.messages
      .stream({
        model: 'mistral',
        max_tokens: 256,
        tools: [weather],
        messages: [{ role: 'user', content: 'please call get_weather' }],
      })
      .finalMessage();
    const call = first.content.find((block) => block.type === 'tool_use');
    assert.ok(call !== undefined && call.type === 'tool_use');
    assert.match(call.id, /^[a-zA-Z0-9_-]+$/);
    const second = await anthropic.messages.create({
      model: 'mistral',
      max_tokens: 256,
      tools: [weather],
      messages: [
        { role: 'user', content: 'please call get_weather' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny, 21 C' }] },
      ],
    });
    const text = second.content[0];
    assert.ok(text?.type === 'text');
    assert.match(text.text, /sunny, 21 C/);
    const sent = JSON.parse(last().body) as {
      messages: { role: string; tool_calls?: { id: string }[]; tool_call_id?: string }[];
    };
    const assistant = sent.messages.find((message) => message.role === 'assistant');
    const tool = sent.messages.find((message) => message.role === 'tool');
    assert.match(assistant?.tool_calls?.[0]?.id ?? '', /^[A-Za-z0-9]{9}$/);
    assert.equal(tool?.tool_call_id, assistant?.tool_calls?.[0]?.id);
    assert.equal(JSON.parse(last().body).max_completion_tokens, undefined);
  });

  test('an Anthropic stream through mistral reports what the client loses, not the stream_options the gateway added', async () => {
    const response = await fetch(`${stack.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: 'mistral',
        max_tokens: 64,
        stream: true,
        metadata: { user_id: 'user-7' },
        messages: [{ role: 'user', content: 'stream to mistral from anthropic' }],
      }),
    });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /event: message_stop/);
    const sent = JSON.parse(last().body) as Record<string, unknown>;
    assert.equal(sent.stream_options, undefined);
    assert.equal(sent.user, undefined);
    assert.equal(response.headers.get('x-outlast-warnings'), 'dropped-field:user');
  });

  test('azure receives api-key (no Bearer), the deployment path and api-version', async () => {
    const completion = await openai.chat.completions.create({
      model: 'azure-4o',
      messages: [{ role: 'user', content: 'hello azure' }],
    });
    assert.ok((completion.choices[0]?.message.content ?? '').length > 0);
    const upstream = last();
    assert.equal(upstream.url, '/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21');
    assert.equal(upstream.headers['api-key'], 'azure-secret');
    assert.equal(upstream.headers.authorization, undefined);
  });

  test('azure uses a model not listed in deployments as the deployment name, streamed', async () => {
    const stream = await openai.chat.completions.create({
      model: 'azure-other',
      stream: true,
      messages: [{ role: 'user', content: 'hello azure stream' }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.ok(text.length > 0);
    assert.equal(last().url, '/openai/deployments/gpt-4.1-mini/chat/completions?api-version=2024-10-21');
  });

  test('azure embeddings go to the deployment embeddings path', async () => {
    const result = await openai.embeddings.create({ model: 'azure-embed', input: 'embed me' });
    assert.ok((result.data[0]?.embedding.length ?? 0) > 0);
    assert.equal(last().url, '/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21');
  });

  test('an Anthropic client gets an Anthropic message from an Azure target', async () => {
    const message = await anthropic.messages.create({
      model: 'azure-4o',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hello from anthropic' }],
    });
    assert.equal(message.type, 'message');
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(last().url, '/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21');
  });
});
