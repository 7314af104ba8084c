import { resetTimestamp } from './reset-timestamp.ts';
import type { VendorHeaderOptions } from './vendor-header-options.ts';

/** Organization id the simulator reports. */
const organizationId = '00000000-0000-4000-8000-0000000051a1';

/**
 * Response headers of the Messages API as a flat `[name, value, ...]` list: `request-id`,
 * `anthropic-organization-id`, content type and the rate-limit families (requests, tokens, input and output tokens)
 * with RFC 3339 resets. `exhausted` reports no requests left (a 429).
 * @see https://platform.claude.com/docs/en/api/rate-limits
 */
export function anthropicHeaders(options: VendorHeaderOptions): string[] {
  const { requestId, contentType, exhausted } = options;
  const reset = resetTimestamp();
  return [
    'request-id',
    requestId,
    'anthropic-organization-id',
    organizationId,
    'content-type',
    contentType,
    'anthropic-ratelimit-requests-limit',
    '4000',
    'anthropic-ratelimit-requests-remaining',
    exhausted ? '0' : '3999',
    'anthropic-ratelimit-requests-reset',
    reset,
    'anthropic-ratelimit-tokens-limit',
    '2000000',
    'anthropic-ratelimit-tokens-remaining',
    exhausted ? '0' : '1999000',
    'anthropic-ratelimit-tokens-reset',
    reset,
    'anthropic-ratelimit-input-tokens-limit',
    '1600000',
    'anthropic-ratelimit-input-tokens-remaining',
    exhausted ? '0' : '1599000',
    'anthropic-ratelimit-input-tokens-reset',
    reset,
    'anthropic-ratelimit-output-tokens-limit',
    '400000',
    'anthropic-ratelimit-output-tokens-remaining',
    exhausted ? '0' : '399000',
    'anthropic-ratelimit-output-tokens-reset',
    reset,
  ];
}
