import type { FinishReason, Usage } from '../../core/canonical.ts';

/** What a Response object needs besides its output. */
export interface ResponsesEnvelope {
  /** The response id (`resp_...`), the same in every lifecycle event and in the ledger. */
  id: string;
  /** Model name to report (the one the client asked for). */
  model: string;
  /** Creation time in epoch seconds. */
  createdAtSeconds: number;
  /** The client's request body, for the settings a Response echoes. */
  request: Record<string, unknown>;
}

/** Responses `usage` from canonical usage (both count cached input and reasoning inside the totals). */
export function renderResponsesUsage(usage: Usage): Record<string, unknown> {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** `status` and `incomplete_details` of a finished response. */
export function responsesStatusOf(finishReason: FinishReason): {
  status: 'completed' | 'incomplete';
  incompleteDetails: { reason: string } | null;
} {
  if (finishReason === 'length') return { status: 'incomplete', incompleteDetails: { reason: 'max_output_tokens' } };
  if (finishReason === 'content-filter' || finishReason === 'refusal') {
    return { status: 'incomplete', incompleteDetails: { reason: 'content_filter' } };
  }
  return { status: 'completed', incompleteDetails: null };
}

/**
 * A Response object (reference §3): `object: "response"` always (the SDK's `output_text` depends on it), the request's
 * settings echoed, `usage` null until the end.
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */
export function renderResponsesObject(
  envelope: ResponsesEnvelope,
  state: {
    status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
    output: readonly Record<string, unknown>[];
    usage: Record<string, unknown> | null;
    incompleteDetails?: { reason: string } | null;
    error?: { code: string; message: string } | null;
  },
): Record<string, unknown> {
  const request = envelope.request;
  return {
    id: envelope.id,
    object: 'response',
    created_at: envelope.createdAtSeconds,
    status: state.status,
    background: false,
    error: state.error ?? null,
    incomplete_details: state.incompleteDetails ?? null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model: envelope.model,
    output: state.output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: request.reasoning ?? { effort: null, summary: null },
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: request.text ?? { format: { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? 'disabled',
    usage: state.usage,
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}
