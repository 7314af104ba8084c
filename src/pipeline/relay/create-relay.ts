import type { Readable } from 'node:stream';
import type { UpstreamHeaders } from '../../core/provider-adapter.ts';
import { UpstreamFailure } from '../../core/upstream-failure.ts';
import { OutlastError } from '../../errors/outlast-error.ts';
import { replaceTopLevelString } from '../../formats/shared/find-top-level-string.ts';
import { toUpstreamFailure } from '../../providers/shared/http-forward.ts';
import { readBounded } from '../read-bounded.ts';
import { resolveTargets } from '../resolve-targets.ts';
import type { Runtime } from '../runtime.ts';
import type { ResourcePins } from './create-resource-pins.ts';
import type { RelayVendor } from './find-relay-vendor.ts';
import { decideRelayStep, planRelay } from './plan-relay.ts';
import { readUpTo } from './read-up-to.ts';

/** A request for another path of a vendor's API, as the server hands it over. */
export interface RelayCall {
  vendor: RelayVendor;
  /** HTTP method, upper case. */
  method: string;
  /** Vendor path and query (a Gemini `key` already taken out). */
  path: string;
  /** Headers to pass on: no credentials, no hop-by-hop headers. */
  headers: Readonly<Record<string, string>>;
  /** The body, or undefined. */
  body: Buffer | undefined;
  /** The body as a JSON object (readRelayJson), for its `model` and the ids it names; undefined for other bodies. */
  json: Record<string, unknown> | undefined;
  /** Aborts when the client leaves. */
  signal: AbortSignal;
}

/** What a provider answered, for the client as it is. */
export interface RelayAnswer {
  status: number;
  headers: UpstreamHeaders;
  /** Whole when it was read (a JSON answer, an error), else streamed. */
  body: Readable | Buffer;
  provider: string;
  attempts: number;
  /** True when another provider than the first planned answered. */
  fallback: boolean;
  /** The client-facing path of one of the answering provider's URLs (ProviderAdapter.relayedPath). */
  relayedPath: (url: string) => string | undefined;
}

/** JSON answers up to this size are read whole to learn the ids of what they created; larger ones stream. */
const learnLimitBytes = 2 * 1024 * 1024;
/** An answer moved past is kept (up to this size) in case no later provider answers at all. */
const skippedBodyLimitBytes = 64 * 1024;

function isJson(headers: UpstreamHeaders): boolean {
  const type = headers['content-type'];
  return (Array.isArray(type) ? type[0] : type)?.includes('json') === true;
}

function declaredLength(headers: UpstreamHeaders): number | undefined {
  const value = Number(headers['content-length']);
  return Number.isFinite(value) ? value : undefined;
}

/** JSON bodies up to this size are read for a `model` and for ids of resources the gateway saw created. */
const readBodyLimitBytes = 1024 * 1024;

/** A relayed body as a JSON object, when it is one (and small enough to look into); parsed once, by the server. */
export function readRelayJson(
  body: Buffer | undefined,
  contentType: string | undefined,
): Record<string, unknown> | undefined {
  if (body === undefined || body.length > readBodyLimitBytes || contentType?.includes('json') !== true)
    return undefined;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function exhausted(vendor: RelayVendor, failure: UpstreamFailure | undefined, attempts: number): OutlastError {
  const code = failure?.kind === 'timeout' ? 'OUTLAST_UPSTREAM_TIMEOUT' : 'OUTLAST_UPSTREAM_UNREACHABLE';
  const detail = failure === undefined ? '' : ` (last: ${failure.phase} ${failure.kind})`;
  return new OutlastError(
    code,
    `No ${vendor} provider answered the relayed request after ${attempts} attempts${detail}.`,
  );
}

/**
 * Creates the relay of the vendors' other paths (files, batches, Gemini's countTokens...): the request goes to the
 * providers planRelay picks, one after the other as decideRelayStep says, with the providers' credentials; the ids of
 * what a provider created are pinned to it, so a later request for them goes to the same account.
 */
export function createRelay(deps: { runtime: () => Runtime; pins: ResourcePins }) {
  return async function relay(call: RelayCall): Promise<RelayAnswer> {
    const runtime = deps.runtime();
    const providers = runtime.config.providers
      .map((provider) => provider.id)
      .filter((id) => {
        const adapter = runtime.adapters.get(id);
        return adapter !== undefined && adapter.format === call.vendor && adapter.relay !== undefined;
      });
    if (providers.length === 0) {
      throw new OutlastError(
        'OUTLAST_NOT_FOUND',
        `No ${call.vendor} provider is configured to take ${call.method} ${call.path.split('?')[0]}.`,
      );
    }
    const parsed = call.json;
    const pinned = deps.pins.find(call.path) ?? (parsed === undefined ? undefined : deps.pins.findIn(parsed));
    const named = typeof parsed?.model === 'string' ? { parsed, model: parsed.model } : undefined;
    const plan = planRelay({
      providers,
      modelTargets: named === undefined ? undefined : resolveTargets(runtime.table, named.model, call.vendor),
      pinned,
    });
    let skipped: RelayAnswer | undefined;
    let failure: UpstreamFailure | undefined;
    let attempts = 0;
    for (const [index, candidate] of plan.entries()) {
      const adapter = runtime.adapters.get(candidate.provider);
      const timeouts = runtime.providerTimeouts.get(candidate.provider);
      if (adapter?.relay === undefined || timeouts === undefined) continue;
      const body =
        candidate.model === undefined ||
        named === undefined ||
        candidate.model === named.model ||
        call.body === undefined
          ? call.body
          : (replaceTopLevelString(call.body, 'model', candidate.model) ??
            Buffer.from(JSON.stringify({ ...named.parsed, model: candidate.model })));
      attempts += 1;
      const last = index === plan.length - 1;
      let response: Awaited<ReturnType<NonNullable<typeof adapter.relay>>>;
      try {
        response = await adapter.relay(
          { method: call.method, path: call.path, headers: call.headers, body },
          { signal: call.signal, headersTimeoutMs: timeouts.headersMs, idleTimeoutMs: timeouts.idleMs },
        );
      } catch (error) {
        if (call.signal.aborted) throw new OutlastError('OUTLAST_UPSTREAM_FAILED', 'The client left.');
        failure = error instanceof UpstreamFailure ? error : toUpstreamFailure(error, 'headers');
        continue;
      }
      const answer: RelayAnswer = {
        status: response.status,
        headers: response.headers,
        body: response.body,
        provider: candidate.provider,
        attempts,
        fallback: index > 0,
        relayedPath: (url) => adapter.relayedPath?.(url),
      };
      if (!last && decideRelayStep({ status: response.status }, pinned !== undefined) === 'next') {
        skipped = { ...answer, body: await readBounded(response.body, skippedBodyLimitBytes) };
        continue;
      }
      const uploadUrl = response.headers['x-goog-upload-url'];
      if (typeof uploadUrl === 'string') deps.pins.learnUploadUrl(candidate.provider, uploadUrl);
      const length = declaredLength(response.headers);
      if (response.status < 300 && isJson(response.headers) && (length === undefined || length <= learnLimitBytes)) {
        const read = await readUpTo(response.body, learnLimitBytes);
        if (Buffer.isBuffer(read)) {
          try {
            deps.pins.learn(candidate.provider, JSON.parse(read.toString('utf8')));
          } catch {
            // not JSON after all: passed on as it came
          }
        }
        return { ...answer, body: read };
      }
      return answer;
    }
    if (skipped !== undefined) return { ...skipped, attempts };
    throw exhausted(call.vendor, failure, attempts);
  };
}
