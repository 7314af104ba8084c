import type { VendorHeaderOptions } from './vendor-header-options.ts';

/**
 * Response headers of the OpenAI API as a flat `[name, value, ...]` list: `x-request-id`, `openai-processing-ms`,
 * `openai-version` and the `x-ratelimit-*` family with Go-duration resets. `exhausted` reports no requests left (a 429).
 * @see https://platform.openai.com/docs/guides/rate-limits
 */
export function openAiHeaders(options: VendorHeaderOptions): string[] {
  const { requestId, contentType, processingMs, exhausted } = options;
  return [
    'x-request-id',
    requestId,
    'openai-organization',
    'outlast-sim',
    'openai-processing-ms',
    String(Math.round(processingMs)),
    'openai-version',
    '2020-10-01',
    'content-type',
    contentType,
    'x-ratelimit-limit-requests',
    '10000',
    'x-ratelimit-remaining-requests',
    exhausted ? '0' : '9999',
    'x-ratelimit-reset-requests',
    exhausted ? '6m0s' : '6ms',
    'x-ratelimit-limit-tokens',
    '30000000',
    'x-ratelimit-remaining-tokens',
    exhausted ? '0' : '29999000',
    'x-ratelimit-reset-tokens',
    exhausted ? '6m0s' : '0s',
  ];
}
