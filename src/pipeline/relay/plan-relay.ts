import type { PlannedTarget } from '../resolve-targets.ts';

/** One provider a relayed request may go to, with the model to put in its body when the client named a route. */
export interface RelayCandidate {
  provider: string;
  /** The upstream model replacing the body's `model`; undefined to send the body as it came. */
  model: string | undefined;
}

/**
 * The providers a relayed request is tried on, in order: only the one that created a resource the path names (a file
 * or batch lives in one account); else the targets of the model the body names, when some can take the request; else
 * every provider that relays this vendor's paths, in config order.
 */
export function planRelay(input: {
  /** Providers that relay this vendor's paths, in config order. */
  providers: readonly string[];
  /** The targets of the body's `model`, when it has one that something serves. */
  modelTargets: readonly PlannedTarget[] | undefined;
  /** The provider that created a resource named in the path, when known. */
  pinned: string | undefined;
}): RelayCandidate[] {
  const { providers, modelTargets, pinned } = input;
  if (pinned !== undefined && providers.includes(pinned)) return [{ provider: pinned, model: undefined }];
  const targets = (modelTargets ?? []).filter((target) => providers.includes(target.provider));
  if (targets.length > 0) return targets.map((target) => ({ provider: target.provider, model: target.model }));
  return providers.map((provider) => ({ provider, model: undefined }));
}

/** What a relayed attempt's outcome means for the request. */
export type RelayStep = 'answer' | 'next';

/**
 * Whether to hand an upstream answer to the client or try the next provider: a failure to connect or answer, a
 * timeout, 408, 429, 5xx (529 included) and 401/403 (the credential is the gateway's, not the client's) move on; so
 * does a 404 unless the path names a resource of a known provider (it may live in another account). Other answers
 * are the client's: given as they are. The last provider's answer is always given.
 */
export function decideRelayStep(outcome: { status: number } | { failure: true }, pinned: boolean): RelayStep {
  if ('failure' in outcome) return 'next';
  const { status } = outcome;
  if (status === 408 || status === 429 || status >= 500 || status === 401 || status === 403) return 'next';
  if (status === 404 && !pinned) return 'next';
  return 'answer';
}
