import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dechunk } from '../../bench/drivers/raw-http.ts';
import { inOrder, runStreams, type StreamRunOptions } from '../../bench/drivers/streams.ts';
import { type MockUpstream, startMockUpstream } from '../../bench/mock-upstream.ts';
import { Samples } from '../../bench/stats.ts';

describe('bench stream drivers', () => {
  let mock: MockUpstream;
  before(async () => {
    mock = await startMockUpstream({ chunks: 4, chunkIntervalMs: 5, chunkBytes: 16 });
  });
  after(() => mock.close());

  const options = (client: 'undici' | 'raw'): StreamRunOptions => ({
    origin: `http://127.0.0.1:${mock.port}`,
    request: {
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"model":"m","stream":true,"messages":[]}'),
    },
    count: 3,
    concurrency: 3,
    startSpacingMs: 0,
    expectation: { chunks: 4, terminator: '[DONE]' },
    stallGapMs: 1000,
    deadlineMs: 5000,
    gaps: new Samples(),
    client,
  });

  it('reads complete, identical streams with both clients', async () => {
    const viaUndici = await runStreams(options('undici'));
    const viaRaw = await runStreams(options('raw'));
    for (const outcome of [...viaUndici, ...viaRaw]) {
      assert.equal(outcome.status, 200);
      assert.equal(outcome.complete, true, outcome.error);
      assert.ok(outcome.ttftMs >= 0);
    }
    assert.equal(new Set([...viaUndici, ...viaRaw].map((outcome) => outcome.hash)).size, 1);
  });

  it('reports a refused connection as an incomplete stream', async () => {
    const [outcome] = await runStreams({ ...options('raw'), origin: 'http://127.0.0.1:1', count: 1 });
    assert.equal(outcome?.complete, false);
    assert.ok(outcome?.error);
  });

  it('decodes a chunked body and rejects a cut one', () => {
    assert.equal(dechunk(Buffer.from('3\r\nabc\r\n2;x=1\r\nde\r\n0\r\n\r\n'))?.toString(), 'abcde');
    assert.equal(dechunk(Buffer.from('3\r\nab')), undefined);
  });

  it('requires every token in order and the terminator after them', () => {
    const expectation = { chunks: 2, terminator: '[DONE]' };
    assert.equal(inOrder('T0000- T0001- [DONE]', expectation), true);
    assert.equal(inOrder('T0001- T0000- [DONE]', expectation), false);
    assert.equal(inOrder('T0000- T0001-', expectation), false);
  });
});
