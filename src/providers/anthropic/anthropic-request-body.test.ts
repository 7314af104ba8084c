import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CanonicalRequest } from '../../core/canonical.ts';
import { OutlastError } from '../../errors/outlast-error.ts';
import { sanitizeToolId } from '../../formats/anthropic-messages/sanitize-tool-id.ts';
import { toAnthropicBody } from './anthropic-request-body.ts';

const options = { model: 'claude-sonnet-4-5', anthropicVersion: '2023-06-01' };

function request(fields: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return {
    model: 'gpt-4o',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    maxTokens: 100,
    stream: false,
    ...fields,
  };
}

function codes(fields: Partial<CanonicalRequest>, version = '2023-06-01'): string[] {
  return toAnthropicBody(request(fields), { ...options, anthropicVersion: version }).warnings.map((w) => w.code);
}

test('renders an OpenAI-style tool conversation as a valid Anthropic body', () => {
  const { body, warnings } = toAnthropicBody(
    request({
      system: [
        { type: 'text', text: 'You are a weather assistant.' },
        { type: 'text', text: '' },
      ],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: '' },
            { type: 'tool-call', id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool-call', id: 'functions.get_weather:1', name: 'get_weather', input: { city: 'Rome' } },
          ],
        },
        { role: 'user', content: [{ type: 'text', text: 'Use celsius.' }] },
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolCallId: 'call_a', content: [{ type: 'text', text: '15' }], isError: false },
            { type: 'tool-result', toolCallId: 'functions.get_weather:1', content: [], isError: true },
          ],
        },
      ],
      tools: [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object' }, strict: true }],
      toolChoice: { type: 'required' },
      parallelToolCalls: false,
      stopSequences: ['END'],
      user: 'user-1',
      stream: true,
    }),
    options,
  );
  const romeId = sanitizeToolId('functions.get_weather:1');
  assert.deepEqual(body, {
    model: 'claude-sonnet-4-5',
    max_tokens: 100,
    system: [{ type: 'text', text: 'You are a weather assistant.' }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: romeId, name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_a', content: [{ type: 'text', text: '15' }] },
          { type: 'tool_result', tool_use_id: romeId, is_error: true },
          { type: 'text', text: 'Use celsius.' },
        ],
      },
    ],
    stop_sequences: ['END'],
    tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object' }, strict: true }],
    tool_choice: { type: 'any', disable_parallel_tool_use: true },
    metadata: { user_id: 'user-1' },
    stream: true,
  });
  assert.deepEqual(warnings, []);
  assert.match(romeId, /^[a-zA-Z0-9_-]+$/);
});

test('drops reasoning without a signature with dropped-thinking and replays signed reasoning', () => {
  const { body, warnings } = toAnthropicBody(
    request({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'from another vendor' },
            { type: 'reasoning', text: 'mine', signature: 'sig' },
            { type: 'reasoning', text: '', redacted: 'opaque' },
            { type: 'text', text: 'Hello' },
          ],
        },
      ],
    }),
    options,
  );
  assert.deepEqual((body.messages as { content: unknown[] }[])[1]?.content, [
    { type: 'thinking', thinking: 'mine', signature: 'sig' },
    { type: 'redacted_thinking', data: 'opaque' },
    { type: 'text', text: 'Hello' },
  ]);
  assert.deepEqual(
    warnings.map((w) => [w.code, w.field]),
    [['dropped-thinking', 'messages[1].content[0]']],
  );
});

test('defaults max_tokens to 4096 with a warning when the request has none', () => {
  const { body, warnings } = toAnthropicBody(request({ maxTokens: undefined }), options);
  assert.equal(body.max_tokens, 4096);
  assert.deepEqual(
    warnings.map((w) => w.code),
    ['defaulted-max-tokens'],
  );
});

test('clamps a temperature above 1 to 1 with a warning and keeps one in range', () => {
  assert.equal(toAnthropicBody(request({ temperature: 1.6 }), options).body.temperature, 1);
  assert.deepEqual(codes({ temperature: 1.6 }), ['clamped-temperature']);
  assert.equal(toAnthropicBody(request({ temperature: 0.3 }), options).body.temperature, 0.3);
  assert.deepEqual(codes({ temperature: 0.3 }), []);
});

test('drops temperature, top_p and top_k under anthropic-version 2026-10-21', () => {
  const sampled = { temperature: 0.5, topP: 0.9, topK: 40 };
  const { body, warnings } = toAnthropicBody(request(sampled), { ...options, anthropicVersion: '2026-10-21' });
  assert.equal('temperature' in body || 'top_p' in body || 'top_k' in body, false);
  assert.deepEqual(
    warnings.map((w) => [w.code, w.field]),
    [
      ['dropped-sampling', 'temperature'],
      ['dropped-sampling', 'top_p'],
      ['dropped-sampling', 'top_k'],
    ],
  );
  const kept = toAnthropicBody(request(sampled), options).body;
  assert.deepEqual([kept.temperature, kept.top_p, kept.top_k], [0.5, 0.9, 40]);
});

test('sends a json-schema response format as output_config.format', () => {
  const schema = { type: 'object', properties: { answer: { type: 'string' } } };
  const { body, warnings } = toAnthropicBody(
    request({ responseFormat: { type: 'json-schema', name: 'answer', schema, strict: true } }),
    options,
  );
  assert.deepEqual(body.output_config, { format: { type: 'json_schema', schema } });
  assert.deepEqual(warnings, []);
});

test('asks for a JSON object in the system prompt, with a warning, since Anthropic has no JSON mode', () => {
  const { body, warnings } = toAnthropicBody(request({ responseFormat: { type: 'json-object' } }), options);
  assert.deepEqual(body.system, [
    { type: 'text', text: 'Respond with a single JSON object and nothing else: no prose, no code fences.' },
  ]);
  assert.deepEqual(
    warnings.map((w) => w.code),
    ['emulated-json-object'],
  );
});

test('forbids parallel tool calls with an auto tool_choice when the request chose none', () => {
  const tools = [{ name: 'f', inputSchema: { type: 'object' } }];
  assert.deepEqual(toAnthropicBody(request({ tools, parallelToolCalls: false }), options).body.tool_choice, {
    type: 'auto',
    disable_parallel_tool_use: true,
  });
  assert.equal('tool_choice' in toAnthropicBody(request({ tools }), options).body, false);
});

test('rejects an image type Anthropic does not accept, naming the part', () => {
  const image = { type: 'image' as const, source: { kind: 'base64' as const, mediaType: 'image/bmp', data: 'Qk0=' } };
  assert.throws(
    () => toAnthropicBody(request({ messages: [{ role: 'user', content: [image] }] }), options),
    (error) =>
      OutlastError.isOutlastError(error) &&
      error.code === 'OUTLAST_INVALID_REQUEST' &&
      error.param === 'messages[0].content[0]',
  );
});

test('renders PDF, base64 plain-text, text and URL documents as Anthropic document sources', () => {
  const { body } = toAnthropicBody(
    request({
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' },
              title: 'a.pdf',
            },
            {
              type: 'document',
              source: { kind: 'base64', mediaType: 'text/plain', data: Buffer.from('hi').toString('base64') },
            },
            { type: 'document', source: { kind: 'text', text: 'The grass is green.' } },
            { type: 'document', source: { kind: 'url', url: 'https://example.com/a.pdf' } },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/jpg', data: '/9j/' } },
          ],
        },
      ],
    }),
    options,
  );
  assert.deepEqual((body.messages as { content: unknown[] }[])[0]?.content, [
    { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' }, title: 'a.pdf' },
    { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hi' } },
    { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'The grass is green.' } },
    { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
    { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } },
  ]);
});
