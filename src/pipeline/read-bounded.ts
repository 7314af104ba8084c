import type { Readable } from 'node:stream';

/** Reads a body up to `limitBytes`, then destroys the rest; for upstream error bodies, which are small but untrusted. */
export async function readBounded(body: Readable, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      chunks.push(buffer);
      size += buffer.length;
      if (size >= limitBytes) {
        body.destroy();
        break;
      }
    }
  } catch {
    // A body that breaks while we read an error is still an error; classify what arrived.
  }
  const all = Buffer.concat(chunks, size);
  return size > limitBytes ? all.subarray(0, limitBytes) : all;
}
