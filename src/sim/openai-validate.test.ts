import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateOpenAiChat } from './openai-validate.ts';
import { validateOpenAiEmbeddings } from './openai-validate-embeddings.ts';

const valid = { model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] };

describe('validateOpenAiChat', () => {
  it('accepts every documented role', () => {
    const messages = [
      { role: 'developer', content: 'd' },
      { role: 'system', content: 's' },
      { role: 'user', content: [{ type: 'text', text: 'u' }] },
      { role: 'assistant', content: null, tool_calls: [] },
      { role: 'tool', tool_call_id: 'call_1', content: 'r' },
    ];
    assert.equal(validateOpenAiChat({ ...valid, messages }), undefined);
  });

  it('names the missing or invalid field in param', () => {
    assert.equal(validateOpenAiChat({ messages: valid.messages })?.param, 'model');
    assert.equal(validateOpenAiChat({ model: 'gpt-test' })?.param, 'messages');
    assert.equal(validateOpenAiChat({ ...valid, messages: [] })?.code, 'empty_array');
    const badRole = validateOpenAiChat({ ...valid, messages: [{ role: 'robot', content: 'x' }] });
    assert.deepEqual([badRole?.status, badRole?.param, badRole?.code], [400, 'messages[0].role', 'invalid_value']);
    assert.equal(
      validateOpenAiChat({ ...valid, messages: [{ role: 'tool', content: 'x' }] })?.param,
      'messages[0].tool_call_id',
    );
    assert.equal(validateOpenAiChat({ ...valid, max_completion_tokens: 0 })?.param, 'max_completion_tokens');
    assert.equal(validateOpenAiChat({ ...valid, stream_options: { include_usage: true } })?.param, 'stream_options');
  });
});

describe('validateOpenAiEmbeddings', () => {
  it('accepts a string, strings and token arrays', () => {
    for (const input of ['a', ['a', 'b'], [1, 2, 3], [[1, 2], [3]]]) {
      assert.equal(validateOpenAiEmbeddings({ model: 'e', input }), undefined);
    }
  });

  it('names a bad input, dimensions or encoding_format', () => {
    assert.equal(validateOpenAiEmbeddings({ model: 'e' })?.param, 'input');
    assert.equal(validateOpenAiEmbeddings({ model: 'e', input: [] })?.param, 'input');
    assert.equal(validateOpenAiEmbeddings({ model: 'e', input: 'a', dimensions: 0 })?.param, 'dimensions');
    assert.equal(
      validateOpenAiEmbeddings({ model: 'e', input: 'a', encoding_format: 'int8' })?.param,
      'encoding_format',
    );
  });
});
