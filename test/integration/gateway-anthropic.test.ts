import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import AnthropicV0 from 'anthropic-sdk-0';
import { type Stack, startStack } from '../helpers/start-stack.ts';

describe('Anthropic clients through the gateway', () => {
  let stack: Stack;
  let client: Anthropic;

  before(async () => {
    stack = await startStack();
    client = new Anthropic({ baseURL: stack.url, apiKey: 'client-key', maxRetries: 0 });
  });
  after(() => stack.close());
  beforeEach(() => {
    stack.simulator.clearFaults();
    stack.simulator.resetStats();
  });

  test('answers messages.create from SDK 1.x, which authenticates with a Bearer header', async () => {
    const { data, response } = await client.messages
      .create({ model: 'claude-smart', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] })
      .withResponse();
    assert.equal(data.type, 'message');
    assert.equal(data.model, 'claude-sonnet-4-6');
    assert.equal(data.content[0]?.type, 'text');
    assert.equal(response.headers.get('x-outlast-provider'), 'anthropic');
    assert.equal(response.headers.get('x-outlast-attempts'), '1');
  });

  test('answers messages.create from SDK 0.x, which sends x-api-key and anthropic-version 2023-06-01', async () => {
    const old = new AnthropicV0({ baseURL: stack.url, apiKey: 'client-key', maxRetries: 0 });
    const message = await old.messages.create({
      model: 'claude-smart',
      max_tokens: 64,
      temperature: 0.5,
      messages: [{ role: 'user', content: 'hello from the old SDK' }],
    });
    assert.equal(message.role, 'assistant');
    assert.equal(message.stop_reason, 'end_turn');
  });

  test('streams a message that stream.finalMessage() assembles', async () => {
    const stream = client.messages.stream({
      model: 'claude-smart',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'stream this' }],
    });
    const message = await stream.finalMessage();
    assert.equal(message.stop_reason, 'end_turn');
    const block = message.content[0];
    assert.ok(block?.type === 'text' && block.text.length > 0);
    assert.ok(message.usage.output_tokens > 0);
  });

  test('streams a tool call whose input the SDK parses', async () => {
    const message = await client.messages
      .stream({
        model: 'claude-smart',
        max_tokens: 256,
        tools: [
          {
            name: 'get_weather',
            description: 'weather of a city',
            input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        ],
        messages: [{ role: 'user', content: 'please call get_weather' }],
      })
      .finalMessage();
    assert.equal(message.stop_reason, 'tool_use');
    const call = message.content.find((block) => block.type === 'tool_use');
    assert.ok(call !== undefined && call.type === 'tool_use');
    assert.equal(call.name, 'get_weather');
    assert.equal(typeof (call.input as { city?: unknown }).city, 'string');
  });

  test('fails over on 529 overloaded_error to the next target', async () => {
    stack.simulator.setFaults([
      { match: { model: 'claude-sonnet-4-6' }, fault: 'error', status: 529, error_type: 'overloaded_error' },
    ]);
    const { data, response } = await client.messages
      .create({ model: 'claude-smart', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    assert.equal(data.model, 'claude-haiku-4-5');
    assert.equal(response.headers.get('x-outlast-fallback'), 'true');
  });

  test('answers 529 overloaded_error with x-should-retry false when every target is overloaded', async () => {
    stack.simulator.setFaults([{ fault: 'error', status: 529, error_type: 'overloaded_error' }]);
    await assert.rejects(
      client.messages.create({ model: 'claude-smart', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => {
        assert.ok(error instanceof Anthropic.InternalServerError);
        assert.equal(error.status, 529);
        assert.equal(error.headers?.get('x-should-retry'), 'false');
        assert.equal((error.error as { error?: { type?: string } }).error?.type, 'overloaded_error');
        return true;
      },
    );
    assert.equal(stack.simulator.stats().total, 3, 'two targets and one same-target retry: max_attempts');
  });

  test('ends a stream that breaks after it started with an Anthropic error event', async () => {
    stack.simulator.setFaults([{ fault: 'cut', after_events: 4 }]);
    const stream = client.messages.stream({
      model: 'claude-smart',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'this stream will break' }],
    });
    await assert.rejects(stream.finalMessage());
  });

  test('counts tokens through the gateway', async () => {
    const result = await client.messages.countTokens({
      model: 'claude-smart',
      messages: [{ role: 'user', content: 'count these five words' }],
    });
    assert.ok(result.input_tokens > 0);
  });

  test('answers an unknown model with a 404 not_found_error naming the model', async () => {
    await assert.rejects(
      client.messages.create({ model: 'no-such-model', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => {
        assert.ok(error instanceof Anthropic.NotFoundError);
        assert.match(error.message, /no-such-model/);
        return true;
      },
    );
  });
});
