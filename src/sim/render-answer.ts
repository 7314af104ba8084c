import { readAnthropicConversation } from './anthropic-conversation.ts';
import { renderAnthropicMessage } from './anthropic-message.ts';
import { renderAnthropicStream } from './anthropic-stream.ts';
import { validateAnthropicRequest } from './anthropic-validate.ts';
import { readGeminiConversation } from './gemini-conversation.ts';
import { renderGeminiJsonArray, renderGeminiResponse, renderGeminiStream } from './gemini-response.ts';
import { validateGeminiRequest } from './gemini-validate.ts';
import { jsonAnswer } from './json-answer.ts';
import { renderOpenAiCompletion } from './openai-completion.ts';
import { readOpenAiConversation } from './openai-conversation.ts';
import { renderOpenAiEmbeddings } from './openai-embeddings.ts';
import { readOpenAiResponsesConversation } from './openai-responses-conversation.ts';
import { renderOpenAiResponse } from './openai-responses-response.ts';
import { renderOpenAiResponsesStream } from './openai-responses-stream.ts';
import { validateOpenAiResponses } from './openai-responses-validate.ts';
import { renderOpenAiStream } from './openai-stream.ts';
import { validateOpenAiChat } from './openai-validate.ts';
import { validateOpenAiEmbeddings } from './openai-validate-embeddings.ts';
import { outputTokensOf } from './output-tokens.ts';
import { planAnswer } from './plan-answer.ts';
import type { RenderedAnswer, RenderedFrames } from './rendered-answer.ts';
import { createResponseTemplate } from './response-template.ts';
import type { RouteKind } from './route-request.ts';
import type { SimError } from './sim-error.ts';

type JsonObject = Record<string, unknown>;

/** What besides the body shapes an answer. */
export interface RenderSettings {
  /** `anthropic-version` of the request (empty for OpenAI). */
  version: string;
  /** Wanted answer length in words. */
  answerTokens: number;
  /** Gemini: the model named in the path. */
  model?: string | undefined;
  /** Gemini `streamGenerateContent`: `sse` with `alt=sse`, else `json-array`. */
  geminiStream?: 'sse' | 'json-array' | undefined;
}

const sseType = 'text/event-stream; charset=utf-8';

function streamAnswer(model: string, rendered: RenderedFrames, outputTokens: number): RenderedAnswer {
  const template = createResponseTemplate(rendered.frames);
  const { firstContent, lastContent } = rendered;
  return { model, stream: true, contentType: sseType, template, firstContent, lastContent, outputTokens };
}

function renderAnthropic(body: JsonObject, settings: RenderSettings): RenderedAnswer {
  const model = body.model as string;
  const plan = planAnswer(readAnthropicConversation(body), {
    answerTokens: settings.answerTokens,
    maxTokens: body.max_tokens as number,
  });
  const outputTokens = outputTokensOf(plan);
  if (body.stream === true) return streamAnswer(model, renderAnthropicStream(plan, model), outputTokens);
  return jsonAnswer(model, renderAnthropicMessage(plan, model), outputTokens);
}

function maxTokensOf(body: JsonObject): number | undefined {
  const value = body.max_completion_tokens ?? body.max_tokens;
  return typeof value === 'number' ? value : undefined;
}

function renderOpenAiChat(body: JsonObject, settings: RenderSettings): RenderedAnswer {
  const model = body.model as string;
  const plan = planAnswer(readOpenAiConversation(body), {
    answerTokens: settings.answerTokens,
    maxTokens: maxTokensOf(body),
  });
  const outputTokens = outputTokensOf(plan);
  const createdSeconds = Math.floor(Date.now() / 1000);
  if (body.stream === true) {
    const options = body.stream_options as JsonObject | undefined | null;
    const includeUsage = options?.include_usage === true;
    return streamAnswer(model, renderOpenAiStream(plan, { model, createdSeconds, includeUsage }), outputTokens);
  }
  return jsonAnswer(model, renderOpenAiCompletion(plan, model, createdSeconds), outputTokens);
}

function renderOpenAiResponses(body: JsonObject, settings: RenderSettings): RenderedAnswer {
  const model = body.model as string;
  const max = body.max_output_tokens;
  const plan = planAnswer(readOpenAiResponsesConversation(body), {
    answerTokens: settings.answerTokens,
    maxTokens: typeof max === 'number' ? max : undefined,
  });
  const outputTokens = outputTokensOf(plan);
  const createdSeconds = Math.floor(Date.now() / 1000);
  if (body.stream === true) {
    return streamAnswer(model, renderOpenAiResponsesStream(plan, body, { model, createdSeconds }), outputTokens);
  }
  return jsonAnswer(model, renderOpenAiResponse(plan, body, model, createdSeconds), outputTokens);
}

function renderGemini(body: JsonObject, settings: RenderSettings): RenderedAnswer {
  const model = settings.model ?? '';
  const config = body.generationConfig as JsonObject | undefined;
  const maxTokens = typeof config?.maxOutputTokens === 'number' ? config.maxOutputTokens : undefined;
  const plan = planAnswer(readGeminiConversation(body), { answerTokens: settings.answerTokens, maxTokens });
  const outputTokens = outputTokensOf(plan);
  if (settings.geminiStream === 'sse') return streamAnswer(model, renderGeminiStream(plan, model), outputTokens);
  const json =
    settings.geminiStream === 'json-array' ? renderGeminiJsonArray(plan, model) : renderGeminiResponse(plan, model);
  return jsonAnswer(model, json, outputTokens);
}

/** Validates a parsed request body and renders its answer (cacheable), or returns the validation error. */
export function renderAnswer(kind: RouteKind, body: unknown, settings: RenderSettings): RenderedAnswer | SimError {
  switch (kind) {
    case 'anthropic-messages':
      return (
        validateAnthropicRequest(body, { version: settings.version, countTokens: false }) ??
        renderAnthropic(body as JsonObject, settings)
      );
    case 'anthropic-count-tokens': {
      const problem = validateAnthropicRequest(body, { version: settings.version, countTokens: true });
      if (problem !== undefined) return problem;
      const input = readAnthropicConversation(body as JsonObject).inputTokens;
      return jsonAnswer((body as JsonObject).model as string, JSON.stringify({ input_tokens: input }), 0);
    }
    case 'openai-chat':
      return validateOpenAiChat(body) ?? renderOpenAiChat(body as JsonObject, settings);
    case 'openai-responses':
      return validateOpenAiResponses(body) ?? renderOpenAiResponses(body as JsonObject, settings);
    case 'openai-embeddings': {
      const problem = validateOpenAiEmbeddings(body);
      if (problem !== undefined) return problem;
      return jsonAnswer((body as JsonObject).model as string, renderOpenAiEmbeddings(body as JsonObject), 0);
    }
    case 'gemini-generate':
      return validateGeminiRequest(body) ?? renderGemini(body as JsonObject, settings);
    default:
      return { status: 404, message: 'Not found.' };
  }
}

/** Whether a render result is an error. */
export function isSimError(result: RenderedAnswer | SimError): result is SimError {
  return 'status' in result;
}
