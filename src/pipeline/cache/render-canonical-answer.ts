import type { CanonicalResult } from '../../core/canonical.ts';
import type { WireFormat } from '../../core/provider-adapter.ts';
import { renderAnthropicResult } from '../../formats/anthropic-messages/render-anthropic-result.ts';
import { createAnthropicStreamRenderer } from '../../formats/anthropic-messages/render-anthropic-stream.ts';
import { renderOpenAIChatResult } from '../../formats/openai-chat/render-openai-chat-result.ts';
import { createOpenAIChatStreamRenderer } from '../../formats/openai-chat/render-openai-chat-stream.ts';
import { resultToStreamParts } from './result-to-stream-parts.ts';

/** A complete answer rendered for one client. */
export interface RenderedAnswer {
  /** The body: JSON, or the whole SSE stream. */
  body: Buffer;
  /** `application/json` or `text/event-stream`. */
  contentType: string;
}

/**
 * Renders a canonical answer in the client's format with the existing renderers: a whole body, or (when the client
 * asked for a stream) every SSE event of it at once, through the stream renderers.
 */
export function renderCanonicalAnswer(options: {
  result: CanonicalResult;
  format: WireFormat;
  stream: boolean;
  /** OpenAI `stream_options.include_usage` of the client. */
  includeUsage: boolean;
  nowMs: number;
}): RenderedAnswer {
  const { result, format } = options;
  if (!options.stream) {
    const rendered =
      format === 'anthropic'
        ? renderAnthropicResult(result, { model: result.model })
        : renderOpenAIChatResult(result, { model: result.model, nowMs: options.nowMs });
    return { body: Buffer.from(JSON.stringify(rendered)), contentType: 'application/json' };
  }
  const renderer =
    format === 'anthropic'
      ? createAnthropicStreamRenderer({ model: result.model })
      : createOpenAIChatStreamRenderer({
          model: result.model,
          includeUsage: options.includeUsage,
          nowMs: options.nowMs,
        });
  let text = '';
  for (const part of resultToStreamParts(result)) text += renderer.push(part);
  text += renderer.end();
  return { body: Buffer.from(text), contentType: 'text/event-stream; charset=utf-8' };
}
