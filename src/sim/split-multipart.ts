/** One raw part of a multipart body: its header block (CRLF-separated lines, '' for none) and its bytes. */
export interface RawPart {
  headers: string;
  data: Buffer;
}

const boundaryPattern = /boundary=(?:"([^"]+)"|([^;\s]+))/i;
const crlf = Buffer.from('\r\n', 'latin1');
const headersEnd = Buffer.from('\r\n\r\n', 'latin1');

/**
 * Splits a `multipart/<subtype>` body (RFC 2046 §5.1) into its parts, in order: undefined when the content type is
 * another one or carries no boundary, the body is not well formed, or it has more than `maxParts` parts.
 */
export function splitMultipart(
  body: Buffer,
  contentType: string | undefined,
  subtype: 'form-data' | 'related',
  maxParts: number,
): RawPart[] | undefined {
  const match = contentType === undefined ? null : boundaryPattern.exec(contentType);
  if (match === null || !contentType!.toLowerCase().startsWith(`multipart/${subtype}`)) return undefined;
  const delimiter = Buffer.from(`--${match[1] ?? match[2]}`, 'latin1');
  const nextDelimiter = Buffer.concat([crlf, delimiter]);
  let at = body.indexOf(delimiter);
  if (at === -1) return undefined;
  at += delimiter.length;
  const parts: RawPart[] = [];
  while (parts.length < maxParts) {
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts;
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) return undefined;
    const headerStart = at + 2;
    // A part without headers starts with its blank line at once.
    const headerEnd =
      body.indexOf(crlf, headerStart) === headerStart ? headerStart - 2 : body.indexOf(headersEnd, headerStart);
    if (headerEnd === -1) return undefined;
    const dataStart = headerEnd + headersEnd.length;
    const dataEnd = body.indexOf(nextDelimiter, dataStart);
    if (dataEnd === -1) return undefined;
    parts.push({
      headers: headerEnd > headerStart ? body.toString('utf8', headerStart, headerEnd) : '',
      data: body.subarray(dataStart, dataEnd),
    });
    at = dataEnd + nextDelimiter.length;
  }
  return undefined;
}

/** The value of header `name` (lower case) in a part's header block. */
export function partHeader(headers: string, name: string): string | undefined {
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon !== -1 && line.slice(0, colon).trim().toLowerCase() === name) return line.slice(colon + 1).trim();
  }
  return undefined;
}
