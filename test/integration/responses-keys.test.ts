import assert from 'node:assert/strict';
import { test } from 'node:test';
import OpenAI from 'openai';
import { request } from 'undici';
import { startStack } from '../helpers/start-stack.ts';

const adminKey = 'admin-responses-keys-secret';
const config = `
monitoring: { enabled: false }
providers:
  - { id: claude, type: anthropic, api_key: sk-ant-provider-secret, base_url: "\${SIM}" }
routes:
  - model: smart
    targets: [ { provider: claude, model: claude-sonnet-4-6 } ]
`;

test('a stored response belongs to the client key that created it: another key can neither chain on it nor read it', async () => {
  const stack = await startStack(config, { adminKey });
  try {
    const create = async () => {
      const response = await request(`${stack.url}/admin/api/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'agent' }),
      });
      return ((await response.body.json()) as { key: string }).key;
    };
    const owner = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: await create(), maxRetries: 0 });
    const other = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: await create(), maxRetries: 0 });
    const first = await owner.responses.create({ model: 'smart', input: 'remember the word lantern' });
    const followUp = await owner.responses.create({ model: 'smart', previous_response_id: first.id, input: 'and?' });
    assert.equal(followUp.status, 'completed');
    assert.equal((await owner.responses.retrieve(first.id)).id, first.id);
    await assert.rejects(
      other.responses.create({ model: 'smart', previous_response_id: first.id, input: 'and?' }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'previous_response_id',
    );
    await assert.rejects(other.responses.retrieve(first.id), OpenAI.NotFoundError);
    const anonymous = await request(`${stack.url}/v1/responses/${first.id}`);
    assert.equal(anonymous.statusCode, 401);
    await anonymous.body.dump();
  } finally {
    await stack.close();
  }
});
