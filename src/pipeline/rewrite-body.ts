import type { TranslationWarning } from '../core/canonical.ts';
import type { GatewayRequest } from '../core/gateway-request.ts';
import type { ProviderAdapter } from '../core/provider-adapter.ts';
import type { TranslatedTarget } from './translate.ts';

type RewriteBody = NonNullable<ProviderAdapter['rewriteBody']>;

/**
 * A pass-through body rewritten for the target's quirks, or undefined when none applies: then the client's bytes
 * (or the model-rewritten copy) go upstream as before. The client body was parsed once already; nothing is re-parsed.
 */
export function passThroughBody(
  request: GatewayRequest,
  model: string,
  rewriteBody: RewriteBody,
): { body: string; warnings: TranslationWarning[] } | undefined {
  const rewritten = rewriteBody(request.body, request.operation);
  if (rewritten === undefined) return undefined;
  return { body: JSON.stringify({ ...rewritten.body, model }), warnings: rewritten.warnings };
}

/** A translated exchange whose upstream body is rewritten for the target's quirks, their losses added to its warnings. */
export function rewriteTranslated(translated: TranslatedTarget, rewriteBody: RewriteBody): TranslatedTarget {
  const rewritten = rewriteBody(JSON.parse(translated.body) as Record<string, unknown>, translated.operation);
  if (rewritten === undefined) return translated;
  // The translator adds stream_options itself to get usage; dropping it loses nothing the client asked for.
  const losses = rewritten.warnings.filter((warning) => warning.field !== 'stream_options');
  return { ...translated, body: JSON.stringify(rewritten.body), warnings: [...translated.warnings, ...losses] };
}
