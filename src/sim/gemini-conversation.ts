import { fromGeminiSchema } from '../formats/gemini/gemini-json-schema.ts';
import { isObject, type JsonObject } from './content-text.ts';
import type { Conversation, OfferedTool, ToolChoice } from './conversation.ts';
import { countWords } from './count-words.ts';

function partsOf(content: unknown): JsonObject[] {
  if (!isObject(content) || !Array.isArray(content.parts)) return [];
  return content.parts.filter(isObject);
}

/** Text of the (non-thought) text parts of a content, joined by newlines. */
function textOf(content: unknown): string {
  const texts: string[] = [];
  for (const part of partsOf(content))
    if (typeof part.text === 'string' && part.thought !== true) texts.push(part.text);
  return texts.join('\n');
}

/** A function response as text: its `output` (or `error`) string, else the response object as JSON. */
function responseText(part: JsonObject): string | undefined {
  const call = part.functionResponse;
  if (!isObject(call)) return undefined;
  const response = isObject(call.response) ? call.response : {};
  if (typeof response.output === 'string') return response.output;
  if (typeof response.error === 'string') return response.error;
  return JSON.stringify(response);
}

function toolsOf(tools: unknown): OfferedTool[] {
  if (!Array.isArray(tools)) return [];
  const offered: OfferedTool[] = [];
  for (const tool of tools) {
    if (!isObject(tool) || !Array.isArray(tool.functionDeclarations)) continue;
    for (const declaration of tool.functionDeclarations) {
      if (!isObject(declaration) || typeof declaration.name !== 'string') continue;
      const schema = declaration.parametersJsonSchema ?? fromGeminiSchema(declaration.parameters);
      offered.push({ name: declaration.name, schema });
    }
  }
  return offered;
}

function toolChoiceOf(config: unknown): ToolChoice {
  const calling = isObject(config) ? config.functionCallingConfig : undefined;
  if (!isObject(calling)) return 'auto';
  const allowed = Array.isArray(calling.allowedFunctionNames) ? calling.allowedFunctionNames : [];
  if (calling.mode === 'NONE') return 'none';
  if (calling.mode === 'ANY')
    return allowed.length === 1 && typeof allowed[0] === 'string' ? { name: allowed[0] } : 'any';
  return 'auto';
}

/** Reads the facts of a Gemini generateContent request (already validated) that the answer is derived from. */
export function readGeminiConversation(body: JsonObject): Conversation {
  const contents = body.contents as JsonObject[];
  let words = countWords(textOf(body.systemInstruction));
  let lastUserText = '';
  for (const content of contents) {
    words += countWords(textOf(content));
    for (const part of partsOf(content)) words += countWords(responseText(part) ?? '');
    if (content.role !== 'model' && textOf(content) !== '') lastUserText = textOf(content);
  }
  const last = contents[contents.length - 1]!;
  const results = last.role === 'model' ? [] : partsOf(last).flatMap((part) => responseText(part) ?? []);
  return {
    lastUserText,
    toolResult: results.length > 0 ? results.join('\n') : undefined,
    tools: toolsOf(body.tools),
    toolChoice: toolChoiceOf(body.toolConfig),
    inputTokens: Math.max(1, words),
    prefill: last.role === 'model' ? textOf(last) : undefined,
  };
}
