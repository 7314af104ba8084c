/**
 * Encodes one Server-Sent Event: `event: <name>` (when named, as Anthropic does) and one `data:` line, blank-line
 * terminated. `data` must not contain a newline (compact JSON never does).
 */
export function sseFrame(event: string | undefined, data: string): Buffer {
  return Buffer.from(event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`, 'utf8');
}
