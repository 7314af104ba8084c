import type { VendorHeaderOptions } from './vendor-header-options.ts';

/**
 * Response headers of the Gemini API as a flat `[name, value, ...]` list: Google sends no request id and no rate-limit
 * headers, only `server-timing` and its server name.
 */
export function geminiHeaders(options: VendorHeaderOptions): string[] {
  return [
    'content-type',
    options.contentType,
    'server-timing',
    `gfet4t7; dur=${Math.round(options.processingMs)}`,
    'server',
    'scaffolding on HTTPServer2',
    'x-content-type-options',
    'nosniff',
  ];
}
