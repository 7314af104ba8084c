import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { parseConfigText } from '../../src/config/load-config.ts';
import { type ServedGateway, serveGateway } from '../../src/server/serve-gateway.ts';
import { type CaptureUpstream, startCaptureUpstream } from '../helpers/capture-upstream.ts';

describe('fields and headers the gateway does not read pass through unchanged', () => {
  let upstream: CaptureUpstream;
  let served: ServedGateway;

  before(async () => {
    upstream = await startCaptureUpstream();
    const loaded = parseConfigText(
      `
providers:
  - { id: anthropic, type: anthropic, api_key: sk-ant-provider-key, base_url: "\${UP}" }
  - { id: pinned, type: anthropic, api_key: sk-ant-pinned, base_url: "\${UP}", anthropic_version: "2026-10-21", models: [] }
  - { id: openai, type: openai, api_key: sk-openai-provider-key, base_url: "\${UP}/v1", headers: { x-team: platform } }
routes:
  - { model: claude-code, targets: [ { provider: anthropic, model: claude-opus-4-6 } ] }
  - { model: pinned, targets: [ { provider: pinned, model: claude-opus-4-6 } ] }
`,
      { UP: upstream.url },
    );
    assert.ok(loaded.ok);
    served = await serveGateway(loaded.config, { port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await served.close(100);
    await upstream.close();
  });
  beforeEach(() => {
    upstream.requests.length = 0;
  });

  test('beta fields and beta headers reach an Anthropic target as sent', async () => {
    const client = new Anthropic({ baseURL: served.url, apiKey: 'client-key', maxRetries: 0 });
    await client.beta.messages.create({
      model: 'claude-code',
      max_tokens: 100,
      betas: ['context-management-2025-06-27', 'future-feature-2027-01-01'],
      messages: [{ role: 'user', content: 'hi' }],
      context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
      // a field no SDK knows yet
      ...({ brand_new_field: { keep: ['me', 1, true] } } as object),
    });
    const seen = upstream.requests[0]!;
    assert.equal(seen.headers['anthropic-beta'], 'context-management-2025-06-27,future-feature-2027-01-01');
    assert.equal(seen.headers['anthropic-version'], '2026-10-21');
    const body = JSON.parse(seen.body) as Record<string, unknown>;
    assert.equal(body.model, 'claude-opus-4-6');
    assert.deepEqual(body.context_management, { edits: [{ type: 'clear_tool_uses_20250919' }] });
    assert.deepEqual(body.brand_new_field, { keep: ['me', 1, true] });
  });

  test('the ?beta=true query of Claude Code reaches the target', async () => {
    const response = await fetch(`${served.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'client-key', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-code', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(response.status, 200);
    await response.text();
    assert.equal(upstream.requests[0]!.url, '/v1/messages?beta=true');
  });

  test('the client key is replaced by the provider key, never forwarded', async () => {
    const client = new Anthropic({ baseURL: served.url, apiKey: 'client-key', maxRetries: 0 });
    await client.messages.create({ model: 'claude-code', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
    const seen = upstream.requests[0]!;
    assert.equal(seen.headers['x-api-key'], 'sk-ant-provider-key');
    assert.equal(seen.headers.authorization, undefined);
    assert.doesNotMatch(JSON.stringify(seen.headers), /client-key/);
  });

  test('a provider pinned to an anthropic-version sends that version whatever the client sent', async () => {
    const { default: AnthropicV0 } = await import('anthropic-sdk-0');
    const client = new AnthropicV0({ baseURL: served.url, apiKey: 'client-key', maxRetries: 0 });
    await client.messages.create({ model: 'pinned', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(upstream.requests[0]!.headers['anthropic-version'], '2026-10-21');
  });

  test('an unrouted model name is forwarded byte for byte when no rewrite is needed', async () => {
    const raw = '{"model":"gpt-4.1","messages":[{"role":"user","content":"hi"}],  "weird_spacing":  true,"n":1}';
    const response = await fetch(`${served.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer client-key' },
      body: raw,
    });
    assert.equal(response.status, 200);
    await response.text();
    const seen = upstream.requests[0]!;
    assert.equal(seen.body, raw);
    assert.equal(seen.url, '/v1/chat/completions');
    assert.equal(seen.headers.authorization, 'Bearer sk-openai-provider-key');
    assert.equal(seen.headers['x-team'], 'platform');
  });

  test('an OpenAI client reaches an OpenAI target with its unknown fields intact', async () => {
    const client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'client-key', maxRetries: 0 });
    await client.chat.completions.create({
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'hi' }],
      ...({ verbosity: 'low', some_future_option: { a: 1 } } as object),
    });
    const body = JSON.parse(upstream.requests[0]!.body) as Record<string, unknown>;
    assert.equal(body.verbosity, 'low');
    assert.deepEqual(body.some_future_option, { a: 1 });
  });
});
