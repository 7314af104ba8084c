import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createResourcePins } from './create-resource-pins.ts';

test('a created file or batch pins its id, and a batch its input and output files, to the account', () => {
  const pins = createResourcePins(100);
  pins.learn('openai-a', {
    id: 'batch_abc',
    input_file_id: 'file-in',
    output_file_id: 'file-out',
    error_file_id: null,
  });
  assert.equal(pins.find('/v1/batches/batch_abc'), 'openai-a');
  assert.equal(pins.find('/v1/files/file-out/content?x=1'), 'openai-a');
  assert.equal(pins.find('/v1/files/file-in'), 'openai-a');
  assert.equal(pins.find('/v1/files/file-other'), undefined);
});

test('Gemini names its files `files/<id>`, also inside an upload answer', () => {
  const pins = createResourcePins(100);
  pins.learn('gemini-b', { file: { name: 'files/xyz123', mimeType: 'text/plain' } });
  assert.equal(pins.find('/v1beta/files/xyz123'), 'gemini-b');
  assert.equal(pins.find('/download/v1beta/files/xyz123:download'), 'gemini-b');
});

test('the oldest pins are forgotten past the limit', () => {
  const pins = createResourcePins(2);
  pins.learn('a', { id: 'file_1111' });
  pins.learn('b', { id: 'file_2222' });
  pins.learn('c', { id: 'file_3333' });
  assert.equal(pins.find('/v1/files/file_1111'), undefined);
  assert.equal(pins.find('/v1/files/file_3333'), 'c');
});

test("a body that names a created file (a batch of it, a message citing it) is pinned to the file's account", () => {
  const pins = createResourcePins(100);
  pins.learn('openai-b', { id: 'file-abc123', object: 'file' });
  assert.equal(pins.findIn({ input_file_id: 'file-abc123', endpoint: '/v1/chat/completions' }), 'openai-b');
  assert.equal(
    pins.findIn({ requests: [{ params: { content: [{ source: { file_id: 'file-abc123' } }] } }] }),
    'openai-b',
  );
  assert.equal(pins.findIn({ input_file_id: 'file-unknown' }), undefined);
  assert.equal(pins.findIn('not an object'), undefined);
});

test('the next calls of a resumable upload go where it started, by its upload_id', () => {
  const pins = createResourcePins(100);
  pins.learnUploadUrl(
    'gemini-b',
    'https://generativelanguage.googleapis.com/upload/v1beta/files?upload_id=AB12cd34&x=1',
  );
  assert.equal(pins.find('/upload/v1beta/files?upload_id=AB12cd34'), 'gemini-b');
  assert.equal(pins.find('/upload/v1beta/files?upload_id=other'), undefined);
});
