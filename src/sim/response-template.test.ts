import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIdSuffix, idSlot, idSuffixLength } from './ids.ts';
import { createResponseTemplate, fillPiece } from './response-template.ts';

describe('response templates', () => {
  it('writes a fresh id into every slot and the creation time after "created":', () => {
    const frames = [
      Buffer.from(`{"id":"chatcmpl-${idSlot}","created":1000000000,"text":"é"}`),
      Buffer.from(`{"id":"call_${idSlot}"}`),
    ];
    const template = createResponseTemplate(frames);
    const suffix = createIdSuffix();
    const filled = fillPiece(template.joined, { idSuffix: suffix, createdSeconds: 1_800_000_123 }).toString('utf8');
    assert.equal(filled, `{"id":"chatcmpl-${suffix}","created":1800000123,"text":"é"}{"id":"call_${suffix}"}`);
    assert.equal(template.frames[0]!.bytes.toString().includes(idSlot), true, 'the cached bytes stay untouched');
  });

  it('shares the cached bytes when a piece has no slot', () => {
    const template = createResponseTemplate([Buffer.from('{"input_tokens":3}')]);
    const piece = template.frames[0]!;
    assert.equal(fillPiece(piece, { idSuffix: createIdSuffix(), createdSeconds: 1 }), piece.bytes);
  });

  it('hands out unique id suffixes of a fixed length', () => {
    const suffixes = new Set(Array.from({ length: 1000 }, () => createIdSuffix()));
    assert.equal(suffixes.size, 1000);
    for (const suffix of suffixes) assert.equal(suffix.length, idSuffixLength);
    assert.equal(idSlot.length, idSuffixLength);
  });
});
