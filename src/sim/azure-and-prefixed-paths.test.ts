import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createSimulator } from './create-simulator.ts';

const chat = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello Azure' }] };
const azurePath = '/openai/deployments/prod-4o/chat/completions';

describe('the simulator as Azure OpenAI and under hosted services prefixes', () => {
  const sim = createSimulator();
  let url = '';
  const post = (path: string, headers: Record<string, string>) =>
    fetch(url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(chat),
    });

  before(async () => {
    ({ url } = await sim.listen());
  });
  after(() => sim.close());
  beforeEach(() => sim.clearFaults());

  it('answers a chat completion at a deployment path with api-key and api-version', async () => {
    const response = await post(`${azurePath}?api-version=2024-10-21`, { 'api-key': 'k' });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { object: string };
    assert.equal(body.object, 'chat.completion');
  });

  it('answers 401 to a deployment path called with Bearer instead of api-key', async () => {
    const response = await post(`${azurePath}?api-version=2024-10-21`, { authorization: 'Bearer k' });
    assert.equal(response.status, 401);
    const body = (await response.json()) as { error: { code: string } };
    assert.equal(body.error.code, '401');
  });

  it('answers 404 to a deployment path without api-version', async () => {
    const response = await post(azurePath, { 'api-key': 'k' });
    assert.equal(response.status, 404);
    await response.arrayBuffer();
  });

  it('applies faults matched by api openai to Azure paths', async () => {
    sim.setFaults([{ match: { api: 'openai' }, fault: 'error', status: 429 }]);
    const response = await post(`${azurePath}?api-version=2024-10-21`, { 'api-key': 'k' });
    assert.equal(response.status, 429);
    await response.arrayBuffer();
  });

  it('serves OpenAI chat under the prefixes of Groq, OpenRouter and DeepSeek', async () => {
    for (const path of ['/openai/v1/chat/completions', '/api/v1/chat/completions', '/chat/completions']) {
      const response = await post(path, { authorization: 'Bearer k' });
      assert.equal(response.status, 200, path);
      await response.arrayBuffer();
    }
  });
});
