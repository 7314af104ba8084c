import { isObject, type JsonObject, textOf } from './content-text.ts';
import type { Conversation, OfferedTool, ToolChoice } from './conversation.ts';
import { countWords } from './count-words.ts';

function toolResultsOf(content: unknown): string[] {
  if (!Array.isArray(content)) return [];
  const results: string[] = [];
  for (const block of content) {
    if (isObject(block) && block.type === 'tool_result') results.push(textOf(block.content));
  }
  return results;
}

function toolsOf(tools: unknown): OfferedTool[] {
  if (!Array.isArray(tools)) return [];
  const offered: OfferedTool[] = [];
  for (const tool of tools) {
    const custom = isObject(tool) && (tool.type === undefined || tool.type === 'custom');
    if (custom && typeof tool.name === 'string') offered.push({ name: tool.name, schema: tool.input_schema });
  }
  return offered;
}

function toolChoiceOf(choice: unknown): ToolChoice {
  if (!isObject(choice)) return 'auto';
  if (choice.type === 'tool' && typeof choice.name === 'string') return { name: choice.name };
  if (choice.type === 'any' || choice.type === 'none') return choice.type;
  return 'auto';
}

/** Reads the facts of an Anthropic Messages request (already validated) that the answer is derived from. */
export function readAnthropicConversation(body: JsonObject): Conversation {
  const messages = body.messages as JsonObject[];
  let words = countWords(textOf(body.system));
  let lastUserText = '';
  for (const message of messages) {
    words += countWords(textOf(message.content));
    for (const result of toolResultsOf(message.content)) words += countWords(result);
    if (message.role === 'user') lastUserText = textOf(message.content);
  }
  const last = messages[messages.length - 1]!;
  const results = last.role === 'user' ? toolResultsOf(last.content) : [];
  return {
    lastUserText,
    toolResult: results.length > 0 ? results.join('\n') : undefined,
    tools: toolsOf(body.tools),
    toolChoice: toolChoiceOf(body.tool_choice),
    inputTokens: Math.max(1, words),
    prefill: last.role === 'assistant' ? textOf(last.content) : undefined,
  };
}
