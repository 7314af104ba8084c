import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { startStack } from '../helpers/start-stack.ts';

const adminKey = 'admin-jobs-keys-secret';
const config = `
monitoring: { enabled: false }
providers:
  - { id: openai, type: openai, api_key: sk-openai-provider-secret, base_url: "\${SIM}/v1" }
routes:
  - model: fast
    targets: [ { provider: openai, model: gpt-5-mini } ]
`;
const job = { format: 'openai', request: { model: 'fast', messages: [{ role: 'user', content: 'later please' }] } };

async function call(url: string, method: string, body: unknown, key?: string) {
  const response = await request(url, {
    method,
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, json: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown> };
}

test('once client keys exist, a job needs a valid key and only the key that created it can read it', async () => {
  const stack = await startStack(config, { adminKey });
  try {
    const created = async () =>
      (await call(`${stack.url}/admin/api/keys`, 'POST', { name: 'worker' }, adminKey)).json as { key: string };
    const first = await created();
    const second = await created();
    const refused = await call(`${stack.url}/v1/outlast/jobs`, 'POST', job);
    assert.equal(refused.status, 401);
    assert.equal((refused.json.error as { code: string }).code, 'OUTLAST_UNAUTHORIZED');
    const submitted = await call(`${stack.url}/v1/outlast/jobs`, 'POST', job, first.key);
    assert.equal(submitted.status, 202);
    const id = submitted.json.id as string;
    assert.equal((await call(`${stack.url}/v1/outlast/jobs/${id}`, 'GET', undefined, first.key)).status, 200);
    assert.equal((await call(`${stack.url}/v1/outlast/jobs/${id}`, 'GET', undefined, second.key)).status, 404);
    assert.equal((await call(`${stack.url}/v1/outlast/jobs/${id}`, 'GET', undefined)).status, 401);
  } finally {
    await stack.close();
  }
});
