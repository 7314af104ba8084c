import type {
  CanonicalResult,
  ReasoningPart,
  StreamPart,
  TextPart,
  ToolCallPart,
  Usage,
} from '../../core/canonical.ts';

const emptyUsage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

/**
 * Reassembles canonical stream parts into the complete answer they describe: the reference a streaming
 * translation must agree with (text deltas joined, tool-call argument deltas joined and parsed). Pure.
 */
export function assembleStreamParts(parts: readonly StreamPart[]): CanonicalResult {
  let id = '';
  let model = '';
  let startUsage: Partial<Usage> = {};
  const slots = new Map<
    number,
    { kind: 'text' | 'reasoning' | 'tool'; text: string; id?: string; name?: string; signature?: string }
  >();
  let finish: Extract<StreamPart, { type: 'finish' }> | undefined;
  for (const part of parts) {
    switch (part.type) {
      case 'start':
        id = part.id;
        model = part.model;
        startUsage = part.usage ?? {};
        break;
      case 'text-start':
        slots.set(part.index, { kind: 'text', text: '' });
        break;
      case 'reasoning-start':
        slots.set(part.index, { kind: 'reasoning', text: '' });
        break;
      case 'tool-call-start':
        slots.set(part.index, { kind: 'tool', text: '', id: part.id, name: part.name });
        break;
      case 'text-delta': {
        const slot = slots.get(part.index) ?? { kind: 'text' as const, text: '' };
        slot.text += part.text;
        slots.set(part.index, slot);
        break;
      }
      case 'reasoning-delta': {
        const slot = slots.get(part.index) ?? { kind: 'reasoning' as const, text: '' };
        slot.text += part.text;
        if (part.signature !== undefined) slot.signature = part.signature;
        slots.set(part.index, slot);
        break;
      }
      case 'tool-call-delta': {
        const slot = slots.get(part.index);
        if (slot !== undefined) slot.text += part.argumentsDelta;
        break;
      }
      case 'finish':
        finish = part;
        break;
      default:
        break;
    }
  }
  const content: (TextPart | ToolCallPart | ReasoningPart)[] = [];
  for (const [, slot] of [...slots].sort(([a], [b]) => a - b)) {
    if (slot.kind === 'text') content.push({ type: 'text', text: slot.text });
    else if (slot.kind === 'reasoning') {
      content.push(
        slot.signature === undefined
          ? { type: 'reasoning', text: slot.text }
          : { type: 'reasoning', text: slot.text, signature: slot.signature },
      );
    } else {
      let input: Record<string, unknown> = {};
      try {
        const parsed: unknown = slot.text === '' ? {} : JSON.parse(slot.text);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
          input = parsed as Record<string, unknown>;
      } catch {
        input = {};
      }
      content.push({ type: 'tool-call', id: slot.id ?? '', name: slot.name ?? '', input });
    }
  }
  const result: CanonicalResult = {
    id,
    model,
    content,
    finishReason: finish?.finishReason ?? 'other',
    usage: { ...emptyUsage, ...startUsage, ...finish?.usage },
  };
  if (finish?.stopSequence !== undefined) result.stopSequence = finish.stopSequence;
  return result;
}
