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
 * Events are parsed only when they matter: `response.created`, `response.output_item.done` and terminal ones.
 */
export function guardResponsesStream(
  prefix: readonly Buffer[],
  body: Readable,
  hooks: GuardedStreamHooks,
  fallbackId: string,
): Readable {
  let pending = '';
  let responseId = fallbackId;
  let created: Record<string, unknown> | undefined;
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
    const interesting =
      named === undefined ||
      named === 'response.created' ||
      named === 'response.output_item.done' ||
      terminalTypes.has(named) ||
      named === 'error';
    if (!interesting) {
      const at = block.indexOf('"sequence_number":');
      if (at !== -1) lastSequence = Number.parseInt(block.slice(at + 18, at + 30), 10);
      return;
    }
    const data = dataOf(block);
    if (data === undefined) return;
    if (typeof data.sequence_number === 'number') lastSequence = data.sequence_number;
    const type = (named ?? data.type) as string | undefined;
    if (type === 'response.created' && typeof data.response === 'object' && data.response !== null) {
      created = data.response as Record<string, unknown>;
      if (typeof created.id === 'string') responseId = created.id;
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

  function drain(chunk: string): void {
    pending += chunk;
    let boundary = pending.indexOf('\n\n');
    let sent = 0;
    while (boundary !== -1) {
      inspect(pending.slice(sent, boundary + 2));
      sent = boundary + 2;
      boundary = pending.indexOf('\n\n', sent);
    }
    if (sent > 0) {
      const complete = pending.slice(0, sent);
      pending = pending.slice(sent);
      if (!output.push(complete)) body.pause();
    }
  }

  function failure(message: string): string {
    let sequence = lastSequence + 1;
    const frame = (type: string, fields: Record<string, unknown>) => {
      const text = `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence, ...fields })}\n\n`;
      sequence += 1;
      return text;
    };
    const error = { type: 'server_error', code: 'server_error', message, param: null };
    const response = {
      ...(created ?? { object: 'response' }),
      id: responseId,
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

  for (const chunk of prefix) drain(chunk.toString('utf8'));
  // The body may have ended or failed while the pipeline awaited the commit point.
  if (body.readableEnded) {
    finish(undefined);
    return output;
  }
  if (body.errored !== null) {
    finish(`The upstream stream broke: ${body.errored.message}`);
    return output;
  }
  body.setEncoding('utf8');
  body.on('data', (chunk: string) => drain(chunk));
  body.once('end', () => finish(undefined));
  body.once('error', (error: Error) => finish(`The upstream stream broke: ${error.message}`));
  body.resume();
  return output;
}
