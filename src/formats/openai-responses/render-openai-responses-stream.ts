import type { StreamPart, Usage } from '../../core/canonical.ts';
import { customToolInput, customToolNames } from './custom-tool-names.ts';
import { createResponsesId } from './openai-responses-ids.ts';
import {
  type ResponsesEnvelope,
  renderResponsesObject,
  renderResponsesUsage,
  responsesStatusOf,
} from './openai-responses-object.ts';

/** Turns canonical stream parts into Responses SSE events. */
export interface OpenAIResponsesStreamRenderer {
  /** SSE text for one part (may be empty). */
  push(part: StreamPart): string;
  /** SSE text that closes the stream: an `error` + `response.failed` if no terminal event came; empty after one. */
  end(): string;
}

type Item = Record<string, unknown>;

/** An output item being streamed. */
interface OpenItem {
  /** Position in `response.output`. */
  outputIndex: number;
  /** The item as it will be in `output_item.done`. */
  item: Item;
  /** Accumulated text, arguments or summary. */
  text: string;
}

const zeroUsage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

/**
 * Renders a canonical stream as the Responses event sequence the official SDK's strict accumulator accepts
 * (reference §4.4 rules 1-8): `response.created` and `response.in_progress` first, items appended with increasing
 * `output_index`, each opened item (message + its `output_text` part, function call, reasoning summary) closed before
 * the next opens, complete `.done` payloads, one terminal event with the full output and numeric usage,
 * `sequence_number` from 0, no `[DONE]`. An error part, or an upstream that ends without finishing, ends with an
 * `error` event (fields flat and nested) then `response.failed`.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export function createOpenAIResponsesStreamRenderer(envelope: ResponsesEnvelope): OpenAIResponsesStreamRenderer {
  let sequence = 0;
  let started = false;
  let ended = false;
  let startUsage: Partial<Usage> | undefined;
  const output: Item[] = [];
  let open: OpenItem | undefined;
  /** Canonical part index → the item it streams into (text parts of one message share it). */
  const byIndex = new Map<number, OpenItem>();
  const customTools = customToolNames(envelope.request);

  function event(type: string, fields: Record<string, unknown>): string {
    const data = JSON.stringify({ type, sequence_number: sequence, ...fields });
    sequence += 1;
    return `event: ${type}\ndata: ${data}\n\n`;
  }

  /** `event(type, { response })` for a response already serialized. */
  function withResponse(type: string, response: string): string {
    const text = `event: ${type}\ndata: {"type":"${type}","sequence_number":${sequence},"response":${response}}\n\n`;
    sequence += 1;
    return text;
  }

  function start(): string {
    if (started) return '';
    started = true;
    // One serialization for both events: the object echoes the request (instructions, tools), often many KB.
    const response = JSON.stringify(
      renderResponsesObject(envelope, { status: 'in_progress', output: [], usage: null }),
    );
    return withResponse('response.created', response) + withResponse('response.in_progress', response);
  }

  function close(): string {
    const current = open;
    if (current === undefined) return '';
    open = undefined;
    const { item, outputIndex } = current;
    const id = item.id as string;
    let text = '';
    if (item.type === 'message') {
      const part = { type: 'output_text', annotations: [], logprobs: [], text: current.text };
      item.content = [part];
      item.status = 'completed';
      text += event('response.output_text.done', {
        item_id: id,
        output_index: outputIndex,
        content_index: 0,
        text: current.text,
        logprobs: [],
      });
      text += event('response.content_part.done', { item_id: id, output_index: outputIndex, content_index: 0, part });
    } else if (item.type === 'custom_tool_call') {
      // The input arrives as JSON arguments (`{"input": ...}`): sent once whole, when the call is complete.
      const input = customToolInput(current.text);
      item.input = input;
      item.status = 'completed';
      text += event('response.custom_tool_call_input.delta', { item_id: id, output_index: outputIndex, delta: input });
      text += event('response.custom_tool_call_input.done', { item_id: id, output_index: outputIndex, input });
    } else if (item.type === 'function_call') {
      const args = current.text === '' ? '{}' : current.text;
      item.arguments = args;
      item.status = 'completed';
      text += event('response.function_call_arguments.done', {
        item_id: id,
        output_index: outputIndex,
        arguments: args,
      });
    } else {
      const part = { type: 'summary_text', text: current.text };
      item.summary = [part];
      text += event('response.reasoning_summary_text.done', {
        item_id: id,
        output_index: outputIndex,
        summary_index: 0,
        text: current.text,
      });
      text += event('response.reasoning_summary_part.done', {
        item_id: id,
        output_index: outputIndex,
        summary_index: 0,
        part,
      });
    }
    output.push(item);
    return text + event('response.output_item.done', { output_index: outputIndex, item });
  }

  function openItem(index: number, item: Item, added: Item): string {
    let text = close();
    const current: OpenItem = { outputIndex: output.length, item, text: '' };
    open = current;
    byIndex.set(index, current);
    text += event('response.output_item.added', { output_index: current.outputIndex, item: added });
    return text;
  }

  function openMessage(index: number): string {
    if (open?.item.type === 'message') {
      byIndex.set(index, open);
      return '';
    }
    const id = createResponsesId('msg');
    let text = openItem(
      index,
      { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
      { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
    );
    const part = { type: 'output_text', annotations: [], logprobs: [], text: '' };
    text += event('response.content_part.added', {
      item_id: id,
      output_index: open!.outputIndex,
      content_index: 0,
      part,
    });
    return text;
  }

  function fail(code: string, message: string): string {
    let text = start();
    if (open !== undefined) {
      // Items cut short are reported as they were, marked incomplete.
      open.item.status = 'incomplete';
      output.push(open.item);
      open = undefined;
    }
    const error = { type: code, code, message, param: null };
    text += event('error', { code, message, param: null, error });
    const response = renderResponsesObject(envelope, {
      status: 'failed',
      output,
      usage: null,
      error: { code, message },
    });
    text += event('response.failed', { response });
    ended = true;
    return text;
  }

  return {
    push(part) {
      if (ended) return '';
      switch (part.type) {
        case 'start':
          startUsage = part.usage;
          return start();
        case 'text-start':
          return start() + openMessage(part.index);
        case 'text-delta': {
          let text = start();
          if (byIndex.get(part.index) !== open || open?.item.type !== 'message') text += openMessage(part.index);
          const current = open!;
          current.text += part.text;
          return (
            text +
            event('response.output_text.delta', {
              item_id: current.item.id,
              output_index: current.outputIndex,
              content_index: 0,
              delta: part.text,
              logprobs: [],
            })
          );
        }
        case 'tool-call-start': {
          if (customTools.has(part.name)) {
            const id = createResponsesId('ctc');
            const item = { id, type: 'custom_tool_call', status: 'in_progress', call_id: part.id, name: part.name };
            return start() + openItem(part.index, item, { ...item, input: '' });
          }
          const id = createResponsesId('fc');
          const item = {
            id,
            type: 'function_call',
            status: 'in_progress',
            arguments: '',
            call_id: part.id,
            name: part.name,
          };
          return start() + openItem(part.index, item, { ...item });
        }
        case 'tool-call-delta': {
          const current = byIndex.get(part.index);
          if (current === undefined || current !== open || part.argumentsDelta === '') return '';
          current.text += part.argumentsDelta;
          if (current.item.type === 'custom_tool_call') return '';
          return event('response.function_call_arguments.delta', {
            item_id: current.item.id,
            output_index: current.outputIndex,
            delta: part.argumentsDelta,
          });
        }
        case 'reasoning-start': {
          const id = createResponsesId('rs');
          let text =
            start() +
            openItem(part.index, { id, type: 'reasoning', summary: [] }, { id, type: 'reasoning', summary: [] });
          text += event('response.reasoning_summary_part.added', {
            item_id: id,
            output_index: open!.outputIndex,
            summary_index: 0,
            part: { type: 'summary_text', text: '' },
          });
          return text;
        }
        case 'reasoning-delta': {
          const current = byIndex.get(part.index);
          if (current === undefined || current !== open || part.text === '') return '';
          current.text += part.text;
          return event('response.reasoning_summary_text.delta', {
            item_id: current.item.id,
            output_index: current.outputIndex,
            summary_index: 0,
            delta: part.text,
          });
        }
        case 'part-end':
          return byIndex.get(part.index) === open && open?.item.type !== 'message' ? close() : '';
        case 'finish': {
          let text = start() + close();
          const { status, incompleteDetails } = responsesStatusOf(part.finishReason);
          const usage: Usage = { ...zeroUsage, ...startUsage, ...part.usage };
          const response = renderResponsesObject(envelope, {
            status,
            output,
            usage: renderResponsesUsage(usage),
            incompleteDetails,
          });
          text += event(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
          ended = true;
          return text;
        }
        case 'error':
          return fail(part.errorType === '' ? 'server_error' : part.errorType, part.message);
      }
    },
    end() {
      if (ended) return '';
      return fail('server_error', 'The upstream stream ended before the response was complete.');
    },
  };
}
