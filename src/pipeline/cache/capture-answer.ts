import { pipeline, type Readable, Transform } from 'node:stream';
import type { CanonicalResult, FinishReason, StreamPart } from '../../core/canonical.ts';
import type { GatewayAnswer } from '../../core/gateway-request.ts';
import type { WireFormat } from '../../core/provider-adapter.ts';
import { assembleStreamParts } from '../../formats/shared/assemble-stream-parts.ts';
import { parseAnthropicResponse } from '../../providers/anthropic/parse-anthropic-response.ts';
import { createAnthropicStreamParser } from '../../providers/anthropic/parse-anthropic-stream.ts';
import { parseOpenAIChatResponse } from '../../providers/openai/parse-openai-chat-response.ts';
import { createOpenAIChatStreamParser } from '../../providers/openai/parse-openai-chat-stream.ts';
import { createSseParser } from '../../providers/shared/sse-parser.ts';

/** Finish reasons of an answer worth storing: complete, not cut by a filter, an error or a pause. */
const storable: ReadonlySet<FinishReason> = new Set(['stop', 'tool-calls', 'length']);

/** Anthropic content blocks the canonical form holds; an answer with any other (server tools, ...) is not stored. */
const replayableBlocks: ReadonlySet<unknown> = new Set(['text', 'tool_use', 'thinking', 'redacted_thinking']);
const replayableBlockStart = /"content_block":\{"type":"(?:text|tool_use|thinking|redacted_thinking)"/;

/** False when replaying the canonical result would lose part of this Anthropic answer. */
function isReplayable(json: unknown): boolean {
  const content = (json as { content?: unknown }).content;
  if (!Array.isArray(content)) return false;
  return content.every((block: { type?: unknown; citations?: unknown }) => {
    if (!replayableBlocks.has(block?.type)) return false;
    return block.citations === undefined || block.citations === null;
  });
}

function parseWhole(format: WireFormat, body: Buffer): CanonicalResult | undefined {
  try {
    const json: unknown = JSON.parse(body.toString('utf8'));
    if (format === 'anthropic' && !isReplayable(json)) return undefined;
    const result = format === 'anthropic' ? parseAnthropicResponse(json) : parseOpenAIChatResponse(json);
    return storable.has(result.finishReason) ? result : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Tees an answer (already in the client's format) into its canonical result, without delaying or buffering what the
 * client receives: a whole body is parsed after the current turn, a stream is observed chunk by chunk as it is
 * relayed. Resolves undefined for anything not worth storing: an error status, an error event, a stream that broke
 * or ended without its finish, or a client that walked away.
 */
export function captureAnswer(
  answer: GatewayAnswer,
  format: WireFormat,
): { answer: GatewayAnswer; result: Promise<CanonicalResult | undefined> } {
  if (answer.status !== 200) return { answer, result: Promise.resolve(undefined) };
  const body = answer.body;
  if (Buffer.isBuffer(body)) {
    return {
      answer,
      result: new Promise((resolve) => setImmediate(() => resolve(parseWhole(format, body)))),
    };
  }
  const parser = format === 'anthropic' ? createAnthropicStreamParser() : createOpenAIChatStreamParser();
  const parts: StreamPart[] = [];
  let failed = false;
  const sse = createSseParser((event) => {
    if (failed) return;
    if (event.event === 'content_block_start' && format === 'anthropic' && !replayableBlockStart.test(event.data)) {
      failed = true; // a block the canonical form cannot replay (server tools): the answer is relayed, not stored
      return;
    }
    for (const part of parser.push(event)) {
      if (part.type === 'error') failed = true;
      parts.push(part);
    }
  });
  for (const chunk of answer.prefix) sse.push(chunk);
  // A transform observes each chunk on its way to the client: nothing is read ahead of the client's own pace.
  const tee = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      sse.push(chunk);
      callback(null, chunk);
    },
  });
  const result = new Promise<CanonicalResult | undefined>((resolve) => {
    let settled = false;
    const settle = (value: CanonicalResult | undefined) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    tee.once('end', () => {
      sse.end();
      // parser.end() only synthesizes a finish for a stream that ended early: such an answer is not stored.
      const closing = parser.end();
      const finish = parts.findLast((part) => part.type === 'finish');
      if (failed || closing.length > 0 || finish === undefined || !storable.has(finish.finishReason)) settle(undefined);
      else settle(assembleStreamParts(parts));
    });
    tee.once('close', () => settle(undefined));
    tee.once('error', () => settle(undefined));
  });
  pipeline(body as Readable, tee, () => {});
  return { answer: { ...answer, body: tee }, result };
}
