import { z } from 'zod';
import { isArrayOf, isFiniteNumber, isIntAtLeast, isObject, isString, optional } from '../shared/quick-checks.ts';

const part = z.looseObject({}, { error: 'each part must be an object' });

const content = z.looseObject({
  role: z.enum(['user', 'model', 'function'], { error: 'must be "user" or "model"' }).optional(),
  parts: z.array(part, { error: 'is required and must be an array of parts' }),
});

/**
 * The fields of a Gemini `generateContent` request that the gateway reads (camelCase, as the REST API takes them);
 * every other field passes through to a Gemini target unchanged. The model is in the path, not the body.
 * @see https://ai.google.dev/api/generate-content#request-body
 */
export const geminiGenerateRequestSchema = z.looseObject({
  contents: z
    .array(content, { error: 'is required and must be an array of contents' })
    .min(1, 'must contain at least one content'),
  systemInstruction: z.looseObject({ parts: z.array(part, { error: 'must be an array of parts' }) }).optional(),
  tools: z.array(z.looseObject({}), { error: 'must be an array of tools' }).optional(),
  toolConfig: z.looseObject({}, { error: 'must be an object' }).optional(),
  generationConfig: z
    .looseObject(
      {
        candidateCount: z.int({ error: 'must be an integer' }).min(1).optional(),
        maxOutputTokens: z.int({ error: 'must be an integer' }).min(1).optional(),
        temperature: z.number({ error: 'must be a number' }).optional(),
        topP: z.number({ error: 'must be a number' }).optional(),
        topK: z.number({ error: 'must be a number' }).optional(),
        stopSequences: z.array(z.string(), { error: 'must be an array of strings' }).optional(),
      },
      { error: 'must be an object' },
    )
    .optional(),
});

const geminiRoles: ReadonlySet<unknown> = new Set(['user', 'model', 'function']);
const isParts = isArrayOf(isObject);
const isContent = (value: unknown) =>
  isObject(value) && optional(value.role, (role) => geminiRoles.has(role)) && isParts(value.parts);
const isPositiveInt = isIntAtLeast(1);
const isGenerationConfig = (config: unknown) =>
  isObject(config) &&
  optional(config.candidateCount, isPositiveInt) &&
  optional(config.maxOutputTokens, isPositiveInt) &&
  optional(config.temperature, isFiniteNumber) &&
  optional(config.topP, isFiniteNumber) &&
  optional(config.topK, isFiniteNumber) &&
  optional(config.stopSequences, isArrayOf(isString));

/** True exactly when `geminiGenerateRequestSchema` accepts `body`, without zod (see shared/quick-checks.ts). */
export function acceptsGeminiGenerateRequest(body: Record<string, unknown>): boolean {
  return (
    Array.isArray(body.contents) &&
    body.contents.length > 0 &&
    body.contents.every(isContent) &&
    optional(body.systemInstruction, (instruction) => isObject(instruction) && isParts(instruction.parts)) &&
    optional(body.tools, isArrayOf(isObject)) &&
    optional(body.toolConfig, isObject) &&
    optional(body.generationConfig, isGenerationConfig)
  );
}
