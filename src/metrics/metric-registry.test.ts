import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrometheus, sampleValue } from '../../test/helpers/parse-prometheus.ts';
import { createMetricRegistry } from './metric-registry.ts';

test('renders counters and gauges with HELP and TYPE lines', () => {
  const registry = createMetricRegistry();
  const requests = registry.counter('demo_requests_total', 'Requests.', ['code']);
  const inFlight = registry.gauge('demo_in_flight', 'In flight.');
  requests.labels('200').inc();
  requests.labels('200').inc(2);
  inFlight.inc();
  inFlight.inc();
  inFlight.dec();
  const text = registry.render();
  assert.match(text, /^# HELP demo_requests_total Requests\.\n# TYPE demo_requests_total counter\n/);
  const parsed = parsePrometheus(text);
  assert.equal(sampleValue(parsed, 'demo_requests_total', { code: '200' }), 3);
  assert.equal(sampleValue(parsed, 'demo_in_flight'), 1);
});

test('escapes backslashes, quotes and line feeds in label values', () => {
  const registry = createMetricRegistry();
  registry.counter('demo_total', 'Help with \\ and\nnewline.', ['model']).labels('a"b\\c\nd').inc();
  const text = registry.render();
  assert.ok(text.includes('demo_total{model="a\\"b\\\\c\\nd"} 1'));
  assert.ok(text.includes('# HELP demo_total Help with \\\\ and\\nnewline.'));
  assert.equal(parsePrometheus(text).samples[0]?.labels.model, 'a"b\\c\nd');
});

test('renders histograms with cumulative buckets, +Inf, sum and count', () => {
  const registry = createMetricRegistry();
  const latency = registry.histogram('demo_seconds', 'Latency.', { labelNames: ['target'], buckets: [0.1, 1] });
  for (const value of [0.05, 0.5, 0.7, 5]) latency.labels('a').observe(value);
  const parsed = parsePrometheus(registry.render());
  assert.equal(sampleValue(parsed, 'demo_seconds_bucket', { target: 'a', le: '0.1' }), 1);
  assert.equal(sampleValue(parsed, 'demo_seconds_bucket', { target: 'a', le: '1' }), 3);
  assert.equal(sampleValue(parsed, 'demo_seconds_bucket', { target: 'a', le: '+Inf' }), 4);
  assert.equal(sampleValue(parsed, 'demo_seconds_count', { target: 'a' }), 4);
  assert.equal(sampleValue(parsed, 'demo_seconds_sum', { target: 'a' }), 6.25);
});

test('runs collectors before each render and refuses a name declared twice with another type', () => {
  const registry = createMetricRegistry();
  const gauge = registry.gauge('demo_value', 'Value.');
  let value = 1;
  registry.addCollector(() => gauge.set(value));
  assert.equal(sampleValue(parsePrometheus(registry.render()), 'demo_value'), 1);
  value = 7;
  assert.equal(sampleValue(parsePrometheus(registry.render()), 'demo_value'), 7);
  assert.throws(() => registry.counter('demo_value', 'Again.'));
  assert.throws(() => registry.counter('bad name', 'Bad.'));
});
