import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { loadWebAssets } from '../../src/dashboard/load-web-assets.ts';
import { createRequestHandler } from '../../src/server/create-request-handler.ts';
import { type Stack, startStack } from '../helpers/start-stack.ts';

const sessionCookie = (setCookie: string | string[] | undefined) =>
  /outlast_session=([^;]*)/.exec(String(Array.isArray(setCookie) ? setCookie[0] : setCookie))?.[1];

describe('the dashboard over HTTP', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack(undefined, { adminKey: 'admin-key' });
  });
  after(async () => {
    await stack?.close();
  });

  test('the login form sets an HttpOnly SameSite=Strict cookie holding a random id; Secure behind TLS', async () => {
    const wrong = await request(`${stack.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'key=nope',
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.headers['set-cookie'], undefined);
    assert.match(await wrong.body.text(), /That is not the admin key/);
    const right = await request(`${stack.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
      body: 'key=admin-key',
    });
    await right.body.dump();
    assert.equal(right.statusCode, 303);
    assert.equal(right.headers.location, '/');
    const cookie = String(right.headers['set-cookie']);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Secure/);
    assert.ok(!cookie.includes('admin-key'));
    const plain = await request(`${stack.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'key=admin-key',
    });
    await plain.body.dump();
    assert.doesNotMatch(
      String(plain.headers['set-cookie']),
      /Secure/,
      'no Secure flag on plain HTTP (it would be dropped)',
    );
  });

  test('a session reads the admin API, cannot change it from another origin, and ends with the logout', async () => {
    const login = await request(`${stack.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'key=admin-key',
    });
    await login.body.dump();
    const id = sessionCookie(login.headers['set-cookie']);
    assert.ok(id);
    const cookie = `outlast_session=${id}`;
    const health = await request(`${stack.url}/admin/api/health`, { headers: { cookie } });
    assert.equal(health.statusCode, 200);
    assert.ok(!(await health.body.text()).includes('sk-ant-test-secret'));
    const foreign = await request(`${stack.url}/admin/api/targets/reset`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'anthropic', model: 'claude-sonnet-4-6' }),
    });
    assert.equal(foreign.statusCode, 401);
    assert.equal(((await foreign.body.json()) as { error: { code: string } }).error.code, 'unauthorized');
    const series = await request(`${stack.url}/admin/api/series?span=day`, { headers: { cookie } });
    assert.equal(series.statusCode, 200);
    assert.ok(Array.isArray(((await series.body.json()) as { targets: unknown[] }).targets));
    const logout = await request(`${stack.url}/logout`, { method: 'POST', headers: { cookie } });
    await logout.body.dump();
    assert.equal(logout.statusCode, 303);
    assert.match(String(logout.headers['set-cookie']), /Max-Age=0/);
    const after = await request(`${stack.url}/admin/api/health`, { headers: { cookie } });
    assert.equal(after.statusCode, 401);
    await after.body.dump();
  });

  test('the HTML is never cached, hashed assets are immutable, and both carry security headers', async () => {
    const page = await request(`${stack.url}/`, { headers: { authorization: 'Bearer admin-key' } });
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-cache');
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    const html = await page.body.text();
    const script = /src="(\/assets\/main-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/assets\/main-[A-Z0-9]+\.css)"/.exec(html)?.[1];
    assert.ok(script && style, html);
    const js = await request(`${stack.url}${script}`);
    assert.equal(js.statusCode, 200);
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(js.headers['content-type']), /text\/javascript/);
    const gzipped = gzipSync(Buffer.from(await js.body.arrayBuffer())).length;
    assert.ok(gzipped < 200 * 1024, `the first-load script is ${gzipped} bytes gzipped`);
    const css = await request(`${stack.url}${style}`);
    assert.match(String(css.headers['content-type']), /text\/css/);
    await css.body.dump();
    const missing = await request(`${stack.url}/assets/main-NOPE.js`);
    assert.equal(missing.statusCode, 404);
    await missing.body.dump();
    const status = await request(`${stack.url}/status`);
    assert.equal(status.statusCode, 200);
    assert.match(String(status.headers['content-security-policy']), /default-src 'none'/);
    await status.body.dump();
  });
});

test('without a key configured the dashboard says the admin API is off', async () => {
  const stack = await startStack();
  try {
    const page = await request(`${stack.url}/`);
    assert.equal(page.statusCode, 403);
    assert.match(await page.body.text(), /set OUTLAST_ADMIN_KEY/);
  } finally {
    await stack.close();
  }
});

test('without a build and without sources the dashboard serves a page saying how to build it', async () => {
  const stack = await startStack(undefined, { adminKey: 'admin-key' });
  const empty = mkdtempSync(join(tmpdir(), 'outlast-noweb-'));
  const handler = createRequestHandler(stack.gateway.gateway, {
    bodyLimitBytes: () => 1024 * 1024,
    ready: () => true,
    adminKey: () => 'admin-key',
    logError: () => {},
    webAssets: loadWebAssets({ rootDir: empty }),
  });
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const page = await request(`http://127.0.0.1:${port}/`, { headers: { authorization: 'Bearer admin-key' } });
    assert.equal(page.statusCode, 200);
    assert.match(await page.body.text(), /npm run build:web/);
  } finally {
    server.close();
    handler.close();
    await stack.close();
    rmSync(empty, { recursive: true, force: true });
  }
});

test('a checkout running from src builds the front end once at start-up, with hashed names', async () => {
  const root = mkdtempSync(join(tmpdir(), 'outlast-web-'));
  try {
    mkdirSync(join(root, 'web'));
    writeFileSync(join(root, 'web', 'main.tsx'), 'document.body.append(<p>hello</p>);\n');
    symlinkNodeModules(root);
    const assets = await loadWebAssets({ rootDir: root });
    assert.ok(assets);
    assert.match(assets.manifest.script, /^assets\/main-[A-Z0-9]+\.js$/);
    assert.deepEqual(readdirSync(join(root, 'dist', 'web', 'assets')), [assets.manifest.script.slice(7)]);
    assert.equal(await loadWebAssets({ rootDir: root }), assets, 'once per process');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

function symlinkNodeModules(root: string): void {
  // esbuild resolves preact's JSX runtime from the project's node_modules.
  symlinkSync(join(import.meta.dirname, '..', '..', 'node_modules'), join(root, 'node_modules'));
}
