import { Readable } from 'node:stream';

/** What the guard learns from a Responses stream. */
export interface GuardedStreamHooks {
  /** Called with the terminal Response (`response.completed` or `response.incomplete`) before its event is sent on. */
  onTerminal(response: Record<string, unknown>): void;
}

const terminalTypes = new Set(['response.completed', 'response.incomplete', 'response.failed']);

function eventType(block: string): string | undefined {
  if (block.startsWith('event: ')) {
    const end = block.indexOf('\n');
    return block.slice(7, end === -1 ? undefined : end).trim();
  }
  return undefined;
}

function dataOf(block: string): Record<string, unknown> | undefined {
  const at = block.indexOf('data: ');
  if (at === -1) return undefined;
  const end = block.indexOf('\n', at);
  try {
    const parsed: unknown = JSON.parse(block.slice(at + 6, end === -1 ? undefined : end));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Relays a Responses SSE stream event by event (bytes unchanged, held only until an event is complete), so that
 * (1) the terminal Response is recorded in the ledger before the client can see it and send the next turn, and
 * (2) a stream that breaks or ends without a terminal event ends with an `error` event (fields flat and nested) and
 * `response.failed` carrying the items finished so far, never a silent truncation (reference §4.4, §5.3).
 * Events are parsed only when they matter: `response.created`, `response.output_item.done` and terminal ones. The
 * events complete in `prefix` come back as the answer's prefix, sent with the headers; the rest as `body`.
 */
export function guardResponsesStream(
  prefix: readonly Buffer[],
  body: Readable,
  hooks: GuardedStreamHooks,
  fallbackId: string,
): { prefix: Buffer[]; body: Readable } {
  let pending = '';
  /** The `response.created` event as it came: parsed only if the stream fails (it echoes the request: large). */
  let createdBlock: string | undefined;
  let lastSequence = -1;
  let terminated = false;
  let finished = false;
  const done: Record<string, unknown>[] = [];
  const output = new Readable({
    read() {
      body.resume();
    },
    destroy(error, callback) {
      body.destroy();
      callback(error);
    },
  });

  function inspect(block: string): void {
    const named = eventType(block);
    if (named === 'response.created') createdBlock = block;
    const interesting =
      named === undefined || named === 'response.output_item.done' || terminalTypes.has(named) || named === 'error';
    if (!interesting) {
      const at = block.indexOf('"sequence_number":');
      if (at !== -1) lastSequence = Number.parseInt(block.slice(at + 18, at + 30), 10);
      return;
    }
    const data = dataOf(block);
    if (data === undefined) return;
    if (typeof data.sequence_number === 'number') lastSequence = data.sequence_number;
    const type = (named ?? data.type) as string | undefined;
    if (type === 'response.created') {
      createdBlock = block;
    } else if (type === 'response.output_item.done' && typeof data.item === 'object' && data.item !== null) {
      done.push(data.item as Record<string, unknown>);
    } else if (type === 'response.completed' || type === 'response.incomplete') {
      terminated = true;
      const response = (data.response ?? {}) as Record<string, unknown>;
      if (!Array.isArray(response.output) || response.output.length === 0) response.output = done;
      hooks.onTerminal(response);
    } else if (type === 'response.failed' || type === 'error') {
      terminated = true;
    }
  }

  /** Takes in a chunk; returns the events it completed (inspected), '' when none. */
  function complete(chunk: string): string {
    pending += chunk;
    let boundary = pending.indexOf('\n\n');
    let sent = 0;
    while (boundary !== -1) {
      inspect(pending.slice(sent, boundary + 2));
      sent = boundary + 2;
      boundary = pending.indexOf('\n\n', sent);
    }
    if (sent === 0) return '';
    const done = pending.slice(0, sent);
    pending = pending.slice(sent);
    return done;
  }

  function drain(chunk: string): void {
    const done = complete(chunk);
    if (done !== '' && !output.push(done)) body.pause();
  }

  function failure(message: string): string {
    let sequence = lastSequence + 1;
    const frame = (type: string, fields: Record<string, unknown>) => {
      const text = `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence, ...fields })}\n\n`;
      sequence += 1;
      return text;
    };
    const error = { type: 'server_error', code: 'server_error', message, param: null };
    const created = createdBlock === undefined ? undefined : dataOf(createdBlock)?.response;
    const createdResponse =
      typeof created === 'object' && created !== null ? (created as Record<string, unknown>) : undefined;
    const response = {
      ...(createdResponse ?? { object: 'response' }),
      id: typeof createdResponse?.id === 'string' ? createdResponse.id : fallbackId,
      status: 'failed',
      error: { code: 'server_error', message },
      output: done,
      usage: null,
    };
    return (
      frame('error', { code: 'server_error', message, param: null, error }) + frame('response.failed', { response })
    );
  }

  function finish(reason: string | undefined): void {
    if (finished) return;
    finished = true;
    if (pending !== '' && reason === undefined) drain('\n\n');
    if (!terminated) {
      output.push(failure(reason ?? 'The upstream stream ended before the response was complete.'));
    }
    output.push(null);
  }

  // The events complete in the prefix go out with the headers (after the ledger saw a terminal one among them).
  let initial = '';
  for (const chunk of prefix) initial += complete(chunk.toString('utf8'));
  const guarded = { prefix: initial === '' ? [] : [Buffer.from(initial)], body: output };
  // The body may have ended or failed while the pipeline awaited the commit point.
  if (body.readableEnded) {
    finish(undefined);
    return guarded;
  }
  if (body.errored !== null) {
    finish(`The upstream stream broke: ${body.errored.message}`);
    return guarded;
  }
  body.setEncoding('utf8');
  body.on('data', (chunk: string) => drain(chunk));
  body.once('end', () => finish(undefined));
  body.once('error', (error: Error) => finish(`The upstream stream broke: ${error.message}`));
  body.resume();
  return guarded;
}
