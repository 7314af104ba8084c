import type { FinishReason } from '../../core/canonical.ts';

/** An Anthropic `stop_reason` with its `stop_sequence`. */
export interface AnthropicStop {
  /** `end_turn`, `stop_sequence`, `max_tokens`, `tool_use`, `refusal` or `pause_turn`. */
  stop_reason: string;
  /** The matched stop sequence, or null. */
  stop_sequence: string | null;
}

const stopReasons: Record<FinishReason, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  refusal: 'refusal',
  pause: 'pause_turn',
  error: 'end_turn',
  other: 'end_turn',
};

/**
 * Maps a canonical finish reason to Anthropic's (B4.2): `stop` with a known stop sequence is `stop_sequence`;
 * reasons Anthropic has no word for (`error`, `other`) become `end_turn`.
 * @see https://platform.claude.com/docs/en/api/messages#response-stop-reason
 */
export function toAnthropicStopReason(finishReason: FinishReason, stopSequence: string | undefined): AnthropicStop {
  if (finishReason === 'stop' && stopSequence !== undefined) {
    return { stop_reason: 'stop_sequence', stop_sequence: stopSequence };
  }
  return { stop_reason: stopReasons[finishReason], stop_sequence: null };
}
