import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import Anthropic0 from 'anthropic-sdk-0';
import OpenAI from 'openai';
import { createSimulator } from '../../src/sim/create-simulator.ts';

const weatherSchema = {
  type: 'object' as const,
  properties: {
    city: { type: 'string' },
    days: { type: 'integer', minimum: 1, maximum: 7 },
    unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
  },
  required: ['city', 'days'],
};

describe('simulator with the official SDKs', () => {
  const sim = createSimulator();
  let url = '';
  let anthropic: Anthropic;
  let anthropic0: Anthropic0;
  let openai: OpenAI;

  before(async () => {
    ({ url } = await sim.listen(0, '127.0.0.1'));
    anthropic = new Anthropic({ baseURL: url, apiKey: 'x', maxRetries: 0 });
    anthropic0 = new Anthropic0({ baseURL: url, apiKey: 'x', maxRetries: 0 });
    openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'x', maxRetries: 0 });
  });

  after(() => sim.close());

  beforeEach(() => {
    sim.clearFaults();
    sim.resetStats();
    sim.configure({ answerTokens: 12, tokensPerSecond: 0, ttftMs: 0, latencyMs: 0 });
  });

  it('answers Anthropic messages.create with a deterministic 12-word text and usage', async () => {
    const request = {
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages: [{ role: 'user' as const, content: 'Hello there, simulator' }],
    };
    const first = await anthropic.messages.create(request);
    const second = await anthropic.messages.create(request);
    assert.equal(first.type, 'message');
    assert.equal(first.role, 'assistant');
    assert.equal(first.model, 'claude-sonnet-4-6');
    assert.match(first.id, /^msg_01/);
    assert.notEqual(first.id, second.id);
    assert.equal(first.stop_reason, 'end_turn');
    const block = first.content[0];
    assert.equal(block?.type, 'text');
    assert.equal(block.type === 'text' && block.text.split(' ').length, 12);
    assert.deepEqual(second.content, first.content);
    assert.equal(first.usage.input_tokens, 3);
    assert.equal(first.usage.output_tokens, 12);
  });

  it('streams Anthropic text whose final message equals the non-streamed answer', async () => {
    const request = {
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages: [{ role: 'user' as const, content: 'Stream to me' }],
    };
    const whole = await anthropic.messages.create(request);
    const deltas: string[] = [];
    const stream = anthropic.messages.stream(request);
    stream.on('text', (text) => deltas.push(text));
    const final = await stream.finalMessage();
    const wholeText = whole.content[0]?.type === 'text' ? whole.content[0].text : undefined;
    const finalText = final.content[0]?.type === 'text' ? final.content[0].text : undefined;
    assert.equal(finalText, wholeText);
    assert.equal(deltas.join(''), wholeText);
    assert.equal(deltas.length, 12);
    assert.equal(final.usage.output_tokens, 12);
    assert.equal(final.stop_reason, 'end_turn');
  });

  it('streams an Anthropic tool call whose input parses to the schema-shaped object', async () => {
    const stream = anthropic.messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      tools: [{ name: 'get_weather', description: 'Weather for a city', input_schema: weatherSchema }],
      messages: [{ role: 'user', content: 'Please call get_weather for me' }],
    });
    const final = await stream.finalMessage();
    assert.equal(final.stop_reason, 'tool_use');
    const block = final.content[0];
    assert.ok(block !== undefined && block.type === 'tool_use');
    assert.match(block.id, /^toolu_/);
    assert.equal(block.name, 'get_weather');
    const input = block.input as { city: unknown; days: unknown; unit: unknown };
    assert.equal(typeof input.city, 'string');
    assert.ok(Number.isInteger(input.days) && (input.days as number) >= 1 && (input.days as number) <= 7);
    assert.equal(input.unit, 'celsius');
  });

  it('answers a tool result by quoting it', async () => {
    const message = await anthropic.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      tools: [{ name: 'get_weather', input_schema: weatherSchema }],
      messages: [
        { role: 'user', content: 'call get_weather' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '21 degrees and sunny' }] },
      ],
    });
    assert.deepEqual(message.content, [{ type: 'text', text: 'Tool result: 21 degrees and sunny', citations: null }]);
  });

  it('serves the 0.x Anthropic SDK (anthropic-version 2023-06-01), temperature included, text and tool call', async () => {
    const message = await anthropic0.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      temperature: 0.5,
      messages: [{ role: 'user', content: 'Hello there, simulator' }],
    });
    const current = await anthropic.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Hello there, simulator' }],
    });
    assert.deepEqual(message.content, current.content);
    const streamed = await anthropic0.messages
      .stream({
        model: 'claude-haiku-4-5',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'Hello there, simulator' }],
      })
      .finalMessage();
    const streamedText = streamed.content[0]?.type === 'text' ? streamed.content[0].text : undefined;
    assert.equal(streamedText, current.content[0]?.type === 'text' ? current.content[0].text : null);
    const final = await anthropic0.messages
      .stream({
        model: 'claude-haiku-4-5',
        max_tokens: 64,
        tools: [{ name: 'get_weather', input_schema: weatherSchema }],
        messages: [{ role: 'user', content: 'call get_weather' }],
      })
      .finalMessage();
    const block = final.content[0];
    assert.ok(block !== undefined && block.type === 'tool_use');
    assert.equal(typeof (block.input as { city: unknown }).city, 'string');
  });

  it('answers OpenAI chat.completions.create with the same words as Anthropic', async () => {
    const completion = await openai.chat.completions.create({
      model: 'gpt-5',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello there, simulator' },
      ],
    });
    const message = await anthropic.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Hello there, simulator' }],
    });
    const text = message.content[0]?.type === 'text' ? message.content[0].text : '';
    assert.equal(completion.object, 'chat.completion');
    assert.match(completion.id, /^chatcmpl-/);
    assert.equal(completion.choices[0]?.message.content, text);
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.deepEqual(
      { prompt: completion.usage?.prompt_tokens, completion: completion.usage?.completion_tokens },
      { prompt: 5, completion: 12 },
    );
  });

  it('streams OpenAI chunks with usage when include_usage is set', async () => {
    const stream = await openai.chat.completions.create({
      model: 'gpt-5',
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 5,
      messages: [{ role: 'user', content: 'Count for me' }],
    });
    let text = '';
    let role: string | undefined;
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      role ??= chunk.choices[0]?.delta.role;
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(role, 'assistant');
    assert.equal(text.split(' ').length, 5);
    assert.equal(finish, 'length');
    assert.equal(usage?.completion_tokens, 5);
    assert.equal(usage?.total_tokens, (usage?.prompt_tokens ?? 0) + 5);
  });

  it('streams an OpenAI tool call whose argument fragments assemble into JSON', async () => {
    const stream = await openai.chat.completions.create({
      model: 'gpt-5',
      stream: true,
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: weatherSchema } }],
      messages: [{ role: 'user', content: 'call get_weather now' }],
    });
    let name = '';
    let id = '';
    let argumentsJson = '';
    let fragments = 0;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const call = chunk.choices[0]?.delta.tool_calls?.[0];
      if (call?.id) id = call.id;
      if (call?.function?.name) name = call.function.name;
      if (call?.function?.arguments) {
        argumentsJson += call.function.arguments;
        fragments++;
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.match(id, /^call_/);
    assert.equal(name, 'get_weather');
    assert.ok(fragments > 1);
    const parsed = JSON.parse(argumentsJson) as { city: unknown; days: unknown };
    assert.equal(typeof parsed.city, 'string');
    assert.ok(Number.isInteger(parsed.days));
    assert.equal(finish, 'tool_calls');
  });

  it('serves embeddings through the SDK as floats and as its default base64, identically', async () => {
    const floats = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['the quick brown fox', 'the quick brown fox!'],
      encoding_format: 'float',
    });
    const decoded = await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'the quick brown fox' });
    assert.equal(floats.data.length, 2);
    assert.equal(floats.data[0]?.embedding.length, 256);
    assert.equal(decoded.data[0]?.embedding.length, 256);
    const a = floats.data[0]!.embedding;
    const b = decoded.data[0]!.embedding;
    for (let index = 0; index < a.length; index++) assert.ok(Math.abs(a[index]! - b[index]!) < 1e-6);
    const c = floats.data[1]!.embedding;
    const dot = a.reduce((sum, value, index) => sum + value * c[index]!, 0);
    assert.ok(dot > 0.8, `near-identical texts should be close, got ${dot}`);
    const sized = await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'x', dimensions: 64 });
    assert.equal(sized.data[0]?.embedding.length, 64);
  });

  it('raises Anthropic.RateLimitError with retry-after on a 429 fault', async () => {
    sim.setFaults([{ match: { api: 'anthropic' }, fault: 'error', status: 429, retry_after_s: 7 }]);
    const error = await anthropic.messages
      .create({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof Anthropic.RateLimitError);
    assert.equal(error.headers.get('retry-after'), '7');
    assert.equal(error.type, 'rate_limit_error');
    assert.match(error.requestID ?? '', /^req_/);
  });

  it('raises Anthropic.InternalServerError (status 529, overloaded_error) on a 529 fault', async () => {
    sim.setFaults([{ fault: 'error', status: 529, error_code: 'compaction_unavailable' }]);
    const error = await anthropic.messages
      .create({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof Anthropic.InternalServerError);
    assert.equal(error.status, 529);
    assert.equal(error.type, 'overloaded_error');
    assert.equal(error.errorCode, 'compaction_unavailable');
  });

  it('raises OpenAI.RateLimitError with code rate_limit_exceeded on a 429 fault', async () => {
    sim.setFaults([{ match: { api: 'openai', model: 'gpt-*' }, fault: 'error', status: 429, retry_after_ms: 1500 }]);
    const error = await openai.chat.completions
      .create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof OpenAI.RateLimitError);
    assert.equal(error.code, 'rate_limit_exceeded');
    assert.equal(error.headers?.get('retry-after-ms'), '1500');
  });

  it('raises OpenAI.BadRequestError naming the invalid field in param', async () => {
    const error = await openai.chat.completions
      .create({ model: 'gpt-5', messages: [{ role: 'robot' as 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof OpenAI.BadRequestError);
    assert.equal(error.param, 'messages[0].role');
  });

  it('raises Anthropic.BadRequestError for temperature under anthropic-version 2026-10-21', async () => {
    const error = await anthropic.messages
      .create({
        model: 'claude-sonnet-4-6',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'hi' }],
        ...({ temperature: 1 } as object),
      })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof Anthropic.BadRequestError);
    assert.equal(error.type, 'invalid_request_error');
    assert.match(error.message, /temperature/);
  });

  it('surfaces an Anthropic in-band stream error as an error thrown by the stream iteration', async () => {
    sim.setFaults([{ fault: 'stream_error', after_events: 4, error_type: 'overloaded_error' }]);
    const stream = anthropic.messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const types: string[] = [];
    const error = await (async () => {
      for await (const event of stream) types.push(event.type);
    })().catch((caught: unknown) => caught);
    assert.ok(error instanceof Anthropic.APIError);
    assert.equal(error.type, 'overloaded_error');
    assert.deepEqual(types, ['message_start', 'content_block_start', 'content_block_delta']);
  });

  it('surfaces an Anthropic in-band stream error through the 0.x SDK too', async () => {
    sim.setFaults([{ fault: 'stream_error', after_events: 1, error_type: 'api_error', message: 'boom' }]);
    const error = await anthropic0.messages
      .stream({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage()
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof Anthropic0.APIError);
    assert.match(error.message, /boom/);
  });

  it('surfaces an OpenAI in-band stream error as an error thrown by the iteration', async () => {
    sim.setFaults([{ fault: 'stream_error', after_events: 3, status: 500 }]);
    const stream = await openai.chat.completions.create({
      model: 'gpt-5',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    let chunks = 0;
    const error = await (async () => {
      for await (const _chunk of stream) chunks++;
    })().catch((caught: unknown) => caught);
    assert.ok(error instanceof OpenAI.APIError);
    assert.equal(error.type, 'server_error');
    assert.equal(chunks, 3);
  });

  it('surfaces a cut stream as an error for both SDKs', async () => {
    sim.setFaults([{ fault: 'cut', after_events: 5 }]);
    const anthropicError = await anthropic.messages
      .stream({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage()
      .catch((caught: unknown) => caught);
    assert.ok(anthropicError instanceof Error);
    const stream = await openai.chat.completions.create({
      model: 'gpt-5',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const openaiError = await (async () => {
      for await (const _chunk of stream) {
        // drain
      }
    })().catch((caught: unknown) => caught);
    assert.ok(openaiError instanceof Error);
    assert.equal(sim.stats().by_fault.cut, 2);
  });

  it('counts requests by path, model and fault in /sim/stats', async () => {
    sim.setFaults([{ match: { path: '/v1/embeddings' }, fault: 'error', status: 500, times: 1 }]);
    await anthropic.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 8,
      messages: [{ role: 'user', content: 'a' }],
    });
    await openai.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'b' }] });
    await assert.rejects(
      openai.embeddings.create({ model: 'text-embedding-3-small', input: 'c' }),
      OpenAI.InternalServerError,
    );
    await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'c' });
    const stats = (await (await fetch(`${url}/sim/stats`)).json()) as Record<string, unknown>;
    assert.deepEqual(stats, {
      total: 4,
      by_path: { '/v1/messages': 1, '/v1/chat/completions': 1, '/v1/embeddings': 2 },
      by_fault: { error: 1 },
      by_model: { 'claude-haiku-4-5': 1, 'gpt-5': 1, 'text-embedding-3-small': 2 },
      cancelled: 0,
      completed: 4,
      in_flight: 0,
    });
  });

  it('counts a stream aborted by the client mid-way as cancelled', async () => {
    sim.configure({ answerTokens: 200, tokensPerSecond: 100 });
    const controller = new AbortController();
    const stream = anthropic.messages.stream(
      { model: 'claude-sonnet-4-6', max_tokens: 1000, messages: [{ role: 'user', content: 'long one' }] },
      { signal: controller.signal },
    );
    stream.on('text', () => controller.abort());
    await assert.rejects(stream.finalMessage());
    let stats = sim.stats();
    for (let attempt = 0; attempt < 100 && stats.cancelled === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      stats = sim.stats();
    }
    assert.equal(stats.cancelled, 1);
    assert.equal(stats.completed, 0);
    assert.equal(stats.in_flight, 0);
  });
});
