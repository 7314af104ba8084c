import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gatewayOriginOf, pointBodyAtGateway, pointHeadersAtGateway } from './point-at-gateway.ts';

const base = 'https://api.anthropic.com';
const relayedPath = (url: string) => (url.startsWith(`${base}/`) ? url.slice(base.length) : undefined);

test("a batch's results_url is pointed at the gateway; other URLs and fields are left alone", () => {
  const batch = {
    id: 'msgbatch_1',
    results_url: `${base}/v1/messages/batches/msgbatch_1/results`,
    docs: 'https://docs.example.com/x',
    nested: [{ url: `${base}/v1/files/file_1` }],
  };
  const out = JSON.parse(
    pointBodyAtGateway(Buffer.from(JSON.stringify(batch)), relayedPath, 'http://127.0.0.1:8080').toString(),
  );
  assert.equal(out.results_url, 'http://127.0.0.1:8080/v1/messages/batches/msgbatch_1/results');
  assert.equal(out.docs, 'https://docs.example.com/x');
  assert.equal(out.nested[0].url, 'http://127.0.0.1:8080/v1/files/file_1');
});

test('a body with nothing to point, or no JSON, comes back as the same bytes', () => {
  for (const text of ['{"id":"file_1"}', 'not json "http', '{"a":"https://docs.example.com"}']) {
    const body = Buffer.from(text);
    assert.equal(pointBodyAtGateway(body, relayedPath, 'http://gw'), body);
  }
});

test('an upload URL or location header of the provider is pointed at the gateway', () => {
  const headers = { 'x-goog-upload-url': `${base}/upload/v1beta/files?upload_id=abc`, location: 'https://elsewhere/x' };
  const out = pointHeadersAtGateway(headers, relayedPath, 'https://gw.example');
  assert.equal(out['x-goog-upload-url'], 'https://gw.example/upload/v1beta/files?upload_id=abc');
  assert.equal(out.location, 'https://elsewhere/x');
});

test('the gateway origin is the Host the client used, https when the gateway serves TLS or a proxy says so', () => {
  assert.equal(gatewayOriginOf({ host: '127.0.0.1:4000' }), 'http://127.0.0.1:4000');
  assert.equal(gatewayOriginOf({ host: 'llm.example', 'x-forwarded-proto': 'https' }), 'https://llm.example');
  assert.equal(gatewayOriginOf({ host: 'llm.example:8443' }, true), 'https://llm.example:8443');
});
