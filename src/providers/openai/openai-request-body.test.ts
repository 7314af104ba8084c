import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { CanonicalMessage, CanonicalRequest } from '../../core/canonical.ts';
import { OutlastError } from '../../errors/outlast-error.ts';
import { toOpenAIChatBody } from './openai-request-body.ts';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
}

function request(messages: CanonicalMessage[], extra: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return { model: 'client-model', system: [], messages, stream: false, ...extra };
}

const hello: CanonicalMessage = { role: 'user', content: [{ type: 'text', text: 'Hello' }] };

test('renders a tool conversation as the exact upstream body', () => {
  const canonical = fixture('request-tool-conversation.canonical.json') as CanonicalRequest;
  const { body, warnings } = toOpenAIChatBody(canonical, { model: 'gpt-4o' });
  assert.deepEqual(body, fixture('request-tool-conversation.openai.json'));
  assert.deepEqual(
    warnings.map((warning) => [warning.code, warning.field]),
    [
      ['dropped-thinking', 'messages[1].content[0]'],
      ['dropped-field', 'top_k'],
    ],
  );
});

test('always asks for usage when streaming and never when not', () => {
  const streamed = toOpenAIChatBody(request([hello], { stream: true }), { model: 'm' }).body;
  assert.deepEqual(streamed.stream_options, { include_usage: true });
  const whole = toOpenAIChatBody(request([hello]), { model: 'm' }).body;
  assert.deepEqual(whole, { model: 'm', messages: [{ role: 'user', content: 'Hello' }] });
});

test('splits a user turn into tool messages first and the rest as a user message', () => {
  const { body } = toOpenAIChatBody(
    request([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Here you go' },
          { type: 'tool-result', toolCallId: 'a', content: [{ type: 'text', text: '1' }], isError: false },
          { type: 'tool-result', toolCallId: 'b', content: [], isError: true },
        ],
      },
    ]),
    { model: 'm' },
  );
  assert.deepEqual(body.messages, [
    { role: 'tool', tool_call_id: 'a', content: '1' },
    { role: 'tool', tool_call_id: 'b', content: 'Error' },
    { role: 'user', content: 'Here you go' },
  ]);
});

test('moves an image out of a tool result into the following user message, with a warning', () => {
  const { body, warnings } = toOpenAIChatBody(
    request([
      {
        role: 'user',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'a',
            content: [
              { type: 'text', text: 'chart:' },
              { type: 'image', source: { kind: 'url', url: 'https://example.com/chart.png' } },
            ],
            isError: false,
          },
        ],
      },
    ]),
    { model: 'm' },
  );
  assert.deepEqual(body.messages, [
    { role: 'tool', tool_call_id: 'a', content: 'chart:' },
    { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/chart.png' } }] },
  ]);
  assert.deepEqual(warnings, [
    {
      code: 'moved-tool-result-image',
      field: 'messages[0].content[0].content[1]',
      message: 'OpenAI tool messages hold text only: the image was sent in the following user message',
    },
  ]);
});

test('shortens tool names OpenAI would reject and restores them', () => {
  const longName = `mcp__github__${'create_or_update_file_'.repeat(4)}`;
  const dotted = 'weather.get';
  const { body, restoreToolName } = toOpenAIChatBody(
    request([hello, { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: dotted, input: {} }] }], {
      tools: [
        { name: longName, inputSchema: { type: 'object' } },
        { name: dotted, inputSchema: { type: 'object' } },
        { name: 'plain_name', inputSchema: { type: 'object' } },
      ],
      toolChoice: { type: 'tool', name: dotted },
    }),
    { model: 'm' },
  );
  const tools = body.tools as { function: { name: string } }[];
  const sent = tools.map((tool) => tool.function.name);
  for (const name of sent) assert.match(name, /^[a-zA-Z0-9_-]{1,64}$/);
  assert.equal(sent[2], 'plain_name');
  assert.deepEqual(sent.map(restoreToolName), [longName, dotted, 'plain_name']);
  assert.deepEqual(body.tool_choice, { type: 'function', function: { name: sent[1] } });
  const messages = body.messages as { tool_calls?: { function: { name: string } }[] }[];
  assert.equal(messages[1]?.tool_calls?.[0]?.function.name, sent[1]);
  assert.equal(restoreToolName('unknown_tool'), 'unknown_tool');
});

test('shortens tool call ids longer than 40 characters the same way in calls and results', () => {
  const id = `toolu_${'x'.repeat(60)}`;
  const { body } = toOpenAIChatBody(
    request([
      { role: 'assistant', content: [{ type: 'tool-call', id, name: 'f', input: {} }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: id, content: [], isError: false }] },
    ]),
    { model: 'm' },
  );
  const [assistant, tool] = body.messages as { tool_calls?: { id: string }[]; tool_call_id?: string }[];
  const sentId = assistant?.tool_calls?.[0]?.id;
  assert.equal(sentId?.length, 40);
  assert.equal(tool?.tool_call_id, sentId);
});

test('sends a PDF as a file part and a text document as text, with a warning', () => {
  const { body, warnings } = toOpenAIChatBody(
    request([
      {
        role: 'user',
        content: [
          {
            type: 'document',
            source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0x' },
            title: 'a.pdf',
          },
          { type: 'document', source: { kind: 'text', text: 'plain notes' } },
        ],
      },
    ]),
    { model: 'm' },
  );
  assert.deepEqual(body.messages, [
    {
      role: 'user',
      content: [
        { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' } },
        { type: 'text', text: 'plain notes' },
      ],
    },
  ]);
  assert.deepEqual(
    warnings.map((warning) => warning.code),
    ['document-as-text'],
  );
});

test('rejects a document given by URL, naming the part', () => {
  const documentByUrl = request([
    { role: 'user', content: [{ type: 'document', source: { kind: 'url', url: 'https://example.com/a.pdf' } }] },
  ]);
  assert.throws(
    () => toOpenAIChatBody(documentByUrl, { model: 'm' }),
    (error) =>
      OutlastError.isOutlastError(error) &&
      error.code === 'OUTLAST_INVALID_REQUEST' &&
      error.param === 'messages[0].content[0]',
  );
});

test('keeps the first four stop sequences, with a warning', () => {
  const { body, warnings } = toOpenAIChatBody(request([hello], { stopSequences: ['a', 'b', 'c', 'd', 'e'] }), {
    model: 'm',
  });
  assert.deepEqual(body.stop, ['a', 'b', 'c', 'd']);
  assert.deepEqual(
    warnings.map((warning) => warning.code),
    ['truncated-stop-sequences'],
  );
});

test('renders every tool choice and response format', () => {
  const choices = [
    [{ type: 'auto' }, 'auto'],
    [{ type: 'required' }, 'required'],
    [{ type: 'none' }, 'none'],
  ] as const;
  for (const [choice, wire] of choices) {
    assert.equal(toOpenAIChatBody(request([hello], { toolChoice: choice }), { model: 'm' }).body.tool_choice, wire);
  }
  const schema = { type: 'object', properties: { a: { type: 'string' } } };
  const formats = [
    [{ type: 'text' }, { type: 'text' }],
    [{ type: 'json-object' }, { type: 'json_object' }],
    [
      { type: 'json-schema', name: 'answer', schema, strict: true },
      { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } },
    ],
  ] as const;
  for (const [format, wire] of formats) {
    const body = toOpenAIChatBody(request([hello], { responseFormat: format }), { model: 'm' }).body;
    assert.deepEqual(body.response_format, wire);
  }
});

test('drops parallel_tool_calls when no tools are offered', () => {
  const { body } = toOpenAIChatBody(request([hello], { parallelToolCalls: false }), { model: 'm' });
  assert.equal(body.parallel_tool_calls, undefined);
});

test('drops an assistant turn that holds only reasoning', () => {
  const { body, warnings } = toOpenAIChatBody(
    request([hello, { role: 'assistant', content: [{ type: 'reasoning', text: 'hmm', signature: 's' }] }]),
    { model: 'm' },
  );
  assert.deepEqual(body.messages, [{ role: 'user', content: 'Hello' }]);
  assert.deepEqual(
    warnings.map((warning) => warning.code),
    ['dropped-thinking'],
  );
});
