/**
 * The canonical language-model contract, version `outlast-canonical-v1`: the shapes every client format parses into
 * and every provider format renders from, when the client's format differs from the target's. Shaped on the AI SDK's
 * LanguageModelV2 prompt and result types, trimmed to what the three vendor APIs share. Pass-through (same format)
 * never uses it (docs/decisions/0001).
 * @see ../../docs/translation.md
 */

/** Why generation stopped, across vendors (B4.2). */
export type FinishReason =
  | 'stop'
  | 'length'
  | 'tool-calls'
  | 'content-filter'
  | 'refusal'
  | 'pause'
  | 'error'
  | 'other';

/** Every finish reason, for validation and tests. */
export const finishReasons: readonly FinishReason[] = [
  'stop',
  'length',
  'tool-calls',
  'content-filter',
  'refusal',
  'pause',
  'error',
  'other',
];

/** Text. */
export interface TextPart {
  type: 'text';
  /** The text; never empty in a request (Anthropic rejects empty text blocks). */
  text: string;
}

/** An image, inline or by URL. */
export interface ImagePart {
  type: 'image';
  /** Where the bytes are. */
  source: { kind: 'base64'; mediaType: string; data: string } | { kind: 'url'; url: string };
}

/** A document (PDF or plain text), inline or by URL. */
export interface DocumentPart {
  type: 'document';
  /** Where the bytes are. */
  source:
    | { kind: 'base64'; mediaType: string; data: string }
    | { kind: 'url'; url: string }
    | { kind: 'text'; text: string };
  /** File name or title, when the client gave one. */
  title?: string | undefined;
}

/** A call the assistant made to a tool. */
export interface ToolCallPart {
  type: 'tool-call';
  /** Call id, unique in the conversation; provider-specific ids are sanitised consistently on the way out. */
  id: string;
  /** Tool name. */
  name: string;
  /** Arguments as a JSON object (OpenAI's argument string is parsed; an invalid one becomes `{}` with a warning). */
  input: Record<string, unknown>;
}

/** The result of a tool call, sent back by the user side. */
export interface ToolResultPart {
  type: 'tool-result';
  /** Id of the call this answers. */
  toolCallId: string;
  /** Tool name when known (Gemini matches results by name). */
  toolName?: string | undefined;
  /** The result: text and images. */
  content: (TextPart | ImagePart)[];
  /** True when the tool failed. */
  isError: boolean;
}

/** Model reasoning ("thinking"); only replayable to the vendor that produced it. */
export interface ReasoningPart {
  type: 'reasoning';
  /** Reasoning text (empty for redacted reasoning). */
  text: string;
  /** Vendor signature (Anthropic `signature`, Gemini `thoughtSignature`); needed to replay it. */
  signature?: string | undefined;
  /** Opaque redacted payload (Anthropic `redacted_thinking.data`). */
  redacted?: string | undefined;
}

/** Anything a message may hold. */
export type ContentPart = TextPart | ImagePart | DocumentPart | ToolCallPart | ToolResultPart | ReasoningPart;

/** One turn of the conversation. System prompts live in `CanonicalRequest.system`, not here. */
export interface CanonicalMessage {
  /** `user` turns hold text, images, documents and tool results; `assistant` turns text, tool calls and reasoning. */
  role: 'user' | 'assistant';
  /** The parts, in order. */
  content: ContentPart[];
}

/** A tool the model may call. */
export interface ToolDefinition {
  /** Name (OpenAI limits it to 64 characters of [a-zA-Z0-9_-]). */
  name: string;
  /** What it does. */
  description?: string | undefined;
  /** JSON Schema of its input object. */
  inputSchema: Record<string, unknown>;
  /** Strict schema adherence, where the vendor supports it. */
  strict?: boolean | undefined;
}

/** How the model must use tools. */
export type ToolChoice = { type: 'auto' } | { type: 'required' } | { type: 'none' } | { type: 'tool'; name: string };

/** The format of the answer. */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json-object' }
  | { type: 'json-schema'; name: string; schema: Record<string, unknown>; strict?: boolean | undefined };

/** A generation request in canonical form. */
export interface CanonicalRequest {
  /** Model name as the client sent it (the pipeline substitutes the target's). */
  model: string;
  /** System (and developer) instructions, in order. */
  system: TextPart[];
  /** The conversation. */
  messages: CanonicalMessage[];
  /** Output token limit. */
  maxTokens?: number | undefined;
  /** Sampling temperature, in the client's scale. */
  temperature?: number | undefined;
  /** Nucleus sampling. */
  topP?: number | undefined;
  /** Top-k sampling (Anthropic, Gemini). */
  topK?: number | undefined;
  /** Stop sequences. */
  stopSequences?: string[] | undefined;
  /** Tools offered. */
  tools?: ToolDefinition[] | undefined;
  /** Tool use constraint. */
  toolChoice?: ToolChoice | undefined;
  /** False forbids parallel tool calls. */
  parallelToolCalls?: boolean | undefined;
  /** Structured output. */
  responseFormat?: ResponseFormat | undefined;
  /** Stream the answer. */
  stream: boolean;
  /** Opaque end-user id. */
  user?: string | undefined;
}

/** Token counts, normalised: `inputTokens` includes cached tokens (OpenAI's convention). */
export interface Usage {
  /** Every input token, cached ones included. */
  inputTokens: number;
  /** Output tokens, reasoning included. */
  outputTokens: number;
  /** Input tokens read from a prompt cache (a part of inputTokens). */
  cacheReadTokens: number;
  /** Input tokens written to a prompt cache (a part of inputTokens). */
  cacheWriteTokens: number;
  /** Reasoning tokens (a part of outputTokens), when reported. */
  reasoningTokens?: number | undefined;
}

/** A complete (non-stream) answer in canonical form. */
export interface CanonicalResult {
  /** The upstream's answer id. */
  id: string;
  /** The upstream model. */
  model: string;
  /** Text, tool calls and reasoning, in order. */
  content: (TextPart | ToolCallPart | ReasoningPart)[];
  /** Why it stopped. */
  finishReason: FinishReason;
  /** The stop sequence that ended it, when known. */
  stopSequence?: string | undefined;
  /** Token counts. */
  usage: Usage;
}

/**
 * One event of a streamed answer in canonical form. `index` numbers the content parts of the answer (0, 1, ...);
 * a format that numbers tool calls separately (OpenAI) maps its indexes to these.
 */
export type StreamPart =
  | { type: 'start'; id: string; model: string; usage?: Partial<Usage> | undefined }
  | { type: 'text-start'; index: number }
  | { type: 'text-delta'; index: number; text: string }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'reasoning-start'; index: number }
  | { type: 'reasoning-delta'; index: number; text: string; signature?: string | undefined }
  | { type: 'part-end'; index: number }
  | { type: 'finish'; finishReason: FinishReason; stopSequence?: string | undefined; usage: Usage }
  | { type: 'error'; errorType: string; message: string };

/** A loss or change made while translating, reported to the client in `x-outlast-warnings`. */
export interface TranslationWarning {
  /** Stable machine code, e.g. `dropped-field`, `dropped-thinking`, `invalid-tool-arguments`. */
  code: string;
  /** The field or part concerned, e.g. `top_k`, `messages[2].content[0]`. */
  field?: string | undefined;
  /** One line for people. */
  message: string;
}
