import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { Agent, request } from 'undici';
import { type Stack, standardConfig, startStack } from '../helpers/start-stack.ts';

interface ErrorReply {
  status: number;
  body: {
    type?: string;
    error?: { type?: string; message?: string; code?: string; details?: { error_code?: string } };
  };
}

async function post(url: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<ErrorReply> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.statusCode, body: (await response.body.json()) as ErrorReply['body'] };
}

const codeOf = (reply: ErrorReply) => reply.body.error?.code ?? reply.body.error?.details?.error_code;

/** Resolves with the time the server closed the socket, and what it sent before. */
function watchClose(socket: Socket): Promise<{ atMs: number; received: string }> {
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString();
  });
  return new Promise((resolve) => {
    socket.once('close', () => resolve({ atMs: Date.now(), received }));
    socket.on('error', () => {});
  });
}

describe('limits on what a client sends', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack(
      `${standardConfig}\nserver: { body_limit_bytes: 65536, headers_timeout_ms: 400, request_timeout_ms: 1000, max_header_bytes: 4096 }\n`,
    );
  });
  after(() => stack.close());

  test('an oversized body is a 413 in the OpenAI and the Anthropic shapes', async () => {
    const big = JSON.stringify({ model: 'gpt-smart', messages: [{ role: 'user', content: 'x'.repeat(70_000) }] });
    const openai = await post(`${stack.url}/v1/chat/completions`, big);
    assert.equal(openai.status, 413);
    assert.equal(openai.body.error?.code, 'OUTLAST_BODY_TOO_LARGE');
    assert.match(openai.body.error?.message ?? '', /65536 bytes/);
    const anthropic = await post(`${stack.url}/v1/messages`, big);
    assert.equal(anthropic.status, 413);
    assert.equal(anthropic.body.type, 'error');
    assert.equal(anthropic.body.error?.type, 'request_too_large');
    assert.equal(codeOf(anthropic), 'OUTLAST_BODY_TOO_LARGE');
  });

  test('10,000-deep nesting is a 400 that names the depth limit, in both formats', async () => {
    const deep = `{"model":"gpt-smart","messages":[{"role":"user","content":"hi"}],"metadata":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    for (const path of ['/v1/chat/completions', '/v1/messages']) {
      const reply = await post(`${stack.url}${path}`, deep);
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error?.type, 'invalid_request_error');
      assert.equal(codeOf(reply), 'OUTLAST_JSON_TOO_DEEP');
      assert.match(reply.body.error?.message ?? '', /deeper than 128 levels \(server\.max_json_depth\)/);
    }
  });

  test('a body that is not UTF-8 is a 400 saying so', async () => {
    const body = Buffer.concat([
      Buffer.from('{"model":"gpt-smart","messages":[{"role":"user","content":"'),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('"}]}'),
    ]);
    const reply = await post(`${stack.url}/v1/chat/completions`, body);
    assert.equal(reply.status, 400);
    assert.equal(codeOf(reply), 'OUTLAST_INVALID_JSON');
    assert.match(reply.body.error?.message ?? '', /UTF-8/);
  });

  test('headers larger than server.max_header_bytes are refused with 431', async () => {
    const response = await request(`${stack.url}/healthz`, { headers: { 'x-big': 'y'.repeat(8000) } });
    assert.equal(response.statusCode, 431);
    await response.body.dump();
  });

  test('a slowloris client dripping headers is cut off after headers_timeout_ms, while others are served', async () => {
    const { port } = new URL(stack.url);
    const socket = connect(Number(port), '127.0.0.1');
    const closed = watchClose(socket);
    const startedMs = Date.now();
    socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write('X-Slow: 1\r\n');
    }, 100);
    try {
      const sdk = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 0 });
      const answer = await sdk.chat.completions.create({
        model: 'gpt-smart',
        messages: [{ role: 'user', content: 'hi' }],
      });
      assert.ok(answer.choices[0]?.message.content);
      const { atMs, received } = await closed;
      assert.ok(atMs - startedMs < 3000, `the slow client held its connection ${atMs - startedMs} ms`);
      assert.match(received, /^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  });

  test('a client dripping its body is cut off after request_timeout_ms', async () => {
    const { port } = new URL(stack.url);
    const socket = connect(Number(port), '127.0.0.1');
    const closed = watchClose(socket);
    const startedMs = Date.now();
    socket.write(
      'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
    );
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write(' ');
    }, 100);
    try {
      const { atMs } = await closed;
      assert.ok(atMs - startedMs < 4000, `the slow body held its connection ${atMs - startedMs} ms`);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  });
});

describe('timeouts leave long answers alone', () => {
  test('a stream longer than request_timeout_ms runs to its end', async () => {
    const stack = await startStack(`${standardConfig}\nserver: { headers_timeout_ms: 300, request_timeout_ms: 500 }\n`);
    stack.simulator.configure({ tokensPerSecond: 20, answerTokens: 30 });
    try {
      const sdk = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 0 });
      const startedMs = Date.now();
      const stream = await sdk.chat.completions.create({
        model: 'gpt-smart',
        stream: true,
        messages: [{ role: 'user', content: 'long' }],
      });
      let finish: string | null | undefined;
      for await (const chunk of stream) finish = chunk.choices[0]?.finish_reason ?? finish;
      assert.ok(Date.now() - startedMs > 1000, 'the stream was not long enough to prove anything');
      assert.ok(finish === 'stop' || finish === 'length', `finish ${finish}`);
    } finally {
      await stack.close();
    }
  });
});

describe('the admin API on its own listener', () => {
  test('serves /admin/api and /metrics there, and neither on the main listener', async () => {
    const stack = await startStack(`${standardConfig}\nserver: { admin: { port: 0 } }\n`, {
      adminKey: 'admin-listener-key',
    });
    try {
      const adminUrl = stack.gateway.adminUrl;
      assert.ok(adminUrl?.startsWith('http://127.0.0.1:'));
      assert.notEqual(adminUrl, stack.url);
      const auth = { authorization: 'Bearer admin-listener-key' };
      const targets = await request(`${adminUrl}/admin/api/targets`, { headers: auth });
      assert.equal(targets.statusCode, 200);
      assert.ok(Array.isArray(((await targets.body.json()) as { targets: unknown[] }).targets));
      const metrics = await request(`${adminUrl}/metrics`);
      assert.equal(metrics.statusCode, 200);
      assert.match(await metrics.body.text(), /# TYPE outlast_requests_total counter/);
      for (const path of ['/admin/api/targets', '/metrics']) {
        const main = await request(`${stack.url}${path}`, { headers: auth });
        assert.equal(main.statusCode, 404, path);
        await main.body.dump();
      }
      const model = await request(`${adminUrl}/v1/chat/completions`, { method: 'POST', body: '{}' });
      assert.equal(model.statusCode, 404);
      await model.body.dump();
    } finally {
      await stack.close();
    }
  });
});

const openssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('TLS', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'outlast-tls-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('serves HTTPS with a configured certificate, to a client that trusts it', async () => {
    // A fresh certificate when openssl is there, else the committed test-only pair.
    let certFile = new URL('../fixtures/tls/cert.pem', import.meta.url).pathname;
    let keyFile = new URL('../fixtures/tls/key.pem', import.meta.url).pathname;
    if (openssl) {
      certFile = join(dir, 'cert.pem');
      keyFile = join(dir, 'key.pem');
      const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
      const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
      execFileSync(
        'openssl',
        ['req', '-x509', ...key, '-days', '1', ...subject, '-keyout', keyFile, '-out', certFile],
        {
          stdio: 'ignore',
        },
      );
    }
    const stack = await startStack(
      `${standardConfig}\nserver: { tls: { cert_file: "${certFile}", key_file: "${keyFile}" } }\n`,
    );
    const { readFileSync } = await import('node:fs');
    const agent = new Agent({ connect: { ca: readFileSync(certFile) } });
    try {
      assert.ok(stack.url.startsWith('https://127.0.0.1:'));
      const response = await request(`${stack.url}/v1/chat/completions`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-smart', messages: [{ role: 'user', content: 'over tls' }] }),
      });
      assert.equal(response.statusCode, 200);
      const answer = (await response.body.json()) as { choices: Array<{ message: { content: string } }> };
      assert.ok(answer.choices[0]?.message.content);
      // plain HTTP to the TLS port gets no answer
      const plain = await request(stack.url.replace('https:', 'http:') + '/healthz').then(
        (reply) => reply.statusCode,
        () => 'refused',
      );
      assert.notEqual(plain, 200);
    } finally {
      await agent.close();
      await stack.close();
    }
  });
});

describe('draining', () => {
  test('a request on a kept-alive connection during the drain gets a 503 in the client format', async () => {
    const stack = await startStack(standardConfig);
    stack.simulator.configure({ tokensPerSecond: 20, answerTokens: 20 });
    const { port } = new URL(stack.url);
    const socket = connect(Number(port), '127.0.0.1');
    const closed = watchClose(socket);
    try {
      const stream = JSON.stringify({ model: 'gpt-smart', stream: true, messages: [{ role: 'user', content: 'x' }] });
      socket.write(
        `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${stream.length}\r\n\r\n${stream}`,
      );
      await new Promise((resolve) => socket.once('data', resolve));
      const closing = stack.gateway.close(5000);
      // A second request on the same connection, sent while the first one still streams and the gateway drains.
      const late = JSON.stringify({ model: 'claude-smart', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
      socket.write(
        `POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${late.length}\r\n\r\n${late}`,
      );
      const { received } = await closed;
      await closing;
      assert.ok(received.includes('data: [DONE]'), 'the open stream was cut');
      const second = received.slice(received.indexOf('HTTP/1.1', 10));
      assert.match(second, /^HTTP\/1\.1 503/);
      assert.match(second, /"error_code":"OUTLAST_SHUTTING_DOWN"/);
      assert.match(second, /"type":"error"/);
    } finally {
      socket.destroy();
      await stack.simulator.close();
    }
  });
});
