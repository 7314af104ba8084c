import { PassThrough, type Readable } from 'node:stream';

/**
 * Reads a body whole when it ends within `limitBytes`; a longer one comes back as a stream of everything, the bytes
 * already read first, so nothing is lost or held beyond the limit.
 */
export async function readUpTo(body: Readable, limitBytes: number): Promise<Buffer | Readable> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body.iterator({ destroyOnReturn: false })) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    size += buffer.length;
    if (size > limitBytes) {
      const rest = new PassThrough();
      for (const read of chunks) rest.write(read);
      body.on('error', (error) => rest.destroy(error));
      body.pipe(rest);
      return rest;
    }
  }
  return Buffer.concat(chunks, size);
}
