import { isObject, type JsonObject, textOf } from './content-text.ts';
import type { Conversation, OfferedTool, ToolChoice } from './conversation.ts';
import { countWords } from './count-words.ts';

function toolsOf(tools: unknown): OfferedTool[] {
  if (!Array.isArray(tools)) return [];
  const offered: OfferedTool[] = [];
  for (const tool of tools) {
    if (
      isObject(tool) &&
      tool.type === 'function' &&
      isObject(tool.function) &&
      typeof tool.function.name === 'string'
    ) {
      offered.push({ name: tool.function.name, schema: tool.function.parameters });
    }
  }
  return offered;
}

function toolChoiceOf(choice: unknown): ToolChoice {
  if (choice === 'required') return 'any';
  if (choice === 'none') return 'none';
  if (isObject(choice) && isObject(choice.function) && typeof choice.function.name === 'string') {
    return { name: choice.function.name };
  }
  return 'auto';
}

/** Reads the facts of an OpenAI Chat Completions request (already validated) that the answer is derived from. */
export function readOpenAiConversation(body: JsonObject): Conversation {
  const messages = body.messages as JsonObject[];
  let words = 0;
  let lastUserText = '';
  for (const message of messages) {
    const text = textOf(message.content);
    words += countWords(text);
    if (message.role === 'user') lastUserText = text;
  }
  const lastMessage = messages[messages.length - 1];
  const results: string[] = [];
  for (let index = messages.length - 1; index >= 0 && messages[index]!.role === 'tool'; index--) {
    results.unshift(textOf(messages[index]!.content));
  }
  return {
    lastUserText,
    toolResult: results.length > 0 ? results.join('\n') : undefined,
    tools: toolsOf(body.tools),
    toolChoice: toolChoiceOf(body.tool_choice),
    inputTokens: Math.max(1, words),
    prefill: lastMessage?.role === 'assistant' ? textOf(lastMessage.content) : undefined,
  };
}
