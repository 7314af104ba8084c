import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startCaptureUpstream } from '../helpers/capture-upstream.ts';
import { type Stack, startStack } from '../helpers/start-stack.ts';

const config = `
defaults: { retry: { base_ms: 5, cap_ms: 10 } }
providers:
  - { id: claude, type: anthropic, api_key: sk-ant-responses-secret, base_url: "\${SIM}", models: [] }
  - { id: gpt, type: openai, api_key: sk-openai-responses-secret, base_url: "\${SIM}/v1", models: [] }
  - { id: local, type: openai-compatible, api_key: sk-local-responses, base_url: "\${SIM}/v1", models: [] }
  - { id: google, type: gemini, api_key: gemini-responses-secret, base_url: "\${SIM}", models: [] }
routes:
  - model: on-openai
    targets: [ { provider: gpt, model: gpt-5 } ]
  - model: on-anthropic
    targets: [ { provider: claude, model: claude-sonnet-4-6 } ]
  - model: on-compatible
    targets: [ { provider: local, model: llama3.1-8b } ]
  - model: on-gemini
    targets: [ { provider: google, model: gemini-2.5-flash } ]
  - model: gpt-then-claude
    targets: [ { provider: gpt, model: gpt-primary }, { provider: claude, model: claude-backup } ]
`;

const routes = ['on-openai', 'on-anthropic', 'on-compatible', 'on-gemini'] as const;
const served: Record<(typeof routes)[number], string> = {
  'on-openai': 'gpt',
  'on-anthropic': 'claude',
  'on-compatible': 'local',
  'on-gemini': 'google',
};

const weather = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather of a city',
  strict: true,
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
};

/** The SSE events of a raw streamed Responses request, in order. */
async function rawEvents(url: string, body: object): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const response = await fetch(`${url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
    body: JSON.stringify({ ...body, stream: true }),
  });
  assert.equal(response.status, 200);
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => {
      const data = JSON.parse(block.slice(block.indexOf('data: ') + 6)) as Record<string, unknown>;
      return { type: data.type as string, data };
    });
}

describe('the OpenAI Responses API through the gateway', () => {
  let stack: Stack;
  let client: OpenAI;
  before(async () => {
    stack = await startStack(config);
    client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 0 });
  });
  after(() => stack.close());
  beforeEach(() => {
    stack.simulator.clearFaults();
    stack.simulator.resetStats();
  });

  for (const route of routes) {
    test(`answers a Responses request from the ${served[route]} target, whole and streamed`, async () => {
      const { data, response } = await client.responses
        .create({ model: route, input: 'tell me about rivers', instructions: 'Be brief.' })
        .withResponse();
      assert.equal(data.object, 'response');
      assert.equal(data.status, 'completed');
      assert.ok(data.output_text.length > 0);
      assert.ok(data.usage !== undefined && data.usage.output_tokens > 0);
      assert.equal(response.headers.get('x-outlast-provider'), served[route]);
      const streamed = await client.responses
        .stream({ model: route, input: 'tell me about rivers', instructions: 'Be brief.' })
        .finalResponse();
      assert.equal(streamed.status, 'completed');
      assert.equal(streamed.output_text, data.output_text);
    });
  }

  for (const first of routes) {
    for (const second of routes) {
      if (first === second) continue;
      test(`a function-call exchange started on ${served[first]} continues on ${served[second]} through previous_response_id`, async () => {
        const turn1 = await client.responses.create({
          model: first,
          input: 'please call get_weather',
          tools: [weather],
        });
        const call = turn1.output.find((item) => item.type === 'function_call');
        assert.ok(call?.type === 'function_call', 'the first turn calls the tool');
        assert.equal(call.name, 'get_weather');
        assert.deepEqual(Object.keys(JSON.parse(call.arguments)), ['city']);
        const stream = client.responses.stream({
          model: second,
          previous_response_id: turn1.id,
          input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temperature_c":21}' }],
          tools: [weather],
        });
        const turn2 = await stream.finalResponse();
        assert.equal(turn2.status, 'completed');
        assert.match(turn2.output_text, /temperature_c/, 'the second provider saw the tool result');
      });
    }
  }

  test('the second turn is served by a different provider than the first, as its headers say', async () => {
    const turn1 = await client.responses.create({
      model: 'on-openai',
      input: 'please call get_weather',
      tools: [weather],
    });
    const call = turn1.output.find((item) => item.type === 'function_call');
    assert.ok(call?.type === 'function_call');
    const { data, response } = await client.responses
      .create({
        model: 'on-anthropic',
        previous_response_id: turn1.id,
        input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
        tools: [weather],
      })
      .withResponse();
    assert.equal(response.headers.get('x-outlast-provider'), 'claude');
    assert.match(data.output_text, /sunny/);
  });

  test('an unknown previous_response_id is a 400 naming the field, in OpenAI shape', async () => {
    await assert.rejects(
      client.responses.create({ model: 'on-anthropic', previous_response_id: 'resp_unknown', input: 'hi' }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.equal(error.param, 'previous_response_id');
        assert.equal(error.code, 'OUTLAST_PREVIOUS_RESPONSE_NOT_FOUND');
        assert.match(error.message, /resp_unknown/);
        return true;
      },
    );
  });

  test('a response sent with store: false cannot be chained on', async () => {
    const turn1 = await client.responses.create({ model: 'on-anthropic', input: 'do not keep this', store: false });
    await assert.rejects(
      client.responses.create({ model: 'on-anthropic', previous_response_id: turn1.id, input: 'and then?' }),
      OpenAI.BadRequestError,
    );
  });

  test('a stored response can be retrieved, its input listed, and deleted, after which it cannot be chained on', async () => {
    const created = await client.responses.create({ model: 'on-compatible', input: 'remember me' });
    const retrieved = await client.responses.retrieve(created.id);
    assert.equal(retrieved.id, created.id);
    assert.equal(retrieved.output_text, created.output_text);
    const items = await client.responses.inputItems.list(created.id);
    assert.equal(items.data.length, 1);
    await client.responses.delete(created.id);
    await assert.rejects(client.responses.retrieve(created.id), OpenAI.NotFoundError);
    await assert.rejects(
      client.responses.create({ model: 'on-compatible', previous_response_id: created.id, input: 'x' }),
      OpenAI.BadRequestError,
    );
  });

  test('an item_reference is resolved from the stored responses', async () => {
    const turn1 = await client.responses.create({
      model: 'on-openai',
      input: 'please call get_weather',
      tools: [weather],
    });
    const call = turn1.output.find((item) => item.type === 'function_call');
    assert.ok(call?.type === 'function_call' && call.id !== undefined);
    const turn2 = await client.responses.create({
      model: 'on-anthropic',
      input: [
        { role: 'user', content: 'please call get_weather' },
        { type: 'item_reference', id: call.id },
        { type: 'function_call_output', call_id: call.call_id, output: 'cloudy' },
      ],
      tools: [weather],
    });
    assert.match(turn2.output_text, /cloudy/);
  });

  test('an OpenAI target failing with 503 fails over to an Anthropic target, tool call included, same event contract', async () => {
    stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'error', status: 503 }]);
    const stream = client.responses.stream({
      model: 'gpt-then-claude',
      input: 'please call get_weather',
      tools: [weather],
    });
    const final = await stream.finalResponse();
    const call = final.output.find((item) => item.type === 'function_call');
    assert.ok(call?.type === 'function_call');
    assert.equal(call.name, 'get_weather');
    assert.ok(call.call_id.length > 0);
  });

  for (const route of ['on-openai', 'on-anthropic'] as const) {
    test(`a stream cut upstream after it started ends with error then response.failed (${served[route]} target)`, async () => {
      stack.simulator.setFaults([{ fault: 'cut', after_events: 5 }]);
      const events = await rawEvents(stack.url, { model: route, input: 'a long answer please' });
      const types = events.map((event) => event.type);
      assert.equal(types[0], 'response.created');
      assert.deepEqual(types.slice(-2), ['error', 'response.failed']);
      const failed = events.at(-1)!.data.response as { id: string; status: string };
      assert.equal(failed.status, 'failed');
      assert.equal(failed.id, (events[0]!.data.response as { id: string }).id);
      const sequence = events.map((event) => event.data.sequence_number);
      assert.deepEqual(
        sequence,
        sequence.map((_value, index) => index),
      );
      stack.simulator.setFaults([{ fault: 'cut', after_events: 5 }]);
      await assert.rejects(client.responses.stream({ model: route, input: 'a long answer please' }).finalResponse());
    });
  }

  test('a translated stream follows the event grammar: created, in_progress, items opened and closed in order', async () => {
    const events = await rawEvents(stack.url, {
      model: 'on-anthropic',
      input: 'please call get_weather',
      tools: [weather],
    });
    const types = events.map((event) => event.type);
    assert.deepEqual(types.slice(0, 3), ['response.created', 'response.in_progress', 'response.output_item.added']);
    assert.equal(types.at(-1), 'response.completed');
    assert.equal(
      types.filter((type) => type === 'response.output_item.added').length,
      types.filter((type) => type === 'response.output_item.done').length,
    );
    const done = events.find((event) => event.type === 'response.function_call_arguments.done');
    assert.ok(done !== undefined);
    JSON.parse(done.data.arguments as string);
  });

  test('bad input is a 400 naming the field', async () => {
    await assert.rejects(
      client.responses.create({
        model: 'on-anthropic',
      } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming),
      (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'input',
    );
    await assert.rejects(
      client.responses.create({
        model: 'on-anthropic',
        input: 'search',
        tools: [{ type: 'web_search' }],
        tool_choice: { type: 'web_search_preview' },
      }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'tool_choice',
    );
  });
});

describe('Responses pass-through to an OpenAI target', () => {
  test('unknown fields and reasoning settings reach the OpenAI upstream unchanged, only the model rewritten', async () => {
    const upstream = await startCaptureUpstream();
    const stack = await startStack(`
providers:
  - { id: gpt, type: openai, api_key: sk-capture, base_url: "${upstream.url}/v1", models: [] }
routes:
  - model: captured
    targets: [ { provider: gpt, model: gpt-5 } ]
`);
    try {
      const body = {
        model: 'captured',
        input: 'hello',
        client_metadata: { session: 'abc' },
        prompt_cache_key: 'conv-1',
        reasoning: { effort: 'high', summary: 'auto' },
        include: ['reasoning.encrypted_content'],
      };
      const response = await fetch(`${stack.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer client-key' },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      const sent = upstream.requests[0]!;
      assert.equal(sent.url, '/v1/responses');
      assert.deepEqual(JSON.parse(sent.body), { ...body, model: 'gpt-5' });
      assert.equal(sent.headers.authorization, 'Bearer sk-capture');
    } finally {
      await stack.close();
      await upstream.close();
    }
  });
});

describe('the response ledger on disk', () => {
  test('a response stored by one gateway process can be chained on by the next one on the same data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'outlast-ledger-'));
    try {
      const first = await startStack(config, { dataDir });
      const client1 = new OpenAI({ baseURL: `${first.url}/v1`, apiKey: 'k', maxRetries: 0 });
      const turn1 = await client1.responses.create({
        model: 'on-anthropic',
        input: 'please call get_weather',
        tools: [weather],
      });
      await first.close();
      const second = await startStack(config, { dataDir });
      try {
        const client2 = new OpenAI({ baseURL: `${second.url}/v1`, apiKey: 'k', maxRetries: 0 });
        const call = turn1.output.find((item) => item.type === 'function_call');
        assert.ok(call?.type === 'function_call');
        const turn2 = await client2.responses.create({
          model: 'on-openai',
          previous_response_id: turn1.id,
          input: [{ type: 'function_call_output', call_id: call.call_id, output: 'windy' }],
          tools: [weather],
        });
        assert.match(turn2.output_text, /windy/);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
