import type { CanonicalResult } from '../../core/canonical.ts';
import { toAnthropicMessageId } from './anthropic-message-id.ts';
import { sanitizeToolId } from './sanitize-tool-id.ts';
import { toAnthropicStopReason } from './to-anthropic-stop-reason.ts';
import { toAnthropicUsage } from './to-anthropic-usage.ts';

/** Options of renderAnthropicResult. */
export interface RenderAnthropicResultOptions {
  /** The model name the client sees. */
  model: string;
}

/**
 * Renders a canonical answer as an Anthropic `Message` body (B1.3, B4.2). Empty text is left out; reasoning is kept
 * only when it carries a signature or a redacted payload (it came from Anthropic and can be replayed there).
 * @see https://platform.claude.com/docs/en/api/messages
 */
export function renderAnthropicResult(
  result: CanonicalResult,
  options: RenderAnthropicResultOptions,
): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  for (const part of result.content) {
    if (part.type === 'text') {
      if (part.text !== '') content.push({ type: 'text', text: part.text, citations: null });
    } else if (part.type === 'tool-call') {
      content.push({ type: 'tool_use', id: sanitizeToolId(part.id), name: part.name, input: part.input });
    } else if (part.redacted !== undefined) {
      content.push({ type: 'redacted_thinking', data: part.redacted });
    } else if (part.signature !== undefined) {
      content.push({ type: 'thinking', thinking: part.text, signature: part.signature });
    }
  }
  return {
    id: toAnthropicMessageId(result.id),
    type: 'message',
    role: 'assistant',
    model: options.model,
    content,
    ...toAnthropicStopReason(result.finishReason, result.stopSequence),
    usage: toAnthropicUsage(result.usage),
  };
}
