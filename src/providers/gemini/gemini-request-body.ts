import type { CanonicalRequest, TranslationWarning } from '../../core/canonical.ts';
import { toGeminiContents } from './to-gemini-contents.ts';

/** Options of toGeminiBody. */
export interface GeminiBodyOptions {
  /** The target's model name (it goes in the URL, not the body; kept for symmetry and future use). */
  model: string;
}

/** A Gemini request body with what the translation lost. */
export interface GeminiBody {
  /** The `generateContent` body. */
  body: Record<string, unknown>;
  /** Every loss or change, for `x-outlast-warnings`. */
  warnings: TranslationWarning[];
}

/** Most stop sequences Gemini accepts. */
export const maxGeminiStopSequences = 5;

function generationConfig(request: CanonicalRequest, warnings: TranslationWarning[]): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.temperature !== undefined) {
    const clamped = Math.min(2, Math.max(0, request.temperature));
    if (clamped !== request.temperature) {
      const message = `Gemini's temperature range is 0 to 2; ${request.temperature} was sent as ${clamped}.`;
      warnings.push({ code: 'clamped-temperature', field: 'temperature', message });
    }
    config.temperature = clamped;
  }
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) {
    if (Number.isInteger(request.topK) && request.topK > 0) config.topK = request.topK;
    else
      warnings.push({
        code: 'dropped-sampling',
        field: 'top_k',
        message: 'Gemini takes a positive integer topK; dropped.',
      });
  }
  const stops = request.stopSequences ?? [];
  if (stops.length > maxGeminiStopSequences) {
    const message = `Gemini takes at most ${maxGeminiStopSequences} stop sequences; the rest were dropped.`;
    warnings.push({ code: 'truncated-stop-sequences', field: 'stop', message });
  }
  if (stops.length > 0) config.stopSequences = stops.slice(0, maxGeminiStopSequences);
  const format = request.responseFormat;
  if (format?.type === 'json-object') config.responseMimeType = 'application/json';
  else if (format?.type === 'json-schema') {
    config.responseMimeType = 'application/json';
    config.responseJsonSchema = format.schema;
  }
  return config;
}

function toolConfig(request: CanonicalRequest): Record<string, unknown> | undefined {
  const choice = request.toolChoice;
  if (choice === undefined || request.tools === undefined || request.tools.length === 0) return undefined;
  const config =
    choice.type === 'tool'
      ? { mode: 'ANY', allowedFunctionNames: [choice.name] }
      : { mode: choice.type === 'required' ? 'ANY' : choice.type === 'none' ? 'NONE' : 'AUTO' };
  return { functionCallingConfig: config };
}

/**
 * Renders a canonical request as a Gemini `generateContent` body (B3, docs/translation/gemini.md): system prompt as
 * `systemInstruction`, tools as `functionDeclarations` with `parametersJsonSchema`, tool choice as
 * `functionCallingConfig`, JSON mode as `responseMimeType`/`responseJsonSchema`. Temperature is clamped to [0, 2]
 * (`clamped-temperature`); `parallelToolCalls: false` and `user` have no Gemini field (`dropped-field`).
 * @see https://ai.google.dev/api/generate-content#request-body
 */
export function toGeminiBody(request: CanonicalRequest, _options: GeminiBodyOptions): GeminiBody {
  const warnings: TranslationWarning[] = [];
  const body: Record<string, unknown> = {};
  const system = request.system.filter((part) => part.text !== '').map((part) => ({ text: part.text }));
  if (system.length > 0) body.systemInstruction = { parts: system };
  body.contents = toGeminiContents(request.messages, warnings);
  if (request.tools !== undefined && request.tools.length > 0) {
    const functionDeclarations = request.tools.map((tool) => {
      const declaration: Record<string, unknown> = { name: tool.name };
      if (tool.description !== undefined) declaration.description = tool.description;
      declaration.parametersJsonSchema = tool.inputSchema;
      return declaration;
    });
    body.tools = [{ functionDeclarations }];
  }
  const tools = toolConfig(request);
  if (tools !== undefined) body.toolConfig = tools;
  if (request.parallelToolCalls === false) {
    const message = 'Gemini cannot forbid parallel function calls; dropped.';
    warnings.push({ code: 'dropped-field', field: 'parallel_tool_calls', message });
  }
  if (request.user !== undefined) {
    warnings.push({ code: 'dropped-field', field: 'user', message: 'Gemini has no end-user field; dropped.' });
  }
  const config = generationConfig(request, warnings);
  if (Object.keys(config).length > 0) body.generationConfig = config;
  return { body, warnings };
}
