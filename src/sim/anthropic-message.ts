import { idSlot } from './ids.ts';
import { outputTokensOf } from './output-tokens.ts';
import type { AnswerPlan } from './plan-answer.ts';

/** Anthropic `stop_reason` of a planned answer. */
export function anthropicStopReason(plan: AnswerPlan): 'end_turn' | 'max_tokens' | 'tool_use' {
  if (plan.kind === 'tool') return 'tool_use';
  return plan.truncated ? 'max_tokens' : 'end_turn';
}

/**
 * The Messages API `Message` body of a planned answer, ids left as `idSlot`.
 * @see https://platform.claude.com/docs/en/api/messages
 */
export function renderAnthropicMessage(plan: AnswerPlan, model: string): string {
  const content =
    plan.kind === 'tool'
      ? [{ type: 'tool_use', id: `toolu_01${idSlot}`, name: plan.name, input: JSON.parse(plan.argumentsJson) }]
      : plan.tokens.length === 0
        ? []
        : [{ type: 'text', text: plan.tokens.join(''), citations: null }];
  return JSON.stringify({
    id: `msg_01${idSlot}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: anthropicStopReason(plan),
    stop_sequence: null,
    stop_details: null,
    usage: {
      input_tokens: plan.inputTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      output_tokens: outputTokensOf(plan),
      service_tier: 'standard',
    },
    container: null,
  });
}
