import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ObservedRequest } from '../server/request-observer.ts';
import { createTracer } from './create-tracer.ts';

function observed(traceparent?: string): ObservedRequest {
  return {
    requestId: 'r1',
    method: 'POST',
    path: '/v1/chat/completions',
    format: 'openai',
    model: 'smart',
    stream: false,
    startedMs: 1000,
    status: 0,
    provider: undefined,
    targetModel: undefined,
    attempts: 0,
    fallback: false,
    traceparent,
    upstreamTraceparent: undefined,
    answerBody: undefined,
  };
}

const settings = (sampleRatio: number) => ({
  otlp_endpoint: 'http://127.0.0.1:9/v1/traces',
  service_name: 'test',
  headers: {},
  sample_ratio: sampleRatio,
});

test('a new trace is recorded with the sample ratio, and its traceparent sent upstream', async () => {
  const kept = createTracer({ settings: settings(0.5), now: () => 0, random: () => 0.4 });
  const dropped = createTracer({ settings: settings(0.5), now: () => 0, random: () => 0.6 });
  try {
    const first = observed();
    kept.observer.onStart(first);
    assert.match(first.upstreamTraceparent ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const second = observed();
    dropped.observer.onStart(second);
    assert.equal(second.upstreamTraceparent, undefined);
  } finally {
    await kept.close();
    await dropped.close();
  }
});

test("follows the client's sampled flag, and passes an unsampled traceparent on untouched", async () => {
  const tracer = createTracer({ settings: settings(1), now: () => 0 });
  try {
    const unsampled = observed('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00');
    tracer.observer.onStart(unsampled);
    assert.equal(unsampled.upstreamTraceparent, unsampled.traceparent);
    const sampled = observed('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    tracer.observer.onStart(sampled);
    assert.match(
      sampled.upstreamTraceparent ?? '',
      /^00-4bf92f3577b34da6a3ce929d0e0e4736-(?!00f067aa0ba902b7)[0-9a-f]{16}-01$/,
    );
  } finally {
    await tracer.close();
  }
});

test('a failed export is reported and dropped, never thrown', async () => {
  const errors: unknown[] = [];
  const tracer = createTracer({ settings: settings(1), now: () => 2000, onExportError: (error) => errors.push(error) });
  const request = observed();
  tracer.observer.onStart(request);
  request.status = 200;
  tracer.observer.onEnd(request);
  await tracer.close();
  assert.equal(errors.length, 1);
});
