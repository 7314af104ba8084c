import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { OutlastError } from '../../errors/outlast-error.ts';
import { parseOpenAIChatRequest } from './parse-openai-chat-request.ts';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

function parse(messages: unknown[], extra: Record<string, unknown> = {}) {
  return parseOpenAIChatRequest({ model: 'gpt-4o', messages, ...extra });
}

function rejects(run: () => unknown, param: string): void {
  assert.throws(run, (error) => {
    assert.ok(OutlastError.isOutlastError(error));
    assert.equal(error.code, 'OUTLAST_INVALID_REQUEST');
    assert.equal(error.param, param);
    return true;
  });
}

const hello = { role: 'user', content: 'Hello' };

test('parses the documented parallel function-calling conversation exactly', () => {
  const { request, warnings } = parseOpenAIChatRequest(fixture('request-tool-conversation.json'));
  assert.deepEqual(request, fixture('request-tool-conversation.canonical.json'));
  assert.deepEqual(warnings, [
    { code: 'dropped-field', field: 'seed', message: '`seed` has no equivalent on this target' },
  ]);
});

test('turns data: image URLs into base64 images and keeps http(s) URLs, dropping detail silently', () => {
  const { request, warnings } = parse([
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Compare these' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'low' } },
      ],
    },
  ]);
  assert.deepEqual(request.messages, [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Compare these' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
        { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
      ],
    },
  ]);
  assert.deepEqual(warnings, []);
});

test('reads an inline PDF file part as a document titled by its file name', () => {
  const { request } = parse([
    {
      role: 'user',
      content: [
        { type: 'file', file: { filename: 'draconomicon.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' } },
      ],
    },
  ]);
  assert.deepEqual(request.messages[0]?.content, [
    {
      type: 'document',
      source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0x' },
      title: 'draconomicon.pdf',
    },
  ]);
});

test('rejects audio input, uploaded file ids and other image URL schemes, naming the field', () => {
  const audio = { type: 'input_audio', input_audio: { data: 'AAA', format: 'wav' } };
  rejects(() => parse([{ role: 'user', content: [{ type: 'text', text: 'hi' }, audio] }]), 'messages[0].content[1]');
  rejects(
    () => parse([{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }]),
    'messages[0].content[0].file.file_data',
  );
  rejects(
    () => parse([{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }]),
    'messages[0].content[0].image_url.url',
  );
});

test('moves a system message from the middle of the conversation to the system prompt, with a warning', () => {
  const { request, warnings } = parse([
    { role: 'system', content: 'Be brief.' },
    hello,
    { role: 'developer', content: [{ type: 'text', text: 'Now answer in French.' }] },
  ]);
  assert.deepEqual(request.system, [
    { type: 'text', text: 'Be brief.' },
    { type: 'text', text: 'Now answer in French.' },
  ]);
  assert.deepEqual(request.messages, [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }]);
  assert.deepEqual(
    warnings.map((warning) => [warning.code, warning.field]),
    [['moved-system-message', 'messages[2]']],
  );
});

test('reads empty tool arguments as {} and invalid ones as {} with invalid-tool-arguments', () => {
  const call = (id: string, args: string) => ({ id, type: 'function', function: { name: 'f', arguments: args } });
  const { request, warnings } = parse([
    hello,
    { role: 'assistant', content: null, tool_calls: [call('a', ''), call('b', '{"x":'), call('c', '[1]')] },
  ]);
  assert.deepEqual(request.messages[1]?.content, [
    { type: 'tool-call', id: 'a', name: 'f', input: {} },
    { type: 'tool-call', id: 'b', name: 'f', input: {} },
    { type: 'tool-call', id: 'c', name: 'f', input: {} },
  ]);
  assert.deepEqual(
    warnings.map((warning) => [warning.code, warning.field]),
    [
      ['invalid-tool-arguments', 'messages[1].tool_calls[1].function.arguments'],
      ['invalid-tool-arguments', 'messages[1].tool_calls[2].function.arguments'],
    ],
  );
});

test('joins tool messages and the user message after them into one user turn, tool results first', () => {
  const { request } = parse([
    hello,
    { role: 'assistant', tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } }] },
    { role: 'tool', tool_call_id: 'a', content: 'done' },
    { role: 'tool', tool_call_id: 'unknown', content: '' },
    { role: 'user', content: 'And now?' },
  ]);
  assert.deepEqual(request.messages.slice(2), [
    {
      role: 'user',
      content: [
        {
          type: 'tool-result',
          toolCallId: 'a',
          toolName: 'f',
          content: [{ type: 'text', text: 'done' }],
          isError: false,
        },
        { type: 'tool-result', toolCallId: 'unknown', content: [], isError: false },
        { type: 'text', text: 'And now?' },
      ],
    },
  ]);
});

test('keeps assistant text, refusal parts and the refusal field as text', () => {
  const { request } = parse([
    hello,
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Hi. ' },
        { type: 'refusal', refusal: 'No.' },
      ],
    },
    hello,
    { role: 'assistant', content: null, refusal: 'I cannot help with that.' },
  ]);
  assert.deepEqual(request.messages[1]?.content, [
    { type: 'text', text: 'Hi. ' },
    { type: 'text', text: 'No.' },
  ]);
  assert.deepEqual(request.messages[3]?.content, [{ type: 'text', text: 'I cannot help with that.' }]);
});

test('drops empty text and messages left empty, with a warning for each message', () => {
  const { request, warnings } = parse([hello, { role: 'assistant', content: '' }, { role: 'user', content: 'Again' }]);
  assert.equal(request.messages.length, 2);
  assert.deepEqual(
    warnings.map((warning) => [warning.code, warning.field]),
    [['dropped-empty-message', 'messages[1]']],
  );
});

test('rejects n greater than 1 with param n', () => {
  rejects(() => parse([hello], { n: 2 }), 'n');
  assert.equal(parse([hello], { n: 1 }).warnings.length, 0);
});

test('rejects custom tools, custom tool calls and legacy functions clearly', () => {
  rejects(() => parse([hello], { tools: [{ type: 'custom', custom: { name: 'grammar' } }] }), 'tools[0].type');
  rejects(
    () =>
      parse([
        hello,
        { role: 'assistant', tool_calls: [{ id: 'a', type: 'custom', custom: { name: 'g', input: '' } }] },
      ]),
    'messages[1].tool_calls[0].type',
  );
  rejects(() => parse([hello], { functions: [{ name: 'f', parameters: {} }] }), 'functions');
  rejects(() => parse([hello], { function_call: 'auto' }), 'function_call');
  rejects(() => parse([hello, { role: 'function', name: 'f', content: '1' }]), 'messages[1].role');
  rejects(
    () => parse([hello, { role: 'assistant', function_call: { name: 'f', arguments: '{}' } }]),
    'messages[1].function_call',
  );
});

test('drops fields with no canonical home with a dropped-field warning naming each, unknown ones too', () => {
  const extra = {
    logit_bias: { '50256': -100 },
    logprobs: true,
    top_logprobs: 2,
    seed: 1,
    presence_penalty: 0.5,
    frequency_penalty: 0.5,
    audio: { voice: 'alloy', format: 'wav' },
    modalities: ['text'],
    prediction: { type: 'content', content: 'x' },
    reasoning_effort: 'low',
    verbosity: 'low',
    store: true,
    metadata: { a: 'b' },
    service_tier: 'auto',
    web_search_options: {},
    some_future_field: 1,
    seed_null: null,
  };
  const { warnings } = parse([{ role: 'user', content: 'Hi', name: 'alice' }], extra);
  const fields = warnings.filter((warning) => warning.code === 'dropped-field').map((warning) => warning.field);
  assert.deepEqual(fields, ['messages[0].name', ...Object.keys(extra).filter((key) => key !== 'seed_null')]);
});

test('prefers max_completion_tokens over max_tokens and reads max_tokens alone', () => {
  assert.equal(parse([hello], { max_completion_tokens: 10, max_tokens: 20 }).request.maxTokens, 10);
  assert.equal(parse([hello], { max_tokens: 20 }).request.maxTokens, 20);
});

test('reads stop as a string or an array', () => {
  assert.deepEqual(parse([hello], { stop: 'x' }).request.stopSequences, ['x']);
  assert.deepEqual(parse([hello], { stop: ['x', 'y'] }).request.stopSequences, ['x', 'y']);
  rejects(() => parse([hello], { stop: 3 }), 'stop');
});

test('reads every tool choice', () => {
  assert.deepEqual(parse([hello], { tool_choice: 'none' }).request.toolChoice, { type: 'none' });
  assert.deepEqual(parse([hello], { tool_choice: 'required' }).request.toolChoice, { type: 'required' });
  assert.deepEqual(parse([hello], { tool_choice: { type: 'function', function: { name: 'f' } } }).request.toolChoice, {
    type: 'tool',
    name: 'f',
  });
});

test('narrows the offered tools for allowed_tools, with a warning', () => {
  const tool = (name: string) => ({ type: 'function', function: { name, parameters: { type: 'object' } } });
  const { request, warnings } = parse([hello], {
    tools: [tool('a'), tool('b')],
    tool_choice: {
      type: 'allowed_tools',
      allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'b' } }] },
    },
  });
  assert.deepEqual(request.tools, [{ name: 'b', inputSchema: { type: 'object' } }]);
  assert.deepEqual(request.toolChoice, { type: 'required' });
  assert.deepEqual(
    warnings.map((warning) => warning.code),
    ['lossy-tool-choice'],
  );
});

test('reads every response format', () => {
  assert.deepEqual(parse([hello], { response_format: { type: 'text' } }).request.responseFormat, { type: 'text' });
  assert.deepEqual(parse([hello], { response_format: { type: 'json_object' } }).request.responseFormat, {
    type: 'json-object',
  });
  const schema = { type: 'object', properties: { answer: { type: 'string' } } };
  const parsed = parse([hello], {
    response_format: { type: 'json_schema', json_schema: { name: 'answer', description: 'd', schema, strict: true } },
  });
  assert.deepEqual(parsed.request.responseFormat, { type: 'json-schema', name: 'answer', schema, strict: true });
  assert.deepEqual(
    parsed.warnings.map((warning) => warning.field),
    ['response_format.json_schema.description'],
  );
});

test('reads user, and safety_identifier in its place', () => {
  assert.equal(parse([hello], { user: 'u1' }).request.user, 'u1');
  const both = parse([hello], { user: 'u1', safety_identifier: 's1' });
  assert.equal(both.request.user, 's1');
  assert.deepEqual(
    both.warnings.map((warning) => warning.field),
    ['user'],
  );
});

test('rejects fields of the wrong type, naming them', () => {
  rejects(() => parse([hello], { temperature: 'hot' }), 'temperature');
  rejects(() => parseOpenAIChatRequest({ messages: [hello] }), 'model');
  rejects(() => parseOpenAIChatRequest({ model: 'm', messages: 'hi' }), 'messages');
  rejects(() => parse([{ role: 'robot', content: 'x' }]), 'messages[0].role');
  rejects(() => parse([{ role: 'tool', content: 'x' }]), 'messages[0].tool_call_id');
});
