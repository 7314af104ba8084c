import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createSimulator } from './create-simulator.ts';

const anthropicHeaders = { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' };
const openAiHeaders = { 'content-type': 'application/json', authorization: 'Bearer k' };
const ask = { model: 'claude-test', max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] };
const chat = { model: 'gpt-test', messages: [{ role: 'user', content: 'Hello' }] };

async function waitFor(check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !check(); attempt++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(check(), 'condition not reached in time');
}

describe('fault injection', () => {
  const sim = createSimulator();
  let url = '';

  const post = (path: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal) =>
    fetch(url + path, { method: 'POST', headers, body: JSON.stringify(body), signal: signal ?? null });
  const postFaults = (rules: unknown) =>
    fetch(`${url}/sim/faults`, { method: 'POST', body: JSON.stringify(rules) }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { rules?: unknown[]; error?: { problems?: { path: string }[] } },
    }));

  before(async () => {
    ({ url } = await sim.listen());
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.clearFaults();
    sim.resetStats();
  });

  it('answers 529 overloaded_error when a fault rule matches', async () => {
    await postFaults({
      match: { api: 'anthropic', model: 'claude-test', path: '/v1/messages' },
      fault: 'error',
      status: 529,
      retry_after_s: 5,
    });
    const response = await post('/v1/messages', ask, anthropicHeaders);
    const body = (await response.json()) as {
      type: string;
      error: { type: string; message: string };
      request_id: string;
    };
    assert.equal(response.status, 529);
    assert.equal(response.headers.get('retry-after'), '5');
    assert.equal(body.error.type, 'overloaded_error');
    assert.match(body.request_id, /^req_/);
    assert.deepEqual(sim.stats().by_fault, { error: 1 });
  });

  it('maps each status to the Anthropic error type, with error_type and error_code overriding', async () => {
    const expected: Record<number, string> = {
      400: 'invalid_request_error',
      401: 'authentication_error',
      402: 'billing_error',
      403: 'permission_error',
      404: 'not_found_error',
      408: 'api_error',
      413: 'request_too_large',
      429: 'rate_limit_error',
      500: 'api_error',
      504: 'timeout_error',
      529: 'overloaded_error',
    };
    for (const [status, type] of Object.entries(expected)) {
      sim.setFaults([{ fault: 'error', status: Number(status) }]);
      const body = (await (await post('/v1/messages', ask, anthropicHeaders)).json()) as { error: { type: string } };
      assert.equal(body.error.type, type, `status ${status}`);
    }
    sim.setFaults([
      { fault: 'error', status: 429, error_type: 'rate_limit_error', error_code: 'enforced_spend_limit_reached' },
    ]);
    const body = (await (await post('/v1/messages', ask, anthropicHeaders)).json()) as {
      error: { details: { error_code: string } };
    };
    assert.equal(body.error.details.error_code, 'enforced_spend_limit_reached');
  });

  it('answers OpenAI errors with type and code per status, error_code overriding, and exhausted rate-limit headers on 429', async () => {
    sim.setFaults([{ fault: 'error', status: 429 }]);
    const limited = await post('/v1/chat/completions', chat, openAiHeaders);
    const limitedBody = (await limited.json()) as { error: { type: string; code: string; param: unknown } };
    assert.equal(limited.status, 429);
    assert.equal(limitedBody.error.code, 'rate_limit_exceeded');
    assert.equal(limitedBody.error.param, null);
    assert.equal(limited.headers.get('x-ratelimit-remaining-requests'), '0');
    assert.equal(limited.headers.get('x-ratelimit-reset-requests'), '6m0s');
    sim.setFaults([
      { fault: 'error', status: 429, error_code: 'insufficient_quota', error_type: 'insufficient_quota' },
    ]);
    const quota = (await (await post('/v1/chat/completions', chat, openAiHeaders)).json()) as {
      error: { type: string; code: string };
    };
    assert.deepEqual([quota.error.type, quota.error.code], ['insufficient_quota', 'insufficient_quota']);
    sim.setFaults([{ fault: 'error', status: 500 }]);
    const server = (await (await post('/v1/chat/completions', chat, openAiHeaders)).json()) as {
      error: { type: string };
    };
    assert.equal(server.error.type, 'server_error');
  });

  it('delays the headers by delay_ms on a latency fault, then answers normally', async () => {
    sim.setFaults([{ fault: 'latency', delay_ms: 120 }]);
    const started = performance.now();
    const response = await post('/v1/chat/completions', chat, openAiHeaders);
    assert.ok(performance.now() - started >= 110);
    assert.equal(response.status, 200);
    await response.arrayBuffer();
  });

  it('destroys the connection before any byte on a reset fault, not counted as a cancellation', async () => {
    sim.setFaults([{ fault: 'reset' }]);
    await assert.rejects(post('/v1/messages', ask, anthropicHeaders), TypeError);
    await waitFor(() => sim.stats().in_flight === 0);
    const stats = sim.stats();
    assert.deepEqual([stats.by_fault.reset, stats.cancelled, stats.completed], [1, 0, 0]);
  });

  it('cuts a JSON body mid-way on a cut fault for a non-streaming request', async () => {
    sim.setFaults([{ fault: 'cut' }]);
    const response = await post('/v1/chat/completions', chat, openAiHeaders);
    assert.equal(response.status, 200);
    await assert.rejects(response.text());
  });

  it('cuts a stream after after_events events, without its terminal event', async () => {
    sim.setFaults([{ fault: 'cut', after_events: 3 }]);
    const response = await post('/v1/messages', { ...ask, stream: true }, anthropicHeaders);
    const reader = response.body!.getReader();
    let text = '';
    const error = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        text += Buffer.from(value).toString('utf8');
      }
    })().catch((caught: unknown) => caught);
    assert.ok(error instanceof Error);
    assert.equal(text.split('\n\n').filter(Boolean).length, 3);
  });

  it('ends an Anthropic stream with event: error after after_events events on a stream_error fault', async () => {
    sim.setFaults([{ fault: 'stream_error', after_events: 2, message: 'busy' }]);
    const response = await post('/v1/messages', { ...ask, stream: true }, anthropicHeaders);
    assert.equal(response.status, 200);
    const frames = (await response.text()).split('\n\n').filter(Boolean);
    assert.equal(frames.length, 3);
    assert.equal(
      frames[2],
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"busy"}}',
    );
  });

  it('ends an OpenAI stream with a data: {"error"} line and no [DONE] on a stream_error fault', async () => {
    sim.setFaults([{ fault: 'stream_error', after_events: 1, status: 503 }]);
    const response = await post('/v1/chat/completions', { ...chat, stream: true }, openAiHeaders);
    const frames = (await response.text()).split('\n\n').filter(Boolean);
    assert.equal(frames.length, 2);
    const last = JSON.parse(frames[1]!.slice('data: '.length)) as { error: { type: string; code: string } };
    assert.deepEqual(last.error.code, 'server_is_overloaded');
  });

  it('answers an error status for a stream_error fault on a non-streaming request', async () => {
    sim.setFaults([{ fault: 'stream_error' }]);
    const response = await post('/v1/messages', ask, anthropicHeaders);
    assert.equal(response.status, 529);
    await response.arrayBuffer();
  });

  it('spaces every stream event by delay_ms on a slow fault', async () => {
    sim.setFaults([{ fault: 'slow', delay_ms: 15 }]);
    const started = performance.now();
    const response = await post(
      '/v1/messages',
      { ...ask, stream: true },
      { ...anthropicHeaders, 'x-sim-answer-tokens': '3' },
    );
    const frames = (await response.text()).split('\n\n').filter(Boolean);
    assert.equal(frames.length, 9);
    assert.ok(performance.now() - started >= 8 * 15 - 5);
  });

  it('never answers on a hang fault and counts the client giving up as cancelled', async () => {
    sim.setFaults([{ fault: 'hang' }]);
    const controller = new AbortController();
    const pending = post('/v1/messages', ask, anthropicHeaders, controller.signal);
    await waitFor(() => sim.stats().in_flight === 1);
    controller.abort();
    await assert.rejects(pending);
    await waitFor(() => sim.stats().cancelled === 1);
    assert.equal(sim.stats().in_flight, 0);
  });

  it('releases hanging requests on close()', async () => {
    const own = createSimulator();
    const { url: ownUrl } = await own.listen();
    own.setFaults([{ fault: 'hang' }]);
    const pending = fetch(`${ownUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: openAiHeaders,
      body: JSON.stringify(chat),
    }).then(
      () => 'answered',
      () => 'failed',
    );
    await waitFor(() => own.stats().in_flight === 1);
    await own.close();
    assert.equal(await pending, 'failed');
    assert.deepEqual([own.stats().in_flight, own.stats().cancelled], [0, 0]);
  });

  it('applies a rule at most times times', async () => {
    sim.setFaults([{ fault: 'error', status: 500, times: 1 }]);
    const first = await post('/v1/chat/completions', chat, openAiHeaders);
    const second = await post('/v1/chat/completions', chat, openAiHeaders);
    assert.deepEqual([first.status, second.status], [500, 200]);
    await Promise.all([first.arrayBuffer(), second.arrayBuffer()]);
    assert.deepEqual(sim.faults(), []);
  });

  it('draws the probability of a rule from the injected random source', async () => {
    let draw = 0.9;
    const own = createSimulator({ random: () => draw });
    const { url: ownUrl } = await own.listen();
    own.setFaults([{ fault: 'error', status: 503, probability: 0.5 }]);
    const send = () =>
      fetch(`${ownUrl}/v1/chat/completions`, { method: 'POST', headers: openAiHeaders, body: JSON.stringify(chat) });
    const passed = await send();
    draw = 0.1;
    const failed = await send();
    assert.deepEqual([passed.status, failed.status], [200, 503]);
    await Promise.all([passed.arrayBuffer(), failed.arrayBuffer()]);
    await own.close();
  });

  it('appends posted rules, lists them, and clears them on DELETE', async () => {
    assert.equal((await postFaults({ fault: 'hang', match: { api: 'gemini' } })).status, 200);
    const appended = await postFaults([{ fault: 'slow', delay_ms: 1 }, { fault: 'latency' }]);
    assert.equal(appended.body.rules?.length, 3);
    const listed = (await (await fetch(`${url}/sim/faults`)).json()) as { rules: { fault: string }[] };
    assert.deepEqual(
      listed.rules.map((rule) => rule.fault),
      ['hang', 'slow', 'latency'],
    );
    await (await fetch(`${url}/sim/faults`, { method: 'DELETE' })).arrayBuffer();
    assert.deepEqual(sim.faults(), []);
  });

  it('rejects an invalid rule with 400 and the path of the problem, adding nothing', async () => {
    const rejected = await postFaults([{ fault: 'error' }, { fault: 'error', status: 'busy' }]);
    assert.equal(rejected.status, 400);
    assert.deepEqual(
      rejected.body.error?.problems?.map((problem) => problem.path),
      ['1.status'],
    );
    assert.deepEqual(sim.faults(), []);
  });

  it('never applies faults to /sim paths', async () => {
    sim.setFaults([{ fault: 'reset' }]);
    const response = await fetch(`${url}/sim/stats`);
    assert.equal(response.status, 200);
    await response.arrayBuffer();
  });
});
