import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { OutlastError } from '../../errors/outlast-error.ts';
import { parseGeminiRequest } from './parse-gemini-request.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`__fixtures__/${name}`, import.meta.url), 'utf8'));
const context = { model: 'gemini-2.5-flash', stream: false };

function rejects(body: Record<string, unknown>, param: string): void {
  assert.throws(
    () => parseGeminiRequest(body, context),
    (error: unknown) => OutlastError.isOutlastError(error) && error.param === param,
    param,
  );
}

describe('parseGeminiRequest', () => {
  test("reads Google's function calling example into the canonical request", () => {
    const parsed = parseGeminiRequest(fixture('request-function-calling.json'), context);
    assert.deepEqual(parsed.request, fixture('request-function-calling.canonical.json'));
    assert.deepEqual(parsed.warnings, []);
  });

  test('reports every loss: audio, code parts, server tools, safety settings, seed, penalties, thinking', () => {
    const parsed = parseGeminiRequest(fixture('request-lossy.json'), context);
    const fields = parsed.warnings.map((warning) => `${warning.code}:${warning.field}`).sort();
    assert.deepEqual(fields, [
      'dropped-content:contents[0].parts[1].inlineData',
      'dropped-content:contents[2].parts[1].executableCode',
      'dropped-field:generationConfig.presencePenalty',
      'dropped-field:generationConfig.seed',
      'dropped-field:safetySettings',
      'dropped-server-tool:tools[0].googleSearch',
      'dropped-thinking:generationConfig.thinkingConfig',
    ]);
    const [first, second, third] = parsed.request.messages;
    assert.deepEqual(first, { role: 'user', content: [{ type: 'text', text: 'Explain how AI works' }] });
    assert.deepEqual(second?.content, [
      { type: 'reasoning', text: 'I considered it.', signature: 'c2lnbmF0dXJl' },
      { type: 'text', text: 'AI learns patterns.' },
    ]);
    assert.deepEqual(third?.content[1], { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } });
    assert.deepEqual(parsed.request.responseFormat, {
      type: 'json-schema',
      name: 'response',
      schema: { type: 'object', properties: { answer: { type: ['string', 'null'] } } },
    });
  });

  test('matches function responses to calls by id, else by name and order', () => {
    const parsed = parseGeminiRequest(
      {
        contents: [
          { role: 'user', parts: [{ text: 'weather in two cities' }] },
          {
            role: 'model',
            parts: [
              { functionCall: { name: 'weather', args: { city: 'Paris' } } },
              { functionCall: { name: 'weather', args: { city: 'Rome' } } },
              { functionCall: { id: 'fixed-id', name: 'time', args: {} } },
            ],
          },
          {
            role: 'user',
            parts: [
              { functionResponse: { id: 'fixed-id', name: 'time', response: { output: '12:00' } } },
              { functionResponse: { name: 'weather', response: { output: 'rain' } } },
              { functionResponse: { name: 'weather', response: { error: 'no data' } } },
            ],
          },
        ],
      },
      context,
    );
    const calls = parsed.request.messages[1]!.content.map((part) => (part.type === 'tool-call' ? part.id : ''));
    assert.deepEqual(calls, ['call_weather_1_0', 'call_weather_1_1', 'fixed-id']);
    const results = parsed.request.messages[2]!.content.map((part) =>
      part.type === 'tool-result'
        ? [part.toolCallId, part.content[0]?.type === 'text' && part.content[0].text, part.isError]
        : [],
    );
    assert.deepEqual(results, [
      ['fixed-id', '12:00', false],
      ['call_weather_1_0', 'rain', false],
      ['call_weather_1_1', 'no data', true],
    ]);
  });

  test('maps the function calling modes', () => {
    const choice = (functionCallingConfig: unknown) =>
      parseGeminiRequest({ contents: [{ parts: [{ text: 'x' }] }], toolConfig: { functionCallingConfig } }, context);
    assert.deepEqual(choice({ mode: 'AUTO' }).request.toolChoice, { type: 'auto' });
    assert.deepEqual(choice({ mode: 'NONE' }).request.toolChoice, { type: 'none' });
    assert.deepEqual(choice({ mode: 'ANY' }).request.toolChoice, { type: 'required' });
    const several = choice({ mode: 'ANY', allowedFunctionNames: ['a', 'b'] });
    assert.deepEqual(several.request.toolChoice, { type: 'required' });
    assert.equal(several.warnings[0]?.code, 'approximated-tool-choice');
    const validated = choice({ mode: 'VALIDATED' });
    assert.deepEqual(validated.request.toolChoice, { type: 'auto' });
    assert.equal(validated.warnings[0]?.field, 'toolConfig.functionCallingConfig.mode');
  });

  test('reads JSON mode with and without a schema', () => {
    const format = (generationConfig: unknown) =>
      parseGeminiRequest({ contents: [{ parts: [{ text: 'x' }] }], generationConfig }, context).request.responseFormat;
    assert.deepEqual(format({ responseMimeType: 'application/json' }), { type: 'json-object' });
    const schema = { type: 'object', properties: { a: { type: 'integer' } } };
    assert.deepEqual(format({ responseMimeType: 'application/json', responseJsonSchema: schema }), {
      type: 'json-schema',
      name: 'response',
      schema,
    });
    assert.equal(format({ responseMimeType: 'text/plain' }), undefined);
  });

  test('rejects what cannot be translated, naming the field', () => {
    const contents = [{ role: 'user', parts: [{ text: 'x' }] }];
    rejects({ contents, generationConfig: { candidateCount: 3 } }, 'generationConfig.candidateCount');
    rejects({ contents, generationConfig: { temperature: 'hot' } }, 'generationConfig.temperature');
    rejects({ contents, generationConfig: { responseMimeType: 'text/x.enum' } }, 'generationConfig.responseMimeType');
    rejects(
      { contents: [{ role: 'user', parts: [{ functionCall: { name: 'f' } }] }] },
      'contents[0].parts[0].functionCall',
    );
    rejects(
      { contents: [{ role: 'model', parts: [{ functionResponse: { name: 'f' } }] }] },
      'contents[0].parts[0].functionResponse',
    );
    rejects(
      { contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'image/png' } }] }] },
      'contents[0].parts[0].inlineData.data',
    );
    rejects(
      { contents, tools: [{ functionDeclarations: [{ description: 'no name' }] }] },
      'tools[0].functionDeclarations[0].name',
    );
    rejects(
      { contents, toolConfig: { functionCallingConfig: { mode: 'SOMETIMES' } } },
      'toolConfig.functionCallingConfig.mode',
    );
  });

  test('takes the model and the streaming choice from the path', () => {
    const parsed = parseGeminiRequest({ contents: [{ parts: [{ text: 'x' }] }] }, { model: 'route-a', stream: true });
    assert.equal(parsed.request.model, 'route-a');
    assert.equal(parsed.request.stream, true);
  });
});
