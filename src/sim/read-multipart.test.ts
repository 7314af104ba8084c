import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readMultipart } from './read-multipart.ts';

async function encode(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const request = new Request('http://127.0.0.1/', { method: 'POST', body: form });
  return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

describe('readMultipart', () => {
  it('reads the fields and file parts fetch encodes, bytes intact', async () => {
    const bytes = new Uint8Array([0, 13, 10, 45, 45, 255]);
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append('file', new Blob([bytes], { type: 'application/jsonl' }), 'in put é.jsonl');
    const { body, contentType } = await encode(form);
    const parts = readMultipart(body, contentType)!;
    assert.equal(parts.length, 2);
    assert.deepEqual(parts[0], {
      name: 'purpose',
      filename: undefined,
      contentType: undefined,
      data: Buffer.from('batch'),
    });
    assert.equal(parts[1]!.name, 'file');
    assert.equal(parts[1]!.filename, 'in put é.jsonl');
    assert.equal(parts[1]!.contentType, 'application/jsonl');
    assert.deepEqual(Buffer.from(parts[1]!.data), Buffer.from(bytes));
  });

  it('reads an RFC 5987 filename* and a quoted boundary', () => {
    const body = Buffer.from(
      '--b\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.txt\r\n\r\nhi\r\n--b--\r\n',
    );
    const parts = readMultipart(body, 'multipart/form-data; boundary="b"')!;
    assert.equal(parts[0]!.filename, 'résumé.txt');
    assert.equal(parts[0]!.data.toString(), 'hi');
  });

  it('answers undefined to a body without the boundary, a truncated body or another content type', () => {
    assert.equal(
      readMultipart(
        Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx'),
        'multipart/form-data; boundary=b',
      ),
      undefined,
    );
    assert.equal(readMultipart(Buffer.from('nothing here'), 'multipart/form-data; boundary=b'), undefined);
    assert.equal(readMultipart(Buffer.from('{}'), 'application/json'), undefined);
    assert.equal(readMultipart(Buffer.from('{}'), undefined), undefined);
  });
});
