/**
 * What an OpenAI-compatible server does differently from OpenAI's Chat Completions, as data: the one function
 * `applyChatQuirks` rewrites a body by it. Every field is a documented fact of one server (see `presets/`).
 */
export interface ChatQuirks {
  /** The server knows `max_tokens` only: `max_completion_tokens` is sent under that name. */
  maxTokensOnly: boolean;
  /** The server's name for `seed` when it differs (Mistral: `random_seed`). */
  seedField: string | undefined;
  /** Top-level fields the server rejects: dropped with a `dropped-field` warning. */
  rejectedFields: readonly string[];
  /** When set, the only top-level fields the server accepts (it forbids extra inputs); any other is dropped with a warning. */
  acceptedFields: readonly string[] | undefined;
  /** `n` other than 1 is refused: dropped with a warning. */
  singleChoice: boolean;
  /** `developer` messages are sent as `system` (chat templates without the developer role). */
  developerAsSystem: boolean;
  /** `name` on messages is refused: dropped with a warning. */
  rejectsMessageName: boolean;
  /** Text-only server: image parts are dropped with a `dropped-image` warning. */
  textOnly: boolean;
  /** `response_format` types the server refuses: dropped with a warning. */
  rejectedResponseFormats: readonly ('json_object' | 'json_schema')[];
  /** Tool-call id rule: `any` string, or exactly 9 ASCII letters and digits (Mistral). */
  toolCallIds: 'any' | 'nine-alphanumeric';
}

/** Quirks of a server that behaves like OpenAI: nothing is rewritten. */
export const noQuirks: ChatQuirks = {
  maxTokensOnly: false,
  seedField: undefined,
  rejectedFields: [],
  acceptedFields: undefined,
  singleChoice: false,
  developerAsSystem: false,
  rejectsMessageName: false,
  textOnly: false,
  rejectedResponseFormats: [],
  toolCallIds: 'any',
};
