import { BlockList, isIP } from 'node:net';

/** What an address is, for the outbound guard. */
export type AddressKind =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

/** Settings of the guard (`server.allow_private_urls`, `server.outbound_allow_list`). */
export interface OutboundUrlPolicy {
  /** Lets URLs reach private, loopback, link-local and metadata addresses. */
  allowPrivate: boolean;
  /** Hosts, IP addresses or CIDR ranges allowed even when private. */
  allowList: readonly string[];
}

/** The verdict on a URL or on one of its resolved addresses. */
export type OutboundVerdict = { ok: true; url: URL; hostname: string } | { ok: false; reason: string };

const metadataAddresses = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254']);
const metadataHostnames = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data']);

function ranges(entries: ReadonlyArray<[string, number, 'ipv4' | 'ipv6']>): BlockList {
  const list = new BlockList();
  for (const [network, prefix, family] of entries) list.addSubnet(network, prefix, family);
  return list;
}

const kindRanges: ReadonlyArray<[Exclude<AddressKind, 'public' | 'metadata'>, BlockList]> = [
  [
    'unspecified',
    ranges([
      ['0.0.0.0', 8, 'ipv4'],
      ['::', 128, 'ipv6'],
    ]),
  ],
  [
    'loopback',
    ranges([
      ['127.0.0.0', 8, 'ipv4'],
      ['::1', 128, 'ipv6'],
    ]),
  ],
  [
    'link-local',
    ranges([
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ]),
  ],
  [
    'private',
    ranges([
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
      ['100.64.0.0', 10, 'ipv4'],
      ['fc00::', 7, 'ipv6'],
    ]),
  ],
  [
    'multicast',
    ranges([
      ['224.0.0.0', 4, 'ipv4'],
      ['ff00::', 8, 'ipv6'],
    ]),
  ],
  [
    'reserved',
    ranges([
      ['240.0.0.0', 4, 'ipv4'],
      ['192.0.0.0', 24, 'ipv4'],
      ['192.0.2.0', 24, 'ipv4'],
      ['198.18.0.0', 15, 'ipv4'],
      ['198.51.100.0', 24, 'ipv4'],
      ['203.0.113.0', 24, 'ipv4'],
      ['2001:db8::', 32, 'ipv6'],
      ['100::', 64, 'ipv6'],
    ]),
  ],
];

/** The IPv4 address embedded in an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::) IPv6 address. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted !== null) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex === null) return undefined;
  const high = Number.parseInt(hex[1]!, 16);
  const low = Number.parseInt(hex[2]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** Classifies an IP address literal (IPv4 or IPv6, IPv4-mapped included); `reserved` for text that is not an IP. */
export function classifyAddress(address: string): AddressKind {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare);
  if (family === 0) return 'reserved';
  if (family === 6) {
    const v4 = embeddedIpv4(bare);
    if (v4 !== undefined) return classifyAddress(v4);
  }
  if (metadataAddresses.has(bare.toLowerCase())) return 'metadata';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of kindRanges) if (list.check(bare, type)) return kind;
  return 'public';
}

function allowListed(hostname: string, address: string | undefined, allowList: readonly string[]): boolean {
  for (const entry of allowList) {
    const slash = entry.indexOf('/');
    if (slash !== -1) {
      if (address === undefined) continue;
      const network = entry.slice(0, slash);
      const prefix = Number(entry.slice(slash + 1));
      const family = isIP(network);
      if (family === 0 || !Number.isInteger(prefix)) continue;
      const list = new BlockList();
      try {
        list.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
      } catch {
        continue;
      }
      const addressFamily = isIP(address);
      if (addressFamily !== 0 && list.check(address, addressFamily === 4 ? 'ipv4' : 'ipv6')) return true;
    } else if (entry.toLowerCase() === hostname || (address !== undefined && entry === address)) {
      return true;
    }
  }
  return false;
}

/** Decides on one address a URL's host resolved to (or the literal in the URL). */
export function checkOutboundAddress(
  hostname: string,
  address: string,
  policy: OutboundUrlPolicy,
): { ok: true } | { ok: false; reason: string } {
  const kind = classifyAddress(address);
  if (kind === 'public') return { ok: true };
  if (allowListed(hostname, address, policy.allowList)) return { ok: true };
  if (policy.allowPrivate && kind !== 'multicast' && kind !== 'reserved' && kind !== 'unspecified') return { ok: true };
  return {
    ok: false,
    reason: `${hostname === address ? address : `${hostname} (${address})`} is a ${kind} address; outbound URLs may only reach public addresses unless server.allow_private_urls or server.outbound_allow_list allows it`,
  };
}

/**
 * Checks a URL a user set (a callback, a webhook) before anything is sent: http or https only, no credentials in
 * it, a host, and when the host is an IP literal or a well-known metadata name, an allowed address. Host names are
 * checked again on every connection, address by address, by `createOutboundGuard` (DNS rebinding).
 */
export function checkOutboundUrl(text: string, policy: OutboundUrlPolicy): OutboundVerdict {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: `not a valid URL: ${JSON.stringify(text.slice(0, 200))}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `scheme ${url.protocol.slice(0, -1)} is not allowed; use http or https` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'credentials in the URL are not allowed; use a header' };
  }
  const hostname = url.hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (hostname === '') return { ok: false, reason: 'the URL has no host' };
  if (isIP(hostname) !== 0) {
    const verdict = checkOutboundAddress(hostname, hostname, policy);
    return verdict.ok ? { ok: true, url, hostname } : verdict;
  }
  if (
    (metadataHostnames.has(hostname) || hostname === 'localhost' || hostname.endsWith('.localhost')) &&
    !policy.allowPrivate &&
    !allowListed(hostname, undefined, policy.allowList)
  ) {
    return {
      ok: false,
      reason: `${hostname} is a local or metadata host name; outbound URLs may only reach public addresses`,
    };
  }
  return { ok: true, url, hostname };
}
