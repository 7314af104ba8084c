import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { type Content, type FunctionCall, type GenerateContentResponse, GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { type Stack, startStack } from '../helpers/start-stack.ts';

const config = `
providers:
  - { id: claude, type: anthropic, api_key: k1, base_url: "\${SIM}", models: [] }
  - { id: gpt, type: openai, api_key: k2, base_url: "\${SIM}/v1", models: [] }
  - { id: gem, type: gemini, api_key: k3, base_url: "\${SIM}", models: [] }
  - { id: local, type: openai-compatible, api_key: k4, base_url: "\${SIM}/v1", models: [] }
routes:
  - { model: m-anthropic, targets: [ { provider: claude, model: claude-sonnet-4-6 } ] }
  - { model: m-openai, targets: [ { provider: gpt, model: gpt-5 } ] }
  - { model: m-gemini, targets: [ { provider: gem, model: gemini-2.5-flash } ] }
  - { model: m-compat, targets: [ { provider: local, model: llama3.1-8b } ] }
`;

const targets = ['anthropic', 'openai', 'gemini', 'compat'] as const;
const clients = ['openai', 'anthropic', 'gemini'] as const;

const schema = { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] };
const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const ask = 'please call get_weather';
const toolResult = 'sunny, 21 C';

/** What one client format does, with the official SDK's own helpers. */
interface Exchange {
  /** Turn 1 (asks for the tool) and turn 2 (sends its result): the called tool, its city, and the final text. */
  toolRound(model: string, stream: boolean): Promise<{ name: string; city: unknown; text: string; finish: string }>;
  /** A text question with a base64 PNG: the answer's text. */
  image(model: string, stream: boolean): Promise<string>;
}

function openaiExchange(client: OpenAI): Exchange {
  const tools: OpenAI.ChatCompletionTool[] = [
    { type: 'function', function: { name: 'get_weather', description: 'Weather of a city', parameters: schema } },
  ];
  const complete = (body: OpenAI.ChatCompletionCreateParamsNonStreaming, stream: boolean) =>
    stream
      ? client.chat.completions.stream({ ...body, stream: true }).finalChatCompletion()
      : client.chat.completions.create(body);
  return {
    async toolRound(model, stream) {
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: ask }];
      const first = await complete({ model, tools, messages }, stream);
      const choice = first.choices[0]!;
      const call = choice.message.tool_calls?.[0];
      assert.ok(call !== undefined && call.type === 'function', 'a tool call');
      messages.push(choice.message, { role: 'tool', tool_call_id: call.id, content: toolResult });
      const second = await complete({ model, tools, messages }, stream);
      return {
        name: call.function.name,
        city: (JSON.parse(call.function.arguments) as { city?: unknown }).city,
        text: second.choices[0]?.message.content ?? '',
        finish: choice.finish_reason,
      };
    },
    async image(model, stream) {
      const answer = await complete(
        {
          model,
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'what is in this picture?' },
                { type: 'image_url', image_url: { url: `data:image/png;base64,${pixel}` } },
              ],
            },
          ],
        },
        stream,
      );
      return answer.choices[0]?.message.content ?? '';
    },
  };
}

function anthropicExchange(client: Anthropic): Exchange {
  const tools: Anthropic.Tool[] = [{ name: 'get_weather', description: 'Weather of a city', input_schema: schema }];
  const complete = (body: Anthropic.MessageCreateParamsNonStreaming, stream: boolean) =>
    stream ? client.messages.stream(body).finalMessage() : client.messages.create(body);
  const textOf = (message: Anthropic.Message) =>
    message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
  return {
    async toolRound(model, stream) {
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: ask }];
      const first = await complete({ model, max_tokens: 256, tools, messages }, stream);
      const call = first.content.find((block) => block.type === 'tool_use');
      assert.ok(call !== undefined && call.type === 'tool_use', 'a tool_use block');
      assert.match(call.id, /^[a-zA-Z0-9_-]+$/);
      messages.push(
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: toolResult }] },
      );
      const second = await complete({ model, max_tokens: 256, tools, messages }, stream);
      return {
        name: call.name,
        city: (call.input as { city?: unknown }).city,
        text: textOf(second),
        finish: first.stop_reason ?? '',
      };
    },
    async image(model, stream) {
      const answer = await complete(
        {
          model,
          max_tokens: 64,
          messages: [
            {
              role: 'user',
              content: [
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pixel } },
                { type: 'text', text: 'what is in this picture?' },
              ],
            },
          ],
        },
        stream,
      );
      return textOf(answer);
    },
  };
}

function geminiExchange(client: GoogleGenAI): Exchange {
  const tools = [
    { functionDeclarations: [{ name: 'get_weather', description: 'Weather of a city', parametersJsonSchema: schema }] },
  ];
  /** The text parts of a response (the SDK's `text` getter warns when function calls sit beside them). */
  const textOf = (response: GenerateContentResponse) =>
    (response.candidates?.[0]?.content?.parts ?? [])
      .flatMap((part) => (part.text === undefined ? [] : [part.text]))
      .join('');
  /** One answer: text joined and function calls collected, from generateContentStream chunks when streaming. */
  async function complete(model: string, contents: Content[], withTools: boolean, stream: boolean) {
    const request = { model, contents, ...(withTools && { config: { tools } }) };
    if (!stream) {
      const response = await client.models.generateContent(request);
      return {
        text: textOf(response),
        calls: response.functionCalls ?? [],
        finish: response.candidates?.[0]?.finishReason ?? '',
      };
    }
    let text = '';
    const calls: FunctionCall[] = [];
    let finish = '';
    for await (const chunk of await client.models.generateContentStream(request)) {
      text += textOf(chunk);
      calls.push(...(chunk.functionCalls ?? []));
      finish = chunk.candidates?.[0]?.finishReason ?? finish;
    }
    return { text, calls, finish };
  }
  return {
    async toolRound(model, stream) {
      const contents: Content[] = [{ role: 'user', parts: [{ text: ask }] }];
      const first = await complete(model, contents, true, stream);
      const call = first.calls[0];
      assert.ok(call?.name !== undefined, 'a function call');
      // The result goes back by name only, as most Gemini code does: Outlast maps it to the call's id.
      contents.push(
        { role: 'model', parts: first.calls.map((functionCall) => ({ functionCall })) },
        { role: 'user', parts: [{ functionResponse: { name: call.name, response: { output: toolResult } } }] },
      );
      const second = await complete(model, contents, true, stream);
      return { name: call.name, city: call.args?.city, text: second.text, finish: first.finish };
    },
    async image(model, stream) {
      const contents: Content[] = [
        {
          role: 'user',
          parts: [{ text: 'what is in this picture?' }, { inlineData: { mimeType: 'image/png', data: pixel } }],
        },
      ];
      return (await complete(model, contents, false, stream)).text;
    },
  };
}

const expectedFinish: Record<(typeof clients)[number], string> = {
  openai: 'tool_calls',
  anthropic: 'tool_use',
  gemini: 'STOP',
};

describe('every client format on every provider format, through the official SDKs', () => {
  let stack: Stack;
  const exchanges = new Map<(typeof clients)[number], Exchange>();
  before(async () => {
    stack = await startStack(config);
    exchanges.set('openai', openaiExchange(new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 0 })));
    exchanges.set('anthropic', anthropicExchange(new Anthropic({ baseURL: stack.url, apiKey: 'k', maxRetries: 0 })));
    exchanges.set('gemini', geminiExchange(new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: stack.url } })));
  });
  after(() => stack.close());

  for (const client of clients) {
    for (const target of targets) {
      test(`a ${client} client on a ${target} target: a two-turn tool exchange and an image, streamed and not`, async () => {
        const exchange = exchanges.get(client)!;
        const model = `m-${target}`;
        const [plain, streamed, imagePlain, imageStreamed] = await Promise.all([
          exchange.toolRound(model, false),
          exchange.toolRound(model, true),
          exchange.image(model, false),
          exchange.image(model, true),
        ]);
        for (const round of [plain, streamed]) {
          assert.equal(round.name, 'get_weather');
          assert.equal(typeof round.city, 'string');
          assert.equal(round.finish, expectedFinish[client]);
          assert.match(round.text, /sunny, 21 C/);
        }
        assert.deepEqual(streamed, plain, 'the streamed exchange equals the whole one');
        assert.ok(imagePlain.length > 0);
        assert.equal(imageStreamed, imagePlain);
      });
    }
  }
});
