import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkOutboundUrl, classifyAddress } from './check-outbound-url.ts';

const strict = { allowPrivate: false, allowList: [] };

test('classifies the address ranges that must not be reached', () => {
  const cases: Array<[string, string]> = [
    ['8.8.8.8', 'public'],
    ['2606:4700::1111', 'public'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12::1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['172.32.0.1', 'public'],
  ];
  for (const [address, kind] of cases) assert.equal(classifyAddress(address), kind, address);
});

test('allows http and https to public hosts only', () => {
  assert.equal(checkOutboundUrl('https://hooks.example.com/x?y=1', strict).ok, true);
  assert.equal(checkOutboundUrl('http://8.8.8.8:8080/', strict).ok, true);
  for (const url of [
    'file:///etc/passwd',
    'gopher://x',
    'ftp://example.com',
    'javascript:alert(1)',
    'not a url',
    'data:,x',
  ]) {
    assert.equal(checkOutboundUrl(url, strict).ok, false, url);
  }
});

test('refuses private, loopback, link-local, metadata and unspecified literals in any spelling', () => {
  for (const url of [
    'http://127.0.0.1/',
    'http://127.1/',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0177.0.0.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://10.0.0.5:9000/',
    'http://0.0.0.0/',
    'http://localhost:8080/',
    'http://api.localhost/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://LOCALHOST./',
  ]) {
    const verdict = checkOutboundUrl(url, strict);
    assert.equal(verdict.ok, false, url);
  }
});

test('refuses credentials in the URL', () => {
  const verdict = checkOutboundUrl('https://user:pass@example.com/', strict);
  assert.equal(verdict.ok, false);
});

test('lets private addresses through when allowed, but never unspecified or multicast ones', () => {
  const open = { allowPrivate: true, allowList: [] };
  assert.equal(checkOutboundUrl('http://127.0.0.1:9000/', open).ok, true);
  assert.equal(checkOutboundUrl('http://10.0.0.1/', open).ok, true);
  assert.equal(checkOutboundUrl('http://0.0.0.0/', open).ok, false);
  assert.equal(checkOutboundUrl('http://224.0.0.1/', open).ok, false);
});

test('the allow-list admits listed hosts, addresses and CIDR ranges only', () => {
  const listed = { allowPrivate: false, allowList: ['10.20.0.0/16', '127.0.0.1', 'localhost'] };
  assert.equal(checkOutboundUrl('http://10.20.3.4/', listed).ok, true);
  assert.equal(checkOutboundUrl('http://10.21.3.4/', listed).ok, false);
  assert.equal(checkOutboundUrl('http://127.0.0.1:1234/', listed).ok, true);
  assert.equal(checkOutboundUrl('http://127.0.0.2:1234/', listed).ok, false);
  assert.equal(checkOutboundUrl('http://localhost:1234/', listed).ok, true);
});

test('no IPv4 literal in 127/8, 10/8 or 169.254/16 ever passes the strict policy', () => {
  fc.assert(
    fc.property(fc.constantFrom(127, 10, 169), fc.nat(255), fc.nat(255), fc.nat(255), (first, b, c, d) => {
      const second = first === 169 ? 254 : b;
      assert.equal(checkOutboundUrl(`http://${first}.${second}.${c}.${d}/`, strict).ok, false);
    }),
  );
});
