import type {
  CanonicalRequest,
  ResponseFormat,
  ToolChoice,
  ToolDefinition,
  TranslationWarning,
} from '../../core/canonical.ts';
import { type Fields, invalidField, isFields } from '../anthropic-messages/anthropic-request-fields.ts';
import { fromGeminiSchema } from './gemini-json-schema.ts';
import { parseGeminiContents, parseGeminiSystem } from './parse-gemini-contents.ts';

/** A Gemini request in canonical form with what the translation lost. */
export interface ParsedGeminiRequest {
  /** The canonical request. */
  request: CanonicalRequest;
  /** Every loss or change, for `x-outlast-warnings`. */
  warnings: TranslationWarning[];
}

/** What the path says: Gemini puts the model and the streaming choice in the URL, not the body. */
export interface GeminiRequestContext {
  /** The model named in the path. */
  model: string;
  /** True for `streamGenerateContent?alt=sse`. */
  stream: boolean;
}

const translatedFields = ['contents', 'systemInstruction', 'tools', 'toolConfig', 'generationConfig'];

const translatedConfig = [
  'temperature',
  'topP',
  'topK',
  'maxOutputTokens',
  'stopSequences',
  'candidateCount',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
];

function drop(warnings: TranslationWarning[], field: string, code = 'dropped-field'): void {
  warnings.push({ code, field, message: `\`${field}\` has no equivalent outside Gemini; dropped.` });
}

function dropUnknown(object: Fields, known: readonly string[], path: string, warnings: TranslationWarning[]): void {
  for (const [key, value] of Object.entries(object)) {
    if (known.includes(key) || value === undefined || value === null) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    drop(warnings, path === '' ? key : `${path}.${key}`);
  }
}

function parseTools(value: unknown, warnings: TranslationWarning[]): ToolDefinition[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidField('tools', 'must be an array');
  const tools: ToolDefinition[] = [];
  value.forEach((tool: unknown, index) => {
    const path = `tools[${index}]`;
    if (!isFields(tool)) throw invalidField(path, 'must be an object');
    for (const key of Object.keys(tool)) {
      if (key !== 'functionDeclarations') drop(warnings, `${path}.${key}`, 'dropped-server-tool');
    }
    const declarations = tool.functionDeclarations;
    if (declarations === undefined) return;
    if (!Array.isArray(declarations)) throw invalidField(`${path}.functionDeclarations`, 'must be an array');
    declarations.forEach((declaration: unknown, at) => {
      const where = `${path}.functionDeclarations[${at}]`;
      if (!isFields(declaration) || typeof declaration.name !== 'string' || declaration.name === '') {
        throw invalidField(`${where}.name`, 'must be a non-empty string');
      }
      const schema =
        declaration.parametersJsonSchema ??
        (declaration.parameters === undefined ? undefined : fromGeminiSchema(declaration.parameters));
      if (schema !== undefined && !isFields(schema)) throw invalidField(`${where}.parameters`, 'must be an object');
      const definition: ToolDefinition = {
        name: declaration.name,
        inputSchema: schema ?? { type: 'object', properties: {} },
      };
      if (typeof declaration.description === 'string') definition.description = declaration.description;
      dropUnknown(declaration, ['name', 'description', 'parameters', 'parametersJsonSchema'], where, warnings);
      tools.push(definition);
    });
  });
  return tools;
}

function parseToolChoice(value: unknown, warnings: TranslationWarning[]): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isFields(value)) throw invalidField('toolConfig', 'must be an object');
  dropUnknown(value, ['functionCallingConfig'], 'toolConfig', warnings);
  const config = value.functionCallingConfig;
  if (config === undefined || config === null) return undefined;
  if (!isFields(config)) throw invalidField('toolConfig.functionCallingConfig', 'must be an object');
  const names = config.allowedFunctionNames;
  if (names !== undefined && (!Array.isArray(names) || !names.every((name) => typeof name === 'string'))) {
    throw invalidField('toolConfig.functionCallingConfig.allowedFunctionNames', 'must be an array of strings');
  }
  const allowed = (names ?? []) as string[];
  const mode = config.mode ?? 'AUTO';
  const field = 'toolConfig.functionCallingConfig';
  if (mode === 'NONE') return { type: 'none' };
  if (mode === 'ANY') {
    if (allowed.length === 1) return { type: 'tool', name: allowed[0]! };
    if (allowed.length > 1) {
      const message = 'Only one allowed function name can be forced outside Gemini; any tool is required instead.';
      warnings.push({ code: 'approximated-tool-choice', field: `${field}.allowedFunctionNames`, message });
    }
    return { type: 'required' };
  }
  if (mode === 'AUTO' || mode === 'VALIDATED' || mode === 'MODE_UNSPECIFIED') {
    if (mode === 'VALIDATED') {
      const message = 'VALIDATED has no equivalent outside Gemini; sent as auto.';
      warnings.push({ code: 'approximated-tool-choice', field: `${field}.mode`, message });
    }
    if (allowed.length > 0) drop(warnings, `${field}.allowedFunctionNames`);
    return { type: 'auto' };
  }
  throw invalidField(`${field}.mode`, 'must be AUTO, ANY, NONE or VALIDATED');
}

function parseResponseFormat(config: Fields): ResponseFormat | undefined {
  const mimeType = config.responseMimeType;
  const schema =
    config.responseJsonSchema ??
    (config.responseSchema === undefined ? undefined : fromGeminiSchema(config.responseSchema));
  if (mimeType === undefined || mimeType === 'text/plain') {
    if (schema !== undefined)
      throw invalidField(
        'generationConfig.responseMimeType',
        'must be "application/json" when a response schema is set',
      );
    return undefined;
  }
  if (mimeType !== 'application/json') {
    throw invalidField('generationConfig.responseMimeType', 'only text/plain and application/json can be translated');
  }
  if (schema === undefined) return { type: 'json-object' };
  if (!isFields(schema)) throw invalidField('generationConfig.responseJsonSchema', 'must be an object');
  return { type: 'json-schema', name: 'response', schema };
}

function parseGenerationConfig(value: unknown, request: CanonicalRequest, warnings: TranslationWarning[]): void {
  if (value === undefined || value === null) return;
  if (!isFields(value)) throw invalidField('generationConfig', 'must be an object');
  const number = (key: string): number | undefined => {
    const field = value[key];
    if (field === undefined || field === null) return undefined;
    if (typeof field !== 'number' || !Number.isFinite(field))
      throw invalidField(`generationConfig.${key}`, 'must be a number');
    return field;
  };
  const candidates = number('candidateCount');
  if (candidates !== undefined && candidates !== 1) {
    throw invalidField('generationConfig.candidateCount', 'Outlast translates one candidate only; must be 1');
  }
  const maxTokens = number('maxOutputTokens');
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  const temperature = number('temperature');
  if (temperature !== undefined) request.temperature = temperature;
  const topP = number('topP');
  if (topP !== undefined) request.topP = topP;
  const topK = number('topK');
  if (topK !== undefined) request.topK = topK;
  const stops = value.stopSequences;
  if (stops !== undefined && stops !== null) {
    if (!Array.isArray(stops) || !stops.every((stop) => typeof stop === 'string'))
      throw invalidField('generationConfig.stopSequences', 'must be an array of strings');
    if (stops.length > 0) request.stopSequences = stops;
  }
  const format = parseResponseFormat(value);
  if (format !== undefined) request.responseFormat = format;
  for (const [key, field] of Object.entries(value)) {
    if (translatedConfig.includes(key) || field === undefined || field === null) continue;
    const path = `generationConfig.${key}`;
    if (key === 'thinkingConfig') {
      warnings.push({
        code: 'dropped-thinking',
        field: path,
        message: 'Thinking settings do not carry across vendors; dropped.',
      });
    } else {
      drop(warnings, path);
    }
  }
}

/**
 * Reads a Gemini `generateContent` body into canonical form (B3, docs/translation/gemini.md): system instruction,
 * contents, function declarations (`parametersJsonSchema`, or `parameters` turned into JSON Schema), function calling
 * modes, generation settings and JSON mode. `seed`, penalties, `thinkingConfig`, safety settings and other fields with
 * no canonical home are dropped with a warning; `candidateCount` other than 1 is rejected.
 * @see https://ai.google.dev/api/generate-content#request-body
 */
export function parseGeminiRequest(body: Record<string, unknown>, context: GeminiRequestContext): ParsedGeminiRequest {
  const warnings: TranslationWarning[] = [];
  const request: CanonicalRequest = {
    model: context.model,
    system: parseGeminiSystem(body.systemInstruction, warnings),
    messages: parseGeminiContents(body.contents, warnings),
    stream: context.stream,
  };
  parseGenerationConfig(body.generationConfig, request, warnings);
  const tools = parseTools(body.tools, warnings);
  if (tools !== undefined && tools.length > 0) request.tools = tools;
  const choice = parseToolChoice(body.toolConfig, warnings);
  if (choice !== undefined) request.toolChoice = choice;
  dropUnknown(body, translatedFields, '', warnings);
  return { request, warnings };
}
