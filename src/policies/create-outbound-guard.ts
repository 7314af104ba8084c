import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent, type RequestInit, type Response, fetch as undiciFetch } from 'undici';
import { checkOutboundAddress, checkOutboundUrl, type OutboundUrlPolicy } from './check-outbound-url.ts';

/** The resolver the guard uses (dns.lookup with `all: true` in production; tests inject one). */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

/** An error the guard raises for a URL or an address it refuses. */
export class OutboundUrlRefused extends Error {
  override name = 'OutboundUrlRefused';
}

/** Sends requests to user-set URLs only where the policy allows, connecting to the very address it checked. */
export interface OutboundGuard {
  /** Throws OutboundUrlRefused when the URL itself is not allowed (scheme, literal address, metadata host). */
  assertUrl(url: string): URL;
  /** An undici dispatcher whose every connection resolves the host, checks each address and connects to the checked one. */
  dispatcher: Agent;
  /** `fetch` through the dispatcher after `assertUrl`; redirects are refused (they would escape the check). */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** Closes the dispatcher's connections. */
  close(): Promise<void>;
}

const defaultResolve: ResolveHost = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, addresses) => (error === null ? resolve(addresses) : reject(error))),
  );

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Creates the guard every user-set URL (job callbacks, alert webhooks) goes through. DNS rebinding cannot slip past
 * it: the address a connection uses is the one just checked, never a second resolution.
 */
export function createOutboundGuard(policy: OutboundUrlPolicy, deps: { resolve?: ResolveHost } = {}): OutboundGuard {
  const resolveHost = deps.resolve ?? defaultResolve;
  function lookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void {
    resolveHost(hostname).then(
      (addresses) => {
        if (addresses.length === 0) {
          callback(new OutboundUrlRefused(`${hostname} resolved to no address`), '');
          return;
        }
        // Every address must pass: a host that mixes public and private answers is refused outright.
        for (const entry of addresses) {
          const verdict = checkOutboundAddress(hostname, entry.address, policy);
          if (!verdict.ok) {
            callback(new OutboundUrlRefused(verdict.reason), '');
            return;
          }
        }
        const first = addresses[0]!;
        if (options.all === true) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: Error) => callback(error, ''),
    );
  }
  const dispatcher = new Agent({ connect: { lookup } as object });
  function assertUrl(url: string): URL {
    const verdict = checkOutboundUrl(url, policy);
    if (!verdict.ok) throw new OutboundUrlRefused(verdict.reason);
    return verdict.url;
  }
  return {
    assertUrl,
    dispatcher,
    async fetch(url, init = {}) {
      const checked = assertUrl(url);
      return undiciFetch(checked, { ...init, redirect: 'manual', dispatcher });
    },
    close: () => dispatcher.close(),
  };
}
