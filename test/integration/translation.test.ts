import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { type Stack, startStack } from '../helpers/start-stack.ts';

const config = `
providers:
  - { id: claude, type: anthropic, api_key: k1, base_url: "\${SIM}", models: [] }
  - { id: gpt, type: openai, api_key: k2, base_url: "\${SIM}/v1", models: [] }
routes:
  - model: to-openai
    targets: [ { provider: gpt, model: gpt-5 } ]
  - model: to-anthropic
    targets: [ { provider: claude, model: claude-sonnet-4-6 } ]
  - model: claude-then-gpt
    targets: [ { provider: claude, model: claude-primary }, { provider: gpt, model: gpt-backup } ]
`;

const weather = {
  name: 'get_weather',
  description: 'Weather of a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};
const weatherOpenAI = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather of a city', parameters: weather.input_schema },
};

describe('cross-format translation through the gateway', () => {
  let stack: Stack;
  let anthropic: Anthropic;
  let openai: OpenAI;
  before(async () => {
    stack = await startStack(config);
    anthropic = new Anthropic({ baseURL: stack.url, apiKey: 'k', maxRetries: 0 });
    openai = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 0 });
  });
  after(() => stack.close());
  beforeEach(() => {
    stack.simulator.clearFaults();
    stack.simulator.resetStats();
  });

  test('an Anthropic client gets an Anthropic message from an OpenAI target, text equal to the direct answer', async () => {
    const direct = await new OpenAI({
      baseURL: `${stack.simUrl}/v1`,
      apiKey: 'k',
      maxRetries: 0,
    }).chat.completions.create({
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'translate me' }],
    });
    const { data, response } = await anthropic.messages
      .create({ model: 'to-openai', max_tokens: 64, messages: [{ role: 'user', content: 'translate me' }] })
      .withResponse();
    assert.equal(data.type, 'message');
    assert.equal(data.stop_reason, 'end_turn');
    const block = data.content[0];
    assert.ok(block?.type === 'text');
    assert.equal(block.text, direct.choices[0]?.message.content);
    assert.equal(response.headers.get('x-outlast-provider'), 'gpt');
  });

  test('an Anthropic client streams from an OpenAI target and finalMessage() assembles it', async () => {
    const message = await anthropic.messages
      .stream({ model: 'to-openai', max_tokens: 64, messages: [{ role: 'user', content: 'stream across' }] })
      .finalMessage();
    assert.equal(message.stop_reason, 'end_turn');
    assert.ok(message.content[0]?.type === 'text' && message.content[0].text.length > 0);
  });

  test('a two-turn tool exchange works for an Anthropic client on an OpenAI target, streamed', async () => {
    const first = await anthropic.messages
      .stream({
        model: 'to-openai',
        max_tokens: 256,
        tools: [weather],
        messages: [{ role: 'user', content: 'please call get_weather' }],
      })
      .finalMessage();
    assert.equal(first.stop_reason, 'tool_use');
    const call = first.content.find((block) => block.type === 'tool_use');
    assert.ok(call !== undefined && call.type === 'tool_use');
    assert.match(call.id, /^[a-zA-Z0-9_-]+$/);
    assert.equal(typeof (call.input as { city?: unknown }).city, 'string');
    const second = await anthropic.messages.create({
      model: 'to-openai',
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
  });

  test('an OpenAI client gets a chat completion from an Anthropic target, tool calls streamed', async () => {
    const stream = await openai.chat.completions.create({
      model: 'to-anthropic',
      stream: true,
      stream_options: { include_usage: true },
      tools: [weatherOpenAI],
      messages: [{ role: 'user', content: 'please call get_weather' }],
    });
    let args = '';
    let name = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const call = chunk.choices[0]?.delta.tool_calls?.[0];
      if (call?.function?.name) name = call.function.name;
      args += call?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(name, 'get_weather');
    assert.equal(typeof (JSON.parse(args) as { city?: unknown }).city, 'string');
    assert.equal(finish, 'tool_calls');
    assert.ok((usage?.prompt_tokens ?? 0) > 0);
  });

  test('an OpenAI client gets text from an Anthropic target, non-stream, with usage', async () => {
    const completion = await openai.chat.completions.create({
      model: 'to-anthropic',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hello across' },
      ],
    });
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.ok((completion.choices[0]?.message.content ?? '').length > 0);
    assert.ok((completion.usage?.completion_tokens ?? 0) > 0);
  });

  test('reports dropped fields in x-outlast-warnings', async () => {
    const { response } = await openai.chat.completions
      .create({ model: 'to-anthropic', seed: 7, messages: [{ role: 'user', content: 'hello' }] })
      .withResponse();
    assert.match(response.headers.get('x-outlast-warnings') ?? '', /seed/);
  });

  test('an Anthropic client whose Anthropic target fails gets its answer, tool call included, from an OpenAI target', async () => {
    stack.simulator.setFaults([
      { match: { model: 'claude-primary' }, fault: 'error', status: 529, error_type: 'overloaded_error' },
    ]);
    const { data, response } = await anthropic.messages
      .create({
        model: 'claude-then-gpt',
        max_tokens: 256,
        tools: [weather],
        messages: [{ role: 'user', content: 'please call get_weather' }],
      })
      .withResponse();
    assert.equal(response.headers.get('x-outlast-provider'), 'gpt');
    assert.equal(response.headers.get('x-outlast-fallback'), 'true');
    assert.equal(data.stop_reason, 'tool_use');
    const call = data.content.find((block) => block.type === 'tool_use');
    assert.ok(call !== undefined && call.type === 'tool_use' && call.name === 'get_weather');
  });

  test('an upstream 400 from a translated target reaches the client in its own format', async () => {
    stack.simulator.setFaults([{ match: { model: 'gpt-5' }, fault: 'error', status: 400, message: 'bad thing' }]);
    await assert.rejects(
      anthropic.messages.create({ model: 'to-openai', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => {
        assert.ok(error instanceof Anthropic.BadRequestError);
        assert.equal((error.error as { type?: string }).type, 'error');
        return true;
      },
    );
  });
});

describe('what a translated request looks like upstream', () => {
  test('an Anthropic image block reaches an OpenAI target as a data URL image part', async () => {
    const { startCaptureUpstream } = await import('../helpers/capture-upstream.ts');
    const { parseConfigText } = await import('../../src/config/load-config.ts');
    const { serveGateway } = await import('../../src/server/serve-gateway.ts');
    const upstream = await startCaptureUpstream();
    const loaded = parseConfigText(
      `providers:\n  - { id: gpt, type: openai, api_key: k, base_url: "${upstream.url}/v1" }\nroutes:\n  - { model: vision, targets: [ { provider: gpt, model: gpt-5 } ] }\n`,
      {},
    );
    assert.ok(loaded.ok);
    const served = await serveGateway(loaded.config, { port: 0, host: '127.0.0.1' });
    try {
      const client = new Anthropic({ baseURL: served.url, apiKey: 'k', maxRetries: 0 });
      const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
      const message = await client.messages.create({
        model: 'vision',
        max_tokens: 32,
        system: 'describe images',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pixel } },
              { type: 'text', text: 'what is this?' },
            ],
          },
        ],
      });
      assert.equal(message.content[0]?.type, 'text');
      const sent = JSON.parse(upstream.requests[0]!.body) as {
        model: string;
        messages: { role: string; content: unknown }[];
      };
      assert.equal(upstream.requests[0]!.url, '/v1/chat/completions');
      assert.equal(sent.model, 'gpt-5');
      assert.deepEqual(sent.messages[0], { role: 'system', content: 'describe images' });
      assert.deepEqual(sent.messages[1], {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: `data:image/png;base64,${pixel}` } },
          { type: 'text', text: 'what is this?' },
        ],
      });
    } finally {
      await served.close(100);
      await upstream.close();
    }
  });
});
