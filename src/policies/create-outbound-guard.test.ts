import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createOutboundGuard, type ResolveHost } from './create-outbound-guard.ts';

describe('the outbound guard connects only to addresses it checked', () => {
  let server: Server;
  let port = 0;
  let hits = 0;
  before(async () => {
    server = createServer((request, response) => {
      hits += 1;
      if (request.url === '/redirect') response.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      else response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const resolveTo =
    (...addresses: string[]): ResolveHost =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  test('refuses a host name that resolves to loopback (DNS rebinding), before any byte is sent', async () => {
    const guard = createOutboundGuard({ allowPrivate: false, allowList: [] }, { resolve: resolveTo('127.0.0.1') });
    const before = hits;
    try {
      await assert.rejects(guard.fetch(`http://rebound.example:${port}/`), (error: Error) => {
        const cause = (error as { cause?: Error }).cause;
        assert.match(String(cause?.message ?? error.message), /loopback address/);
        return true;
      });
      assert.equal(hits, before);
    } finally {
      await guard.close();
    }
  });

  test('refuses a host whose answers mix public and private addresses', async () => {
    const guard = createOutboundGuard(
      { allowPrivate: false, allowList: [] },
      { resolve: resolveTo('93.184.216.34', '127.0.0.1') },
    );
    try {
      await assert.rejects(guard.fetch(`http://mixed.example:${port}/`));
    } finally {
      await guard.close();
    }
  });

  test('connects to the checked address of an allow-listed host, and never follows a redirect', async () => {
    const guard = createOutboundGuard(
      { allowPrivate: false, allowList: ['hooks.internal'] },
      { resolve: resolveTo('127.0.0.1') },
    );
    try {
      const response = await guard.fetch(`http://hooks.internal:${port}/`);
      assert.equal(await response.text(), 'ok');
      const redirect = await guard.fetch(`http://hooks.internal:${port}/redirect`);
      assert.equal(redirect.status, 302);
      await redirect.arrayBuffer();
    } finally {
      await guard.close();
    }
  });

  test('refuses a literal private URL at once', async () => {
    const guard = createOutboundGuard({ allowPrivate: false, allowList: [] });
    try {
      assert.throws(() => guard.assertUrl(`http://127.0.0.1:${port}/`), /loopback/);
      await assert.rejects(() => guard.fetch(`http://[::1]:${port}/`), /loopback/);
    } finally {
      await guard.close();
    }
  });
});
