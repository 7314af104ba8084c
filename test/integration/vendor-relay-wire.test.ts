import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { parseConfigText } from '../../src/config/load-config.ts';
import { type ServedGateway, serveGateway } from '../../src/server/serve-gateway.ts';
import { deadUrl, type Stack, startStack } from '../helpers/start-stack.ts';

/** One request as an upstream account received it. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A vendor account: records what it receives, answers with `answer` (by default a JSON object naming the path). */
async function startAccount(
  name: string,
  answer?: (seen: Seen, response: ServerResponse) => void,
): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const one = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(one);
      if (answer !== undefined) {
        answer(one, response);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${name}` });
      response.end(JSON.stringify({ id: `file_${name}_${seen.length}`, account: name, url: one.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function startGateway(configText: string, vars: Record<string, string>): Promise<ServedGateway> {
  const loaded = parseConfigText(configText, vars);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return serveGateway(loaded.config, { port: 0, host: '127.0.0.1' });
}

describe("relaying the vendors' other paths", () => {
  let first: Awaited<ReturnType<typeof startAccount>>;
  let second: Awaited<ReturnType<typeof startAccount>>;
  let failing: Awaited<ReturnType<typeof startAccount>>;
  let gateway: ServedGateway;
  before(async () => {
    first = await startAccount('first');
    second = await startAccount('second');
    failing = await startAccount('failing', (_seen, response) => {
      response.writeHead(529, { 'content-type': 'application/json' });
      response.end('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
    });
    gateway = await startGateway(
      `
providers:
  - { id: claude-down, type: anthropic, api_key: sk-ant-dead, base_url: "\${DEAD}", models: [] }
  - { id: claude-busy, type: anthropic, api_key: sk-ant-busy, base_url: "\${FAILING}", models: [] }
  - { id: claude-a, type: anthropic, api_key: sk-ant-account-a, base_url: "\${FIRST}", models: [] }
  - { id: claude-b, type: anthropic, api_key: sk-ant-account-b, base_url: "\${SECOND}", models: [] }
  - { id: gpt-a, type: openai, api_key: sk-openai-account-a, base_url: "\${FIRST}/v1", models: [] }
  - { id: local, type: openai-compatible, api_key: sk-local, base_url: "\${SECOND}/v1", models: [] }
  - { id: gemini-a, type: gemini, api_key: gemini-account-a, base_url: "\${SECOND}", models: [] }
routes:
  - model: claude-cheap
    targets: [ { provider: gpt-a, model: gpt-5-mini }, { provider: claude-b, model: claude-haiku-4-5 } ]
`,
      { DEAD: await deadUrl(), FAILING: failing.url, FIRST: first.url, SECOND: second.url },
    );
  });
  after(async () => {
    await gateway.close(100);
    await Promise.all([first.close(), second.close(), failing.close()]);
  });

  test("an Anthropic path goes on, past a refused and an overloaded account, with the provider's key and the client's beta headers", async () => {
    first.seen.length = 0;
    const answer = await request(`${gateway.url}/v1/files?limit=2`, {
      method: 'POST',
      headers: {
        'x-api-key': 'client-key-never-forwarded',
        'anthropic-version': '2023-06-01',
        'anthropic-beta': 'files-api-2025-04-14',
        'content-type': 'multipart/form-data; boundary=xyz',
        'x-custom-field': 'kept',
      },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n--xyz--\r\n',
    });
    const body = (await answer.body.json()) as { account: string; url: string };
    assert.equal(answer.statusCode, 200);
    assert.equal(body.account, 'first');
    assert.equal(answer.headers['x-outlast-provider'], 'claude-a');
    assert.equal(answer.headers['x-outlast-fallback'], 'true');
    assert.equal(answer.headers['x-outlast-attempts'], '3');
    const seen = first.seen.at(-1)!;
    assert.equal(seen.url, '/v1/files?limit=2');
    assert.equal(seen.headers['x-api-key'], 'sk-ant-account-a');
    assert.equal(seen.headers['anthropic-beta'], 'files-api-2025-04-14');
    assert.equal(seen.headers['anthropic-version'], '2023-06-01');
    assert.equal(seen.headers['content-type'], 'multipart/form-data; boundary=xyz');
    assert.equal(seen.headers['x-custom-field'], 'kept');
    assert.match(seen.body, /name="file"; filename="a.txt"\r\n\r\nhello/);
  });

  test("a body naming a route goes to its targets of the vendor, with the target's model and the rest unchanged", async () => {
    second.seen.length = 0;
    const answer = await request(`${gateway.url}/v1/messages/some-new-endpoint`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: '{"model":"claude-cheap","new_field":{"keep":"as is"}}',
    });
    await answer.body.text();
    assert.equal(answer.headers['x-outlast-provider'], 'claude-b');
    assert.equal(answer.headers['x-outlast-attempts'], '1');
    assert.equal(second.seen.at(-1)?.body, '{"model":"claude-haiku-4-5","new_field":{"keep":"as is"}}');
  });

  test('a resource created in one account is asked for in that account only', async () => {
    const created = await request(`${gateway.url}/v1/messages/batches`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ requests: [] }),
    });
    const { id } = (await created.body.json()) as { id: string };
    first.seen.length = 0;
    second.seen.length = 0;
    const fetched = await request(`${gateway.url}/v1/messages/batches/${id}/results`, {
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
    });
    await fetched.body.text();
    assert.equal(fetched.headers['x-outlast-provider'], 'claude-a');
    assert.equal(fetched.headers['x-outlast-attempts'], '1');
    assert.deepEqual(
      first.seen.map((one) => one.url),
      [`/v1/messages/batches/${id}/results`],
    );
  });

  test('an OpenAI path goes to an OpenAI provider with its Bearer key, never to an OpenAI-compatible server', async () => {
    first.seen.length = 0;
    second.seen.length = 0;
    const answer = await request(`${gateway.url}/v1/batches/batch_123?x=1`, {
      headers: { authorization: 'Bearer client-key', 'openai-organization': 'org-client' },
    });
    await answer.body.text();
    assert.equal(answer.headers['x-outlast-provider'], 'gpt-a');
    const seen = first.seen.at(-1)!;
    assert.equal(seen.url, '/v1/batches/batch_123?x=1');
    assert.equal(seen.headers.authorization, 'Bearer sk-openai-account-a');
    assert.equal(seen.headers['openai-organization'], undefined);
    assert.equal(second.seen.length, 0);
  });

  test("a Gemini path goes on with the provider's key in its header and the client's key taken out of the query", async () => {
    second.seen.length = 0;
    const answer = await request(`${gateway.url}/v1beta/models/gemini-2.5-flash:countTokens?key=client-key&alt=json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ parts: [{ text: 'hi' }] }] }),
    });
    await answer.body.text();
    assert.equal(answer.statusCode, 200);
    const seen = second.seen.at(-1)!;
    assert.equal(seen.url, '/v1beta/models/gemini-2.5-flash:countTokens?alt=json');
    assert.equal(seen.headers['x-goog-api-key'], 'gemini-account-a');
  });

  test("when every account fails, the client gets the last vendor answer, or a gateway error in the vendor's shape", async () => {
    const lone = await startGateway(
      `
providers:
  - { id: claude-busy, type: anthropic, api_key: sk-ant-busy, base_url: "\${FAILING}", models: [] }
  - { id: claude-down, type: anthropic, api_key: sk-ant-dead, base_url: "\${DEAD}", models: [] }
`,
      { DEAD: await deadUrl(), FAILING: failing.url },
    );
    try {
      const busy = await request(`${lone.url}/v1/messages/batches`, {
        headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      });
      assert.equal(busy.statusCode, 529);
      assert.equal(((await busy.body.json()) as { error: { type: string } }).error.type, 'overloaded_error');
      const none = await request(`${lone.url}/v1/files`, { headers: { authorization: 'Bearer k' } });
      assert.equal(none.statusCode, 404);
      const error = (await none.body.json()) as { error: { message: string } };
      assert.match(error.error.message, /No openai provider is configured/);
      const text = JSON.stringify(error);
      assert.ok(!text.includes('sk-ant'), text);
    } finally {
      await lone.close(100);
    }
  });
});

describe('relayed requests under client keys', () => {
  const adminKey = 'admin-test-secret';
  let stack: Stack;
  before(async () => {
    stack = await startStack(
      `
providers:
  - { id: openai, type: openai, api_key: sk-openai-provider-secret, base_url: "\${SIM}/v1" }
routes:
  - model: fast
    targets: [ { provider: openai, model: gpt-5-mini } ]
`,
      { adminKey },
    );
  });
  after(() => stack.close());

  async function createKey(body: Record<string, unknown>): Promise<string> {
    const created = await request(`${stack.url}/admin/api/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return ((await created.body.json()) as { key: string }).key;
  }

  test("a valid key relays; an unknown key is refused in the vendor's shape; a key limited to routes may not", async () => {
    const key = await createKey({ name: 'files-bot' });
    const limited = await createKey({ name: 'chat-only', routes: ['fast'] });
    const listed = await request(`${stack.url}/v1/files`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(listed.statusCode, 200);
    assert.equal(((await listed.body.json()) as { object: string }).object, 'list');
    const unknown = await request(`${stack.url}/v1/files`, { headers: { authorization: 'Bearer olk_not_a_key' } });
    assert.equal(unknown.statusCode, 401);
    assert.equal(((await unknown.body.json()) as { error: { code: string } }).error.code, 'OUTLAST_UNAUTHORIZED');
    const refused = await request(`${stack.url}/v1/files`, { headers: { authorization: `Bearer ${limited}` } });
    assert.equal(refused.statusCode, 403);
    const error = ((await refused.body.json()) as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'OUTLAST_FORBIDDEN_ROUTE');
    assert.match(error.message, /limited to fast/);
  });
});

test("with server.relay_vendor_paths off, a vendor path is Outlast's 404 and nothing reaches the provider", async () => {
  const account = await startAccount('only');
  const gateway = await startGateway(
    `
server: { relay_vendor_paths: false }
providers:
  - { id: gpt, type: openai, api_key: sk-openai-only, base_url: "\${ONLY}/v1", models: [] }
`,
    { ONLY: account.url },
  );
  try {
    const answer = await request(`${gateway.url}/v1/files`, { headers: { authorization: 'Bearer k' } });
    assert.equal(answer.statusCode, 404);
    assert.equal(((await answer.body.json()) as { error: { code: string } }).error.code, 'OUTLAST_NOT_FOUND');
    assert.equal(account.seen.length, 0);
  } finally {
    await gateway.close(100);
    await account.close();
  }
});
