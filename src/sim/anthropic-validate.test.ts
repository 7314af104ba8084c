import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateAnthropicRequest } from './anthropic-validate.ts';

const valid = { model: 'claude-test', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
const current = { version: '2026-10-21', countTokens: false };
const legacy = { version: '2023-06-01', countTokens: false };

function messageOf(body: unknown, options = current): string | undefined {
  return validateAnthropicRequest(body, options)?.message;
}

describe('validateAnthropicRequest', () => {
  it('accepts a minimal request', () => {
    assert.equal(validateAnthropicRequest(valid, current), undefined);
  });

  it('names a missing or mistyped model, max_tokens and messages', () => {
    assert.equal(messageOf({ ...valid, model: undefined }), 'model: Field required');
    assert.equal(messageOf({ ...valid, max_tokens: undefined }), 'max_tokens: Field required');
    assert.match(messageOf({ ...valid, max_tokens: 1.5 }) ?? '', /^max_tokens: /);
    assert.equal(messageOf({ ...valid, messages: undefined }), 'messages: Field required');
    assert.match(messageOf({ ...valid, messages: [] }) ?? '', /^messages: /);
  });

  it('names the message with a bad role, content or empty text block', () => {
    const badRole = { ...valid, messages: [valid.messages[0], { role: 'system', content: 'x' }] };
    assert.equal(messageOf(badRole), "messages.1.role: Input should be 'user' or 'assistant'");
    assert.match(messageOf({ ...valid, messages: [{ role: 'user', content: 3 }] }) ?? '', /^messages\.0\.content: /);
    const emptyText = { ...valid, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] };
    assert.equal(messageOf(emptyText), 'messages.0.content.0.text: text content blocks must be non-empty');
  });

  it('rejects temperature, top_p and top_k under 2026-10-21 but takes them under 2023-06-01', () => {
    for (const field of ['temperature', 'top_p', 'top_k']) {
      const body = { ...valid, [field]: 1 };
      assert.equal(messageOf(body, current), `${field}: Extra inputs are not permitted`);
      assert.equal(messageOf(body, legacy), undefined);
    }
  });

  it('answers invalid_request_error with status 400', () => {
    assert.deepEqual(validateAnthropicRequest({}, current), {
      status: 400,
      type: 'invalid_request_error',
      message: 'model: Field required',
    });
  });

  it('does not require max_tokens for count_tokens', () => {
    const { max_tokens: _unused, ...body } = valid;
    assert.equal(validateAnthropicRequest(body, { version: '2023-06-01', countTokens: true }), undefined);
  });

  it('requires an input_schema on custom tools', () => {
    assert.equal(messageOf({ ...valid, tools: [{ name: 'x' }] }), 'tools.0.input_schema: Field required');
    assert.equal(messageOf({ ...valid, tools: [{ type: 'web_search_20250305', name: 'web_search' }] }), undefined);
  });
});
