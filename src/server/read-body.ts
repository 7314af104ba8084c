import type { IncomingMessage } from 'node:http';
import { OutlastError } from '../errors/outlast-error.ts';

/** Reads a request body up to `limitBytes`; larger bodies are refused with 413 before or while they arrive. */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (declared > limitBytes) {
      reject(tooLarge(limitBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        request.removeAllListeners('data');
        request.resume();
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    request.on('error', reject);
  });
}

function tooLarge(limitBytes: number): OutlastError {
  return new OutlastError(
    'OUTLAST_BODY_TOO_LARGE',
    `The request body is larger than the gateway's limit of ${limitBytes} bytes (server.body_limit_bytes).`,
  );
}
