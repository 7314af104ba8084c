/**
 * A minimal HTTP/1.1 client over `node:net` for many concurrent streams: one request per
 * connection, the response kept as raw bytes and decoded (chunked or content-length) only at
 * the end. It exists because undici's per-read machinery (llhttp, handlers) costs the load core
 * about as much as the mock's writes, and S6 runs both on one core.
 */
import { connect, type Socket } from 'node:net';
import type { PreparedRequest } from '../payloads.ts';

const HEADER_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('0\r\n\r\n');

/** The request bytes for `request` on `host:port`, built once per run. */
export function encodeRequest(request: PreparedRequest, host: string): Buffer {
  let head = `${request.method} ${request.path} HTTP/1.1\r\nhost: ${host}\r\nconnection: close\r\n`;
  for (const [name, value] of Object.entries(request.headers)) head += `${name}: ${value}\r\n`;
  head += `content-length: ${request.body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), request.body]);
}

export type RawResponseHandler = {
  /** Every read of response bytes (head included), with its arrival time. */
  onRead(chunk: Buffer, now: number): void;
  /** The complete response: status and decoded body, or an error. */
  onEnd(result: { status: number; body: Buffer; error: string | undefined }): void;
};

/** Sends one request on a fresh connection; returns a function that aborts it. */
export function rawRequest(port: number, payload: Buffer, handler: RawResponseHandler): (reason: string) => void {
  const socket: Socket = connect({ port, host: '127.0.0.1', noDelay: true });
  const parts: Buffer[] = [];
  let total = 0;
  let finished = false;
  let headLength = -1;
  let chunked = false;
  let contentLength = -1;
  let status = 0;
  let last: Buffer = Buffer.alloc(0);

  const finish = (error: string | undefined): void => {
    if (finished) return;
    finished = true;
    socket.destroy();
    const raw = Buffer.concat(parts, total);
    let body: Buffer = headLength >= 0 ? raw.subarray(headLength) : Buffer.alloc(0);
    if (error === undefined && chunked) {
      const decoded = dechunk(body);
      if (decoded === undefined) error = 'malformed chunked body';
      else body = decoded;
    }
    handler.onEnd({ status, body, error });
  };

  socket.on('data', (chunk: Buffer) => {
    handler.onRead(chunk, performance.now());
    parts.push(chunk);
    total += chunk.length;
    if (headLength < 0) {
      const raw = parts.length === 1 ? chunk : Buffer.concat(parts, total);
      const end = raw.indexOf(HEADER_END);
      if (end === -1) return;
      headLength = end + 4;
      const head = raw.subarray(0, end).toString('latin1').toLowerCase();
      status = Number(head.slice(9, 12));
      chunked = /\r\ntransfer-encoding:[^\r]*chunked/.test(head);
      const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
      contentLength = length === null ? -1 : Number(length[1]);
    }
    if (chunked) {
      // The terminator may straddle two reads: look at the last bytes of both.
      const joined = chunk.length >= CHUNKED_END.length ? chunk : Buffer.concat([last, chunk]);
      last = joined.subarray(Math.max(0, joined.length - CHUNKED_END.length));
      if (total - headLength >= CHUNKED_END.length && last.equals(CHUNKED_END)) finish(undefined);
    } else if (contentLength >= 0 && total - headLength >= contentLength) {
      finish(undefined);
    }
  });
  // Without a length or chunking, the body ends with the connection.
  socket.on('end', () => finish(chunked || contentLength >= 0 ? 'connection closed early' : undefined));
  socket.on('error', (error) => finish(error.message));
  socket.on('close', () => finish('connection closed early'));
  socket.write(payload);
  return (reason: string) => finish(reason);
}

/** Decodes a complete chunked body; undefined when it is malformed or cut. */
export function dechunk(body: Buffer): Buffer | undefined {
  const out: Buffer[] = [];
  let position = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', position);
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(body.subarray(position, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (Number.isNaN(size)) return undefined;
    if (size === 0) return Buffer.concat(out);
    const start = lineEnd + 2;
    if (start + size + 2 > body.length) return undefined;
    out.push(body.subarray(start, start + size));
    position = start + size + 2;
  }
}
