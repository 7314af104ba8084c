import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { OutlastError } from '../../errors/outlast-error.ts';
import { toAnthropicBody } from '../../providers/anthropic/anthropic-request-body.ts';
import { parseAnthropicRequest } from './parse-anthropic-request.ts';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
}

function rejection(body: Record<string, unknown>): OutlastError {
  try {
    parseAnthropicRequest(body);
  } catch (error) {
    assert.ok(OutlastError.isOutlastError(error));
    return error;
  }
  assert.fail('expected OUTLAST_INVALID_REQUEST');
}

const weatherSchema = {
  type: 'object',
  properties: {
    location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
    unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
  },
  required: ['location'],
};

test('parses the documented tool-use conversation exactly', () => {
  assert.deepEqual(parseAnthropicRequest(fixture('request-tool-use.json')), {
    request: {
      model: 'claude-opus-4-6',
      system: [{ type: 'text', text: 'You are a weather assistant.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is the weather like in San Francisco?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: "I'll check the current weather in San Francisco for you." },
            {
              type: 'tool-call',
              id: 'toolu_01A09q90qw90lq917835lq9',
              name: 'get_weather',
              input: { location: 'San Francisco, CA', unit: 'celsius' },
            },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'toolu_01A09q90qw90lq917835lq9',
              toolName: 'get_weather',
              content: [{ type: 'text', text: '15 degrees' }],
              isError: false,
            },
          ],
        },
      ],
      stream: true,
      maxTokens: 1024,
      stopSequences: ['\n\nHuman:'],
      tools: [
        { name: 'get_weather', description: 'Get the current weather in a given location', inputSchema: weatherSchema },
      ],
      toolChoice: { type: 'required' },
      parallelToolCalls: false,
      user: '13803d75-b4b5-4c3e-b2a2-6f21399b021b',
    },
    warnings: [],
  });
});

test('renders the documented tool-use conversation back to the same Anthropic body', () => {
  const body = fixture('request-tool-use.json');
  const { request } = parseAnthropicRequest(body);
  const rendered = toAnthropicBody(request, { model: 'claude-opus-4-6', anthropicVersion: '2023-06-01' });
  assert.deepEqual(rendered, { body, warnings: [] });
});

test('parses a request full of Anthropic-only features into what the canonical form can hold', () => {
  const { request } = parseAnthropicRequest(fixture('request-lossy.json'));
  assert.deepEqual(request, {
    model: 'claude-sonnet-4-5',
    system: [
      { type: 'text', text: 'You are an AI assistant tasked with analyzing literary works.' },
      { type: 'text', text: '<the entire contents of Pride and Prejudice>' },
      { type: 'text', text: 'From now on, answer in French.' },
    ],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/4AAQSkZJRg==' } },
          {
            type: 'image',
            source: {
              kind: 'url',
              url: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg',
            },
          },
          {
            type: 'document',
            source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0xLjQK' },
            title: 'Annual report',
          },
          { type: 'document', source: { kind: 'text', text: 'The grass is green.' } },
          {
            type: 'document',
            source: {
              kind: 'url',
              url: 'https://assets.anthropic.com/m/1cd9d098ac3e6467/original/Claude-3-Model-Card-October-Addendum.pdf',
            },
          },
          { type: 'text', text: 'Summarise these.' },
        ],
      },
      {
        role: 'assistant',
        content: [
          {
            type: 'reasoning',
            text: 'Let me analyze this step by step...',
            signature: 'WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve',
          },
          {
            type: 'reasoning',
            text: '',
            redacted:
              'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB9URj2pLmN3kF8',
          },
          { type: 'tool-call', id: 'toolu_01Price', name: 'get_stock_price', input: { ticker: '^GSPC' } },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'toolu_01Price',
            toolName: 'get_stock_price',
            content: [{ type: 'text', text: 'Market closed' }],
            isError: true,
          },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'Continue.' }] },
    ],
    stream: false,
    maxTokens: 16000,
    temperature: 0.7,
    topK: 40,
    tools: [{ name: 'get_stock_price', inputSchema: { type: 'object', properties: { ticker: { type: 'string' } } } }],
    responseFormat: {
      type: 'json-schema',
      name: 'response',
      schema: { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'] },
    },
    user: 'user-42',
  });
});

test('reports every loss of the Anthropic-only request with a code naming the field', () => {
  const { warnings } = parseAnthropicRequest(fixture('request-lossy.json'));
  assert.deepEqual(
    warnings.map((warning) => [warning.code, warning.field]),
    [
      ['dropped-field', 'messages[0].content[2].context'],
      ['dropped-field', 'messages[0].content[2].citations'],
      ['dropped-server-tool', 'messages[1].content[2]'],
      ['dropped-content', 'messages[2].content[0].content[1]'],
      ['moved-system-message', 'messages[3]'],
      ['dropped-server-tool', 'tools[0]'],
      ['dropped-field', 'tools[1].defer_loading'],
      ['dropped-field', 'output_config.effort'],
      ['dropped-field', 'thinking'],
      ['dropped-field', 'service_tier'],
      ['dropped-field', 'context_management'],
    ],
  );
  for (const warning of warnings) assert.match(warning.message, /\S/);
});

test('drops cache_control silently wherever it appears', () => {
  const { warnings } = parseAnthropicRequest({
    model: 'claude-sonnet-4-5',
    max_tokens: 10,
    cache_control: { type: 'ephemeral' },
    system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral', ttl: '1h' } }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral' } }] }],
  });
  assert.deepEqual(warnings, []);
});

test('reads a string system prompt and string message content as text parts', () => {
  const { request } = parseAnthropicRequest({
    model: 'claude-sonnet-4-5',
    max_tokens: 10,
    system: 'Be brief.',
    messages: [{ role: 'user', content: 'Hello, Claude' }],
  });
  assert.deepEqual(request.system, [{ type: 'text', text: 'Be brief.' }]);
  assert.deepEqual(request.messages, [{ role: 'user', content: [{ type: 'text', text: 'Hello, Claude' }] }]);
});

test('maps tool_choice auto, any, tool and none to auto, required, tool and none', () => {
  const tools = [{ name: 'get_weather', input_schema: { type: 'object' } }];
  const cases = [
    [{ type: 'auto' }, { type: 'auto' }],
    [{ type: 'any' }, { type: 'required' }],
    [
      { type: 'tool', name: 'get_weather' },
      { type: 'tool', name: 'get_weather' },
    ],
    [{ type: 'none' }, { type: 'none' }],
  ];
  for (const [choice, expected] of cases) {
    const body = { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }], tools, tool_choice: choice };
    assert.deepEqual(parseAnthropicRequest(body).request.toolChoice, expected);
  }
});

test('rejects an image from the Files API, naming the source field', () => {
  const error = rejection({
    model: 'claude-sonnet-4-5',
    max_tokens: 10,
    messages: [
      {
        role: 'user',
        content: [{ type: 'image', source: { type: 'file', file_id: 'file_011CNha8iCJcU1wXNR6q4V8w' } }],
      },
    ],
  });
  assert.equal(error.code, 'OUTLAST_INVALID_REQUEST');
  assert.equal(error.param, 'messages[0].content[0].source');
});

test('rejects a tool_use block in a user turn', () => {
  const block = { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} };
  const error = rejection({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: [block] }] });
  assert.equal(error.param, 'messages[0].content[0]');
});

test('rejects a tool_use whose input is not an object', () => {
  const block = { type: 'tool_use', id: 'toolu_1', name: 'f', input: '{"a":1}' };
  const error = rejection({ model: 'm', max_tokens: 1, messages: [{ role: 'assistant', content: [block] }] });
  assert.equal(error.param, 'messages[0].content[0].input');
});

test('rejects a message whose role is neither user, assistant nor system', () => {
  const error = rejection({ model: 'm', max_tokens: 1, messages: [{ role: 'tool', content: 'x' }] });
  assert.equal(error.param, 'messages[0].role');
});

test('leaves out tools and a forced tool_choice when only server tools were offered', () => {
  const { request, warnings } = parseAnthropicRequest({
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'When was Claude Shannon born?' }],
    tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }],
    tool_choice: { type: 'any' },
  });
  assert.equal('tools' in request || 'toolChoice' in request, false);
  assert.deepEqual(
    warnings.map((warning) => [warning.code, warning.field]),
    [
      ['dropped-server-tool', 'tools[0]'],
      ['dropped-field', 'tool_choice'],
    ],
  );
});
