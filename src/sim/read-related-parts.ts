/** One part of a `multipart/related` body. */
export interface RelatedPart {
  /** The part's `Content-Type`, if it has one. */
  contentType: string | undefined;
  /** The part's bytes. */
  data: Buffer;
}

/** Most parts read from one body. */
const maxParts = 8;

const boundaryPattern = /boundary=(?:"([^"]+)"|([^;\s]+))/i;
const crlf = Buffer.from('\r\n', 'latin1');
const headersEnd = Buffer.from('\r\n\r\n', 'latin1');

function contentTypeIn(headers: string): string | undefined {
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon !== -1 && line.slice(0, colon).trim().toLowerCase() === 'content-type') {
      return line.slice(colon + 1).trim();
    }
  }
  return undefined;
}

/**
 * Reads a `multipart/related` body (RFC 2387), the form of Google's multipart uploads (metadata, then media): its
 * parts in order, or undefined when the content type carries no boundary or the body is not well formed.
 */
export function readRelatedParts(body: Buffer, contentType: string | undefined): RelatedPart[] | undefined {
  const match = contentType === undefined ? null : boundaryPattern.exec(contentType);
  if (match === null || !contentType!.toLowerCase().startsWith('multipart/related')) return undefined;
  const delimiter = Buffer.from(`--${match[1] ?? match[2]}`, 'latin1');
  const nextDelimiter = Buffer.concat([crlf, delimiter]);
  let at = body.indexOf(delimiter);
  if (at === -1) return undefined;
  at += delimiter.length;
  const parts: RelatedPart[] = [];
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
    const headers = headerEnd > headerStart ? body.toString('utf8', headerStart, headerEnd) : '';
    parts.push({ contentType: contentTypeIn(headers), data: body.subarray(dataStart, dataEnd) });
    at = dataEnd + nextDelimiter.length;
  }
  return undefined;
}
