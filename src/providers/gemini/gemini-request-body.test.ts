import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { CanonicalRequest } from '../../core/canonical.ts';
import { geminiPath } from './gemini-adapter.ts';
import { toGeminiBody } from './gemini-request-body.ts';

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const conversation = read('../openai/__fixtures__/request-tool-conversation.canonical.json') as CanonicalRequest;

describe('toGeminiBody', () => {
  test('renders the tool conversation fixture as a generateContent body', () => {
    const built = toGeminiBody(conversation, { model: 'gemini-2.5-flash' });
    assert.deepEqual(built.body, read('__fixtures__/request-tool-conversation.gemini.json'));
    assert.deepEqual(
      built.warnings.map((warning) => `${warning.code}:${warning.field}`),
      ['dropped-thinking:messages[1].content[0]', 'dropped-field:parallel_tool_calls', 'dropped-field:user'],
    );
  });

  test('clamps temperature, keeps five stop sequences, drops a fractional topK, maps JSON mode and tool choice', () => {
    const request: CanonicalRequest = {
      model: 'x',
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      stream: false,
      temperature: 2.5,
      topK: 2.5,
      stopSequences: ['a', 'b', 'c', 'd', 'e', 'f'],
      responseFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object' } },
      tools: [{ name: 'f', inputSchema: { type: 'object' } }],
      toolChoice: { type: 'tool', name: 'f' },
    };
    const built = toGeminiBody(request, { model: 'x' });
    assert.deepEqual(built.body.generationConfig, {
      temperature: 2,
      stopSequences: ['a', 'b', 'c', 'd', 'e'],
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object' },
    });
    assert.deepEqual(built.body.toolConfig, { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f'] } });
    assert.deepEqual(
      built.warnings.map((warning) => warning.code),
      ['clamped-temperature', 'dropped-sampling', 'truncated-stop-sequences'],
    );
  });

  test('names a tool result after its call when the client gave only the id, and sends URL images as fileData', () => {
    const request: CanonicalRequest = {
      model: 'x',
      system: [],
      stream: false,
      messages: [
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'lookup', input: {} }] },
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'failed' }], isError: true },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png?x=1' } },
            { type: 'image', source: { kind: 'url', url: 'data:image/gif;base64,R0lG' } },
          ],
        },
      ],
    };
    const contents = toGeminiBody(request, { model: 'x' }).body.contents as { parts: unknown[] }[];
    assert.deepEqual(contents[1]?.parts, [
      { functionResponse: { id: 'c1', name: 'lookup', response: { error: 'failed' } } },
      { fileData: { mimeType: 'image/png', fileUri: 'https://example.com/a.png?x=1' } },
      { inlineData: { mimeType: 'image/gif', data: 'R0lG' } },
    ]);
  });
});

describe('geminiPath', () => {
  test('puts the model in the path and asks for SSE when streaming', () => {
    assert.equal(geminiPath('gemini-2.5-flash', false), '/v1beta/models/gemini-2.5-flash:generateContent');
    assert.equal(
      geminiPath('models/gemini-2.5-pro', true),
      '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    );
    assert.equal(geminiPath('tunedModels/mine', false), '/v1beta/tunedModels/mine:generateContent');
  });
});
