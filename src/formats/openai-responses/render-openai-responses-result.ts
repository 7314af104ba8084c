import type { CanonicalResult } from '../../core/canonical.ts';
import { createResponsesId } from './openai-responses-ids.ts';
import {
  type ResponsesEnvelope,
  renderResponsesObject,
  renderResponsesUsage,
  responsesStatusOf,
} from './openai-responses-object.ts';

/**
 * The output items of a canonical answer, in the order produced: reasoning as `reasoning` items with a summary text,
 * consecutive text as one `message` item, each tool call as a `function_call` item whose `call_id` is the call's id.
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-output
 */
export function renderResponsesOutput(
  content: CanonicalResult['content'],
  status: 'completed' | 'incomplete',
): Record<string, unknown>[] {
  const output: Record<string, unknown>[] = [];
  let message: { content: Record<string, unknown>[] } | undefined;
  for (const part of content) {
    if (part.type === 'text') {
      if (message === undefined) {
        message = { content: [] };
        output.push({
          id: createResponsesId('msg'),
          type: 'message',
          status,
          role: 'assistant',
          content: message.content,
        });
      }
      message.content.push({ type: 'output_text', annotations: [], logprobs: [], text: part.text });
      continue;
    }
    message = undefined;
    if (part.type === 'tool-call') {
      output.push({
        id: createResponsesId('fc'),
        type: 'function_call',
        status: 'completed',
        arguments: JSON.stringify(part.input),
        call_id: part.id,
        name: part.name,
      });
    } else if (part.text !== '') {
      output.push({
        id: createResponsesId('rs'),
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: part.text }],
      });
    }
  }
  return output;
}

/**
 * Renders a canonical answer as a Response object (reference §7.2 and §8.2): `length` → `incomplete` with
 * `max_output_tokens`, a content filter → `incomplete` with `content_filter`, anything else `completed`.
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */
export function renderOpenAIResponsesResult(
  result: CanonicalResult,
  envelope: ResponsesEnvelope,
): Record<string, unknown> {
  const { status, incompleteDetails } = responsesStatusOf(result.finishReason);
  return renderResponsesObject(envelope, {
    status,
    output: renderResponsesOutput(result.content, status),
    usage: renderResponsesUsage(result.usage),
    incompleteDetails,
  });
}
