import type { StreamPart } from '../../core/canonical.ts';
import { isRecord } from './read-openai-chat-fields.ts';

/** Options of createOpenAIStreamPartTracker. */
export interface OpenAIStreamPartTrackerOptions {
  /** Maps a tool name the upstream used back to the client's. */
  restoreToolName: (sent: string) => string;
  /** An id for a tool call the upstream sent without one, from its canonical part index. */
  synthesizeId: (index: number) => string;
}

/** Numbers the parts of one OpenAI answer the canonical way and emits their start, delta and end parts. */
export interface OpenAIStreamPartTracker {
  /** A text or reasoning fragment: opens a part of that kind unless one is open. */
  text(kind: 'text' | 'reasoning', fragment: string, out: StreamPart[]): void;
  /** One `delta.tool_calls[]` entry. */
  toolCall(entry: unknown, out: StreamPart[]): void;
  /** Opens tool calls still waiting for a name (never drop arguments), then closes the open part. */
  close(out: StreamPart[]): void;
}

interface ToolSlot {
  id: string | undefined;
  name: string | undefined;
  /** Argument fragments received before the name. */
  buffered: string;
  /** Canonical part index, once opened. */
  index: number | undefined;
  /** A repeat of a call already seen at another index (same id): ignored. */
  duplicate: boolean;
}

/**
 * The defensive rules of B4.3 for OpenAI-compatible streams: tool deltas keyed by `index` (by `id` when there is no
 * index); a new `id` at a known index starts a new call; a call seen again at another index is ignored; fragments are
 * buffered until `function.name` arrives; arguments may come whole in the first delta; missing ids are synthesized.
 * Canonical indexes count every part (text, reasoning, tool call) in order of appearance.
 */
export function createOpenAIStreamPartTracker(options: OpenAIStreamPartTrackerOptions): OpenAIStreamPartTracker {
  let nextIndex = 0;
  let open: { kind: 'text' | 'reasoning' | 'tool'; index: number } | undefined;
  const slotsByKey = new Map<string, ToolSlot>();
  const slots: ToolSlot[] = [];
  const seenIds = new Set<string>();
  let lastKey: string | undefined;

  function closeOpen(out: StreamPart[]): void {
    if (open === undefined) return;
    out.push({ type: 'part-end', index: open.index });
    open = undefined;
  }

  function openTool(slot: ToolSlot, out: StreamPart[]): void {
    closeOpen(out);
    const index = nextIndex++;
    slot.index = index;
    open = { kind: 'tool', index };
    const id = slot.id ?? options.synthesizeId(index);
    out.push({ type: 'tool-call-start', index, id, name: options.restoreToolName(slot.name ?? '') });
    if (slot.buffered !== '') out.push({ type: 'tool-call-delta', index, argumentsDelta: slot.buffered });
    slot.buffered = '';
  }

  function slotFor(key: string, id: string | undefined): ToolSlot {
    const known = slotsByKey.get(key);
    if (known !== undefined && (id === undefined || known.id === undefined || known.id === id)) return known;
    const slot: ToolSlot = { id, name: undefined, buffered: '', index: undefined, duplicate: false };
    if (id !== undefined) {
      slot.duplicate = seenIds.has(id);
      seenIds.add(id);
    }
    slotsByKey.set(key, slot);
    if (!slot.duplicate) slots.push(slot);
    return slot;
  }

  return {
    text(kind, fragment, out) {
      if (fragment === '') return;
      if (open?.kind !== kind) {
        closeOpen(out);
        open = { kind, index: nextIndex++ };
        out.push({ type: kind === 'text' ? 'text-start' : 'reasoning-start', index: open.index });
      }
      const index = open.index;
      out.push(
        kind === 'text'
          ? { type: 'text-delta', index, text: fragment }
          : { type: 'reasoning-delta', index, text: fragment },
      );
    },
    toolCall(entry, out) {
      if (!isRecord(entry)) return;
      const id = typeof entry.id === 'string' && entry.id !== '' ? entry.id : undefined;
      const fn = isRecord(entry.function) ? entry.function : {};
      const name = typeof fn.name === 'string' && fn.name !== '' ? fn.name : undefined;
      const fragment =
        typeof fn.arguments === 'string' ? fn.arguments : isRecord(fn.arguments) ? JSON.stringify(fn.arguments) : '';
      const key =
        typeof entry.index === 'number'
          ? `index:${entry.index}`
          : id !== undefined
            ? `id:${id}`
            : (lastKey ?? 'index:0');
      lastKey = key;
      const slot = slotFor(key, id);
      if (slot.duplicate) return;
      slot.id ??= id;
      slot.name ??= name;
      if (slot.index === undefined) {
        slot.buffered += fragment;
        if (slot.name !== undefined) openTool(slot, out);
      } else if (fragment !== '') {
        // Even for a call that is no longer the open part: arguments are never dropped.
        out.push({ type: 'tool-call-delta', index: slot.index, argumentsDelta: fragment });
      }
    },
    close(out) {
      for (const slot of slots) if (slot.index === undefined && slot.buffered !== '') openTool(slot, out);
      closeOpen(out);
    },
  };
}
