/** One part of a `multipart/form-data` body. */
export interface MultipartPart {
  /** The form field name. */
  name: string;
  /** The file name, for a file part. */
  filename: string | undefined;
  /** The part's `Content-Type`, if it has one. */
  contentType: string | undefined;
  /** The part's bytes. */
  data: Buffer;
}

/** Most parts read from one body. */
const maxParts = 32;

const boundaryPattern = /boundary=(?:"([^"]+)"|([^;\s]+))/i;
const crlf = Buffer.from('\r\n', 'latin1');
const headersEnd = Buffer.from('\r\n\r\n', 'latin1');

function parameterPatterns(key: string): { extended: RegExp; plain: RegExp } {
  return {
    extended: new RegExp(`;\\s*${key}\\*=(?:UTF-8|utf-8)''([^;]*)`),
    plain: new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`),
  };
}

const namePatterns = parameterPatterns('name');
const filenamePatterns = parameterPatterns('filename');
const quotedPair = /\\(.)/g;

function dispositionParameter(disposition: string, patterns: { extended: RegExp; plain: RegExp }): string | undefined {
  const extended = patterns.extended.exec(disposition);
  if (extended !== null) {
    try {
      return decodeURIComponent(extended[1]!);
    } catch {
      return extended[1];
    }
  }
  const plain = patterns.plain.exec(disposition);
  if (plain === null) return undefined;
  return plain[1] !== undefined ? plain[1].replace(quotedPair, '$1') : plain[2]?.trim();
}

function readHeaders(text: string): { disposition: string; contentType: string | undefined } {
  let disposition = '';
  let contentType: string | undefined;
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = value;
    else if (name === 'content-type') contentType = value;
  }
  return { disposition, contentType };
}

/**
 * Reads a `multipart/form-data` body (RFC 7578): its parts in order, or undefined when the content type carries no
 * boundary or the body is not well formed.
 */
export function readMultipart(body: Buffer, contentType: string | undefined): MultipartPart[] | undefined {
  const match = contentType === undefined ? null : boundaryPattern.exec(contentType);
  if (match === null || !contentType!.toLowerCase().startsWith('multipart/form-data')) return undefined;
  const delimiter = Buffer.from(`--${match[1] ?? match[2]}`, 'latin1');
  const nextDelimiter = Buffer.concat([crlf, delimiter]);
  let at = body.indexOf(delimiter);
  if (at === -1) return undefined;
  at += delimiter.length;
  const parts: MultipartPart[] = [];
  while (parts.length < maxParts) {
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts;
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) return undefined;
    const headerStart = at + 2;
    const headerEnd = body.indexOf(headersEnd, headerStart);
    if (headerEnd === -1) return undefined;
    const dataStart = headerEnd + headersEnd.length;
    const dataEnd = body.indexOf(nextDelimiter, dataStart);
    if (dataEnd === -1) return undefined;
    const headers = readHeaders(body.toString('utf8', headerStart, headerEnd));
    const name = dispositionParameter(headers.disposition, namePatterns);
    if (name === undefined) return undefined;
    parts.push({
      name,
      filename: dispositionParameter(headers.disposition, filenamePatterns),
      contentType: headers.contentType,
      data: body.subarray(dataStart, dataEnd),
    });
    at = dataEnd + nextDelimiter.length;
  }
  return undefined;
}
