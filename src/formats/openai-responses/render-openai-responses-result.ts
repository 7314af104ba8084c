import type { CanonicalResult } from '../../core/canonical.ts';
import { customToolInput, customToolNames } from './custom-tool-names.ts';
import { createResponsesId } from './openai-responses-ids.ts';
import {
  type ResponsesEnvelope,
  renderResponsesObject,
  renderResponsesUsage,
  responsesStatusOf,
} from './openai-responses-object.ts';

/** Options of renderResponsesOutput. */
export interface RenderResponsesOutputOptions {
  /** Status of the message items. */
  status: 'completed' | 'incomplete';
  /** Custom tools of the request: their calls become `custom_tool_call` items. */
  customTools?: ReadonlySet<string>;
}

/**
 * The output items of a canonical answer, in the order produced: reasoning as `reasoning` items with a summary text,
 * consecutive text as one `message` item, each tool call as a `function_call` item whose `call_id` is the call's id
 * (a `custom_tool_call` with its raw `input` when the request offered it as a custom tool).
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-output
 */
export function renderResponsesOutput(
  content: CanonicalResult['content'],
  { status, customTools }: RenderResponsesOutputOptions,
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
    if (part.type === 'tool-call' && customTools?.has(part.name) === true) {
      output.push({
        id: createResponsesId('ctc'),
        type: 'custom_tool_call',
        status: 'completed',
        call_id: part.id,
        name: part.name,
        input: customToolInput(JSON.stringify(part.input)),
      });
    } else if (part.type === 'tool-call') {
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
    output: renderResponsesOutput(result.content, { status, customTools: customToolNames(envelope.request) }),
    usage: renderResponsesUsage(result.usage),
    incompleteDetails,
  });
}
