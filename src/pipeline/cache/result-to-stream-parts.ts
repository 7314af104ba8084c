import type { CanonicalResult, StreamPart } from '../../core/canonical.ts';

/**
 * The stream parts that describe a complete answer: start, each content part opened, filled in one delta and
 * closed, then finish with the usage. assembleStreamParts of the output gives the result back. Pure.
 */
export function resultToStreamParts(result: CanonicalResult): StreamPart[] {
  const parts: StreamPart[] = [
    {
      type: 'start',
      id: result.id,
      model: result.model,
      usage: {
        inputTokens: result.usage.inputTokens,
        cacheReadTokens: result.usage.cacheReadTokens,
        cacheWriteTokens: result.usage.cacheWriteTokens,
      },
    },
  ];
  result.content.forEach((part, index) => {
    if (part.type === 'text') {
      parts.push({ type: 'text-start', index }, { type: 'text-delta', index, text: part.text });
    } else if (part.type === 'tool-call') {
      parts.push(
        { type: 'tool-call-start', index, id: part.id, name: part.name },
        { type: 'tool-call-delta', index, argumentsDelta: JSON.stringify(part.input) },
      );
    } else {
      parts.push(
        { type: 'reasoning-start', index },
        part.signature === undefined
          ? { type: 'reasoning-delta', index, text: part.text }
          : { type: 'reasoning-delta', index, text: part.text, signature: part.signature },
      );
    }
    parts.push({ type: 'part-end', index });
  });
  const finish: StreamPart =
    result.stopSequence === undefined
      ? { type: 'finish', finishReason: result.finishReason, usage: result.usage }
      : { type: 'finish', finishReason: result.finishReason, stopSequence: result.stopSequence, usage: result.usage };
  parts.push(finish);
  return parts;
}
