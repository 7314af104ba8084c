import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type CaptureUpstream, startCaptureUpstream } from '../helpers/capture-upstream.ts';
import { startStack } from '../helpers/start-stack.ts';

interface Attribute {
  key: string;
  value: { stringValue?: string; intValue?: string; boolValue?: boolean; doubleValue?: number };
}

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Attribute[];
  status: { code: number };
}

interface Export {
  headers: IncomingHttpHeaders;
  body: {
    resourceSpans: Array<{ resource: { attributes: Attribute[] }; scopeSpans: Array<{ spans: Span[] }> }>;
  };
}

function attribute(span: Span, key: string): string | boolean | number | undefined {
  const value = span.attributes.find((entry) => entry.key === key)?.value;
  if (value === undefined) return undefined;
  if (value.intValue !== undefined) return Number(value.intValue);
  return value.stringValue ?? value.boolValue ?? value.doubleValue;
}

describe('OpenTelemetry traces over OTLP/HTTP JSON', () => {
  let receiver: Server;
  let receiverUrl = '';
  const exports: Export[] = [];
  let capture: CaptureUpstream;

  before(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        exports.push({
          headers: request.headers,
          body: JSON.parse(Buffer.concat(chunks).toString()) as Export['body'],
        });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/traces`;
    capture = await startCaptureUpstream();
  });
  after(async () => {
    await capture.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  test('a request span with a child span per upstream attempt, under the client trace, propagated upstream', async () => {
    const stack = await startStack(`
telemetry: { otlp_endpoint: "${receiverUrl}", service_name: outlast-test, headers: { authorization: "Bearer collector-token" } }
defaults: { retry: { same_target_retries: 0 } }
providers:
  - { id: primary, type: openai, api_key: sk-trace-primary, base_url: "\${SIM}/v1", models: [] }
  - { id: backup, type: openai-compatible, api_key: sk-trace-backup, base_url: "${capture.url}/v1" }
routes:
  - model: smart
    targets: [ { provider: primary, model: gpt-primary }, { provider: backup, model: gpt-backup } ]
`);
    const clientTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpan = '00f067aa0ba902b7';
    try {
      stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'error', status: 503 }]);
      const sdk = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 0 });
      const answer = await sdk.chat.completions.create(
        { model: 'smart', messages: [{ role: 'user', content: 'traced' }] },
        { headers: { traceparent: `00-${clientTrace}-${clientSpan}-01` } },
      );
      assert.equal(answer.choices[0]?.message.content, 'captured');
      await sdk.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'untraced' }] });
    } finally {
      await stack.close();
    }

    assert.ok(exports.length >= 1, 'nothing was exported');
    assert.equal(exports[0]?.headers.authorization, 'Bearer collector-token');
    assert.equal(exports[0]?.headers['content-type'], 'application/json');
    const resource = exports[0]!.body.resourceSpans[0]!.resource;
    assert.deepEqual(resource.attributes, [{ key: 'service.name', value: { stringValue: 'outlast-test' } }]);
    const spans = exports.flatMap((entry) =>
      entry.body.resourceSpans.flatMap((resourceSpan) => resourceSpan.scopeSpans.flatMap((scope) => scope.spans)),
    );

    const server = spans.find((span) => span.traceId === clientTrace && span.kind === 2);
    assert.ok(server, 'no server span in the client trace');
    assert.equal(server.parentSpanId, clientSpan);
    assert.equal(server.name, 'POST /v1/chat/completions');
    assert.equal(attribute(server, 'gen_ai.request.model'), 'smart');
    assert.equal(attribute(server, 'http.response.status_code'), 200);
    assert.equal(attribute(server, 'outlast.attempts'), 2);
    assert.equal(attribute(server, 'outlast.fallback'), true);
    assert.equal(attribute(server, 'outlast.failovers'), 1);
    assert.equal(attribute(server, 'outlast.provider'), 'backup');
    assert.equal(attribute(server, 'gen_ai.usage.input_tokens'), 1);

    const children = spans.filter((span) => span.parentSpanId === server.spanId);
    assert.equal(children.length, 2);
    const failed = children.find((span) => attribute(span, 'outlast.provider') === 'primary')!;
    const won = children.find((span) => attribute(span, 'outlast.provider') === 'backup')!;
    assert.equal(failed.kind, 3);
    assert.equal(failed.status.code, 2);
    assert.equal(attribute(failed, 'gen_ai.system'), 'openai');
    assert.equal(attribute(failed, 'gen_ai.request.model'), 'gpt-primary');
    assert.notEqual(attribute(failed, 'outlast.outcome'), 'ok');
    assert.equal(won.status.code, 1);
    assert.equal(attribute(won, 'gen_ai.system'), 'openai-compatible');
    assert.equal(attribute(won, 'outlast.outcome'), 'ok');
    assert.equal(attribute(won, 'gen_ai.usage.output_tokens'), 1);
    for (const child of children) {
      assert.ok(BigInt(child.startTimeUnixNano) >= BigInt(server.startTimeUnixNano));
      assert.ok(BigInt(child.endTimeUnixNano) <= BigInt(server.endTimeUnixNano));
    }

    // The upstream saw the gateway's request span as its parent.
    const traced = capture.requests.find((entry) => entry.body.includes('traced') && !entry.body.includes('untraced'));
    assert.equal(traced?.headers.traceparent, `00-${clientTrace}-${server.spanId}-01`);

    // A request without traceparent starts a trace of its own.
    const root = spans.find((span) => span.kind === 2 && span.traceId !== clientTrace);
    assert.ok(root, 'no span for the untraced request');
    assert.equal(root.parentSpanId, undefined);
    assert.match(root.traceId, /^[0-9a-f]{32}$/);
  });
});
