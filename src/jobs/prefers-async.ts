/**
 * True when a `Prefer` header (RFC 7240) holds the `respond-async` preference, among others or with parameters
 * (`Prefer: respond-async, wait=5`). Several Prefer headers arrive joined by commas.
 */
export function prefersAsync(header: string | undefined): boolean {
  if (header === undefined) return false;
  for (const part of header.split(',')) {
    const token = part.split(';', 1)[0]!.split('=', 1)[0]!.trim().toLowerCase();
    if (token === 'respond-async') return true;
  }
  return false;
}
