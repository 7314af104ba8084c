import { answerWords } from './answer-words.ts';
import type { Conversation } from './conversation.ts';
import { findCalledTool } from './find-called-tool.ts';
import { argumentsFromSchema } from './schema-arguments.ts';
import { splitFragments } from './split-fragments.ts';
import { splitTokens } from './split-tokens.ts';

/** A text answer: tokens of one word each (leading whitespace attached, so `tokens.join('')` is the text). */
export interface TextAnswer {
  /** Discriminant. */
  kind: 'text';
  /** The answer's tokens in order. */
  tokens: string[];
  /** True when max tokens cut the answer short. */
  truncated: boolean;
  /** Input token count of the request. */
  inputTokens: number;
}

/** A call to one of the offered tools. */
export interface ToolCallAnswer {
  /** Discriminant. */
  kind: 'tool';
  /** Name of the called tool. */
  name: string;
  /** Arguments as a JSON text. */
  argumentsJson: string;
  /** `argumentsJson` split into the fragments a stream sends. */
  fragments: string[];
  /** Output token count charged for the call. */
  outputTokens: number;
  /** Input token count of the request. */
  inputTokens: number;
}

/** What the simulator answers to a chat request, independent of the API's wire format. */
export type AnswerPlan = TextAnswer | ToolCallAnswer;

/** Limits that shape an answer. */
export interface AnswerLimits {
  /** Wanted answer length in words. */
  answerTokens: number;
  /** The request's max tokens, when it sets one. */
  maxTokens: number | undefined;
}

function chooseTool(conversation: Conversation): string | undefined {
  const { toolChoice, tools } = conversation;
  if (tools.length === 0 || toolChoice === 'none') return undefined;
  const names = tools.map((tool) => tool.name);
  if (typeof toolChoice === 'object') return names.includes(toolChoice.name) ? toolChoice.name : undefined;
  return findCalledTool(conversation.lastUserText, names) ?? (toolChoice === 'any' ? names[0] : undefined);
}

function cut(tokens: string[], maxTokens: number | undefined): { tokens: string[]; truncated: boolean } {
  if (maxTokens === undefined || tokens.length <= maxTokens) return { tokens, truncated: false };
  return { tokens: tokens.slice(0, maxTokens), truncated: true };
}

/**
 * Decides the answer: quote the tool result the last message carries; else call the tool the user asks for with
 * `call <name>` (or the forced one); else deterministic words derived from the last user message.
 */
export function planAnswer(conversation: Conversation, limits: AnswerLimits): AnswerPlan {
  const { inputTokens } = conversation;
  if (conversation.toolResult !== undefined) {
    const quoted = cut(splitTokens(`Tool result: ${conversation.toolResult}`), limits.maxTokens);
    return { kind: 'text', tokens: quoted.tokens, truncated: quoted.truncated, inputTokens };
  }
  const toolName = chooseTool(conversation);
  const tool = conversation.tools.find((offered) => offered.name === toolName);
  if (tool !== undefined) {
    const argumentsJson = JSON.stringify(
      argumentsFromSchema(tool.schema, `${tool.name}\n${conversation.lastUserText}`),
    );
    const outputTokens = Math.max(1, Math.ceil(argumentsJson.length / 4));
    return {
      kind: 'tool',
      name: tool.name,
      argumentsJson,
      fragments: splitFragments(argumentsJson),
      outputTokens,
      inputTokens,
    };
  }
  const count = limits.maxTokens === undefined ? limits.answerTokens : Math.min(limits.answerTokens, limits.maxTokens);
  const words = answerWords(conversation.lastUserText, count);
  let tokens = words.map((word, index) => (index === 0 ? word : ` ${word}`));
  const truncated = limits.maxTokens !== undefined && limits.answerTokens > limits.maxTokens;
  if (conversation.prefill !== undefined) tokens = continuePrefill(tokens, conversation.prefill);
  return { kind: 'text', tokens, truncated, inputTokens };
}

/**
 * Continues an assistant prefill the way a model would: when the prefill is the start of the answer the prompt
 * derives (a stream cut part-way and resent to continue), only the rest comes back; otherwise the whole answer.
 */
export function continuePrefill(tokens: string[], prefill: string): string[] {
  const wanted = prefill.trimEnd();
  let text = '';
  for (let index = 0; index < tokens.length; index++) {
    text += tokens[index];
    if (text === wanted) return tokens.slice(index + 1);
    if (text.length >= wanted.length) break;
  }
  return tokens;
}
