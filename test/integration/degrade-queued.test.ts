import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { request } from 'undici';
import { startStack } from '../helpers/start-stack.ts';

const config = `
monitoring: { enabled: false }
defaults: { retry: { base_ms: 5, cap_ms: 10 }, breaker: { consecutive_failures: 2, base_open_ms: 300, max_open_ms: 600 } }
providers:
  - { id: primary, type: openai, api_key: sk-queued-primary, base_url: "\${SIM}/v1", models: [] }
routes:
  - model: patient
    targets: [ { provider: primary, model: gpt-5 } ]
    degrade: [queued]
`;

test('with every target down, the queued rung answers 202 with a job, which runs once a target is back', async () => {
  const stack = await startStack(config);
  try {
    stack.simulator.setFaults([{ fault: 'error', status: 503 }]);
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 0 });
    const { response } = await client.chat.completions
      .create({ model: 'patient', messages: [{ role: 'user', content: 'answer when you can' }] })
      .withResponse();
    assert.equal(response.status, 202);
    assert.equal(response.headers.get('x-outlast-degraded'), 'queued');
    const location = response.headers.get('location');
    assert.match(location ?? '', /^\/v1\/outlast\/jobs\/.+/);
    stack.simulator.clearFaults();
    let job: { status: string; result?: { choices?: { message: { content: string } }[] } } = { status: 'queued' };
    for (let wait = 0; wait < 200 && job.status !== 'succeeded' && job.status !== 'failed'; wait++) {
      await sleep(50);
      const polled = await request(`${stack.url}${location}`);
      job = (await polled.body.json()) as typeof job;
    }
    assert.equal(job.status, 'succeeded');
    assert.ok((job.result?.choices?.[0]?.message.content ?? '').length > 0);
  } finally {
    await stack.close();
  }
});
