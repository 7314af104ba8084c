/** A tool offered by the request. */
export interface OfferedTool {
  /** Tool name as the request spells it. */
  name: string;
  /** JSON Schema of its arguments (Anthropic `input_schema`, OpenAI `function.parameters`). */
  schema: unknown;
}

/** How the request constrains tool use: `auto`, `any` (some tool), `none`, or one named tool. */
export type ToolChoice = 'auto' | 'any' | 'none' | { name: string };

/** What the simulator reads from a chat request, whatever its API: the facts the answer is derived from. */
export interface Conversation {
  /** Text of the last user message; the answer is derived from it. */
  lastUserText: string;
  /** Content of the tool result(s) the last message carries, or undefined when it carries none. */
  toolResult: string | undefined;
  /** Tools offered by the request. */
  tools: OfferedTool[];
  /** Tool choice of the request. */
  toolChoice: ToolChoice;
  /** Input token count: words of every message and of the system prompt (at least 1). */
  inputTokens: number;
  /** Text of a final assistant message (a prefill): the answer continues it. Undefined when the last turn is not the assistant's. */
  prefill: string | undefined;
}
