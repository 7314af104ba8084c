import { isObject, type JsonObject } from './content-text.ts';
import type { Conversation, OfferedTool, ToolChoice } from './conversation.ts';
import { countWords } from './count-words.ts';

/** Text of a Responses message content: a string, or its `input_text` / `output_text` parts joined by newlines. */
function responsesText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const part of content) {
    if (
      isObject(part) &&
      (part.type === 'input_text' || part.type === 'output_text') &&
      typeof part.text === 'string'
    ) {
      parts.push(part.text);
    }
  }
  return parts.join('\n');
}

function toolsOf(tools: unknown): OfferedTool[] {
  if (!Array.isArray(tools)) return [];
  const offered: OfferedTool[] = [];
  for (const tool of tools) {
    if (isObject(tool) && tool.type === 'function' && typeof tool.name === 'string') {
      offered.push({ name: tool.name, schema: tool.parameters });
    }
  }
  return offered;
}

function toolChoiceOf(choice: unknown): ToolChoice {
  if (choice === 'required') return 'any';
  if (choice === 'none') return 'none';
  if (isObject(choice) && choice.type === 'function' && typeof choice.name === 'string') return { name: choice.name };
  return 'auto';
}

/** The input items of a Responses request (a string input is one user message). */
function itemsOf(body: JsonObject): JsonObject[] {
  if (typeof body.input === 'string') return [{ role: 'user', content: body.input }];
  return Array.isArray(body.input) ? body.input.filter(isObject) : [];
}

/** Reads the facts of an OpenAI Responses request (already validated) that the answer is derived from. */
export function readOpenAiResponsesConversation(body: JsonObject): Conversation {
  const items = itemsOf(body);
  let words = typeof body.instructions === 'string' ? countWords(body.instructions) : 0;
  let lastUserText = '';
  for (const item of items) {
    const text =
      item.type === 'function_call_output' || item.type === 'custom_tool_call_output'
        ? typeof item.output === 'string'
          ? item.output
          : ''
        : responsesText(item.content);
    words += countWords(text);
    if (item.role === 'user') lastUserText = text;
  }
  const results: string[] = [];
  const isOutput = (item: JsonObject) =>
    item.type === 'function_call_output' || item.type === 'custom_tool_call_output';
  for (let index = items.length - 1; index >= 0 && isOutput(items[index]!); index--) {
    const output = items[index]!.output;
    results.unshift(typeof output === 'string' ? output : responsesText(output));
  }
  return {
    lastUserText,
    toolResult: results.length > 0 ? results.join('\n') : undefined,
    tools: toolsOf(body.tools),
    toolChoice: toolChoiceOf(body.tool_choice),
    inputTokens: Math.max(1, words),
    prefill: undefined,
  };
}
