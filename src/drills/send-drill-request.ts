import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

/** The six request kinds of a drill's load, sent in turn: both client formats, streamed or not, with tools or not. */
export const requestKinds = [
  'anthropic',
  'anthropic-stream',
  'openai',
  'openai-stream',
  'anthropic-tools-stream',
  'openai-tools',
] as const;

/** One kind of drill request. */
export type RequestKind = (typeof requestKinds)[number];

/** What one request of the load got. */
export interface DrillSample {
  /** Simulated time it was sent at, epoch ms. */
  atMs: number;
  /** `outlast` (through the gateway) or `direct` (straight to the primary, the baseline). */
  path: 'outlast' | 'direct';
  /** Its kind. */
  kind: RequestKind;
  /** True when the client got a complete, usable answer. */
  ok: boolean;
  /** HTTP status, or 0 when no response came. */
  status: number;
  /** Real time until the answer was complete, in ms. */
  latencyMs: number;
  /** `x-outlast-provider` / `x-outlast-model`. */
  servedBy: string | undefined;
  /** `x-outlast-fallback: true`. */
  fallback: boolean;
  /** `x-outlast-degraded`, when the gateway sets it. */
  degraded: string | undefined;
  /** The answer passed the client's checks (schema, tool call parseable); false when not ok. */
  valid: boolean;
  /** What failed, when not ok or not valid. */
  error: string | undefined;
}

/** SDK clients of a drill: the gateway in both formats, and the primary directly. */
export interface DrillClients {
  outlastAnthropic: Anthropic;
  outlastOpenAI: OpenAI;
  direct: Anthropic;
  /** The route's model name at the gateway (e.g. `smart`). */
  routeModel: string;
  /** The primary's upstream model (for direct calls). */
  primaryModel: string;
  /** Which target served an answer, from its headers (`x-outlast-provider/x-outlast-model` for Outlast). */
  servedBy: (headers: Headers) => string | undefined;
}

/** The target an Outlast answer came from. */
export function outlastServedBy(headers: Headers): string | undefined {
  const provider = headers.get('x-outlast-provider');
  return provider === null ? undefined : `${provider}/${headers.get('x-outlast-model') ?? '?'}`;
}

/** Builds the SDK clients (no SDK retries: the gateway's are measured, not the SDK's). */
export function createDrillClients(options: {
  gatewayUrl: string;
  primaryUrl: string;
  primaryKey: string;
  routeModel: string;
  primaryModel: string;
  /** Extra headers of every request to the gateway under test (e.g. Portkey's `x-portkey-config`). */
  headers?: Record<string, string>;
  servedBy?: (headers: Headers) => string | undefined;
}): DrillClients {
  const defaultHeaders = options.headers ?? {};
  return {
    outlastAnthropic: new Anthropic({
      baseURL: options.gatewayUrl,
      apiKey: 'drill-client',
      maxRetries: 0,
      defaultHeaders,
    }),
    outlastOpenAI: new OpenAI({
      baseURL: `${options.gatewayUrl}/v1`,
      apiKey: 'drill-client',
      maxRetries: 0,
      defaultHeaders,
    }),
    servedBy: options.servedBy ?? outlastServedBy,
    direct: new Anthropic({ baseURL: options.primaryUrl, apiKey: options.primaryKey, maxRetries: 0 }),
    routeModel: options.routeModel,
    primaryModel: options.primaryModel,
  };
}

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather of a city',
  schema: {
    type: 'object' as const,
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } },
    required: ['city'],
  },
};

const prompts = [
  'Summarise the incident report in two sentences.',
  'Draft a polite reply to a customer asking about a refund.',
  'Explain what a circuit breaker does in a gateway.',
  'List three risks of a single-provider AI feature.',
];

/** True when a tool call's arguments parse to an object with the required `city` string (the client's check). */
export function isValidWeatherCall(argumentsJson: string): boolean {
  try {
    const value = JSON.parse(argumentsJson) as unknown;
    return typeof value === 'object' && value !== null && typeof (value as { city?: unknown }).city === 'string';
  } catch {
    return false;
  }
}

interface Answer {
  text: string;
  toolArguments: string[];
  headers: Headers;
}

async function anthropicAnswer(
  client: Anthropic,
  options: { model: string; stream: boolean; tools: boolean; prompt: string; signal: AbortSignal },
): Promise<Answer> {
  const params = {
    model: options.model,
    max_tokens: 256,
    messages: [{ role: 'user' as const, content: options.tools ? 'call get_weather for Paris' : options.prompt }],
    ...(options.tools
      ? {
          tools: [{ name: weatherTool.name, description: weatherTool.description, input_schema: weatherTool.schema }],
        }
      : {}),
  };
  if (!options.stream) {
    const { data, response } = await client.messages
      .create({ ...params, stream: false }, { signal: options.signal })
      .withResponse();
    if (data.type !== 'message' || !Array.isArray(data.content)) throw new Error('not a message');
    const text = data.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    const toolArguments = data.content
      .filter((block) => block.type === 'tool_use')
      .map((block) => JSON.stringify(block.input));
    return { text, toolArguments, headers: response.headers };
  }
  const { data, response } = await client.messages
    .create({ ...params, stream: true }, { signal: options.signal })
    .withResponse();
  let text = '';
  const toolArguments: string[] = [];
  let stopped = false;
  for await (const event of data) {
    if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') toolArguments.push('');
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta')
      toolArguments[toolArguments.length - 1] += event.delta.partial_json;
    if (event.type === 'message_stop') stopped = true;
  }
  if (!stopped) throw new Error('stream ended without message_stop');
  return { text, toolArguments, headers: response.headers };
}

async function openaiAnswer(
  client: OpenAI,
  options: { model: string; stream: boolean; tools: boolean; prompt: string; signal: AbortSignal },
): Promise<Answer> {
  const params = {
    model: options.model,
    max_completion_tokens: 256,
    messages: [{ role: 'user' as const, content: options.tools ? 'call get_weather for Paris' : options.prompt }],
    ...(options.tools
      ? {
          tools: [
            {
              type: 'function' as const,
              function: {
                name: weatherTool.name,
                description: weatherTool.description,
                parameters: weatherTool.schema,
              },
            },
          ],
        }
      : {}),
  };
  if (!options.stream) {
    const { data, response } = await client.chat.completions
      .create({ ...params, stream: false }, { signal: options.signal })
      .withResponse();
    const message = data.choices[0]?.message;
    if (message === undefined) throw new Error('no choice');
    const toolArguments = (message.tool_calls ?? []).map((call) =>
      call.type === 'function' ? call.function.arguments : '',
    );
    return { text: message.content ?? '', toolArguments, headers: response.headers };
  }
  const { data, response } = await client.chat.completions
    .create({ ...params, stream: true }, { signal: options.signal })
    .withResponse();
  let text = '';
  const toolArguments: string[] = [];
  let finished = false;
  for await (const chunk of data) {
    const choice = chunk.choices[0];
    if (choice === undefined) continue;
    text += choice.delta.content ?? '';
    for (const call of choice.delta.tool_calls ?? []) {
      toolArguments[call.index] = (toolArguments[call.index] ?? '') + (call.function?.arguments ?? '');
    }
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) finished = true;
  }
  if (!finished) throw new Error('stream ended without a finish_reason');
  return { text, toolArguments, headers: response.headers };
}

/** Sends one request of the load and reports what the client got. */
export async function sendDrillRequest(options: {
  clients: DrillClients;
  path: 'outlast' | 'direct';
  kind: RequestKind;
  index: number;
  atMs: number;
  timeoutMs: number;
}): Promise<DrillSample> {
  const { clients, kind } = options;
  const tools = kind.includes('tools');
  const stream = kind.includes('stream');
  const prompt = prompts[options.index % prompts.length] ?? '';
  const signal = AbortSignal.timeout(options.timeoutMs);
  const started = performance.now();
  const base = { atMs: options.atMs, path: options.path, kind };
  try {
    const answer =
      options.path === 'direct'
        ? await anthropicAnswer(clients.direct, { model: clients.primaryModel, stream, tools, prompt, signal })
        : kind.startsWith('anthropic')
          ? await anthropicAnswer(clients.outlastAnthropic, {
              model: clients.routeModel,
              stream,
              tools,
              prompt,
              signal,
            })
          : await openaiAnswer(clients.outlastOpenAI, { model: clients.routeModel, stream, tools, prompt, signal });
    const latencyMs = performance.now() - started;
    let error: string | undefined;
    if (tools && answer.toolArguments.length === 0) error = 'no tool call';
    else if (tools && !answer.toolArguments.every(isValidWeatherCall)) error = 'tool call arguments do not parse';
    else if (!tools && answer.text.trim().length === 0) error = 'empty answer';
    const headers = options.path === 'direct' ? new Headers() : answer.headers;
    return {
      ...base,
      ok: true,
      status: 200,
      latencyMs,
      servedBy: clients.servedBy(headers),
      fallback: headers.get('x-outlast-fallback') === 'true',
      degraded: headers.get('x-outlast-degraded') ?? undefined,
      valid: error === undefined,
      error,
    };
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    return {
      ...base,
      ok: false,
      status: typeof status === 'number' ? status : 0,
      latencyMs: performance.now() - started,
      servedBy: undefined,
      fallback: false,
      degraded: undefined,
      valid: false,
      error: (error as Error).message.slice(0, 200),
    };
  }
}
