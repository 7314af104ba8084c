import type { CanonicalResult, ReasoningPart, TextPart, ToolCallPart } from '../../core/canonical.ts';
import { OutlastError } from '../../errors/outlast-error.ts';
import { fromAnthropicStopReason } from './from-anthropic-stop-reason.ts';
import { fromAnthropicUsage } from './from-anthropic-usage.ts';

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** One response content block as a canonical part; server-tool and unknown blocks have none. */
function toPart(block: Fields): TextPart | ToolCallPart | ReasoningPart | undefined {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: text(block.text) };
    case 'tool_use':
      return {
        type: 'tool-call',
        id: text(block.id),
        name: text(block.name),
        input: isFields(block.input) ? block.input : {},
      };
    case 'thinking':
      return { type: 'reasoning', text: text(block.thinking), signature: text(block.signature) };
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', redacted: text(block.data) };
    default:
      return undefined;
  }
}

/**
 * Reads an Anthropic `Message` body (B1.3) into a canonical result (B4.2): thinking keeps its signature, server-tool
 * blocks (`server_tool_use`, `*_tool_result`, `container_upload`) are dropped, usage is normalised.
 * @see https://platform.claude.com/docs/en/api/messages
 */
export function parseAnthropicResponse(body: unknown): CanonicalResult {
  if (!isFields(body) || !Array.isArray(body.content)) {
    throw new OutlastError('OUTLAST_UPSTREAM_FAILED', 'The Anthropic response is not a Message: `content` is missing.');
  }
  const content: CanonicalResult['content'] = [];
  for (const block of body.content) {
    const part = isFields(block) ? toPart(block) : undefined;
    if (part !== undefined) content.push(part);
  }
  const result: CanonicalResult = {
    id: text(body.id),
    model: text(body.model),
    content,
    finishReason: fromAnthropicStopReason(body.stop_reason),
    usage: fromAnthropicUsage(body.usage),
  };
  if (body.stop_reason === 'stop_sequence' && typeof body.stop_sequence === 'string') {
    result.stopSequence = body.stop_sequence;
  }
  return result;
}
