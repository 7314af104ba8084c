import type { IncomingMessage } from 'node:http';

/** The first value of a header. */
export function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The key of an `Authorization: Bearer <key>` header, if the request carries one. */
export function bearerKey(request: IncomingMessage): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization === undefined || !authorization.startsWith('Bearer ')) return undefined;
  const key = authorization.slice(7).trim();
  return key.length > 0 ? key : undefined;
}

/** Google's key: `x-goog-api-key`, else the query's `key`. */
export function googleKey(request: IncomingMessage): string | undefined {
  const header = headerText(request.headers['x-goog-api-key']);
  if (header !== undefined && header.length > 0) return header;
  const url = request.url ?? '';
  const mark = url.indexOf('?');
  const key = mark === -1 ? null : new URLSearchParams(url.slice(mark + 1)).get('key');
  return key !== null && key.length > 0 ? key : undefined;
}

/**
 * The credential of a request (`x-api-key`, `Authorization: Bearer`, Azure's `api-key`, Google's `x-goog-api-key` or
 * `?key=`): the simulated account that owns the files and batches it creates. Empty when the request carries none.
 */
export function credentialOf(request: IncomingMessage): string {
  const apiKey = headerText(request.headers['x-api-key']);
  if (apiKey !== undefined && apiKey.length > 0) return apiKey;
  return bearerKey(request) ?? headerText(request.headers['api-key']) ?? googleKey(request) ?? '';
}
