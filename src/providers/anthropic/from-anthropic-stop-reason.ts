import type { FinishReason } from '../../core/canonical.ts';

const finishReasons = new Map<unknown, FinishReason>([
  ['end_turn', 'stop'],
  ['stop_sequence', 'stop'],
  ['max_tokens', 'length'],
  ['model_context_window_exceeded', 'length'],
  ['tool_use', 'tool-calls'],
  ['refusal', 'refusal'],
  ['pause_turn', 'pause'],
]);

/**
 * Maps an Anthropic `stop_reason` to a canonical finish reason (B4.2); null and values added later become `other`,
 * never `stop`, so a caller cannot mistake an unknown ending for a complete answer.
 * @see https://platform.claude.com/docs/en/api/messages#response-stop-reason
 */
export function fromAnthropicStopReason(stopReason: unknown): FinishReason {
  return finishReasons.get(stopReason) ?? 'other';
}
