import { partHeader, splitMultipart } from './split-multipart.ts';

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

/**
 * Reads a `multipart/form-data` body (RFC 7578): its parts in order, or undefined when the content type carries no
 * boundary or the body is not well formed.
 */
export function readMultipart(body: Buffer, contentType: string | undefined): MultipartPart[] | undefined {
  const raw = splitMultipart(body, contentType, 'form-data', maxParts);
  if (raw === undefined) return undefined;
  const parts: MultipartPart[] = [];
  for (const part of raw) {
    const disposition = partHeader(part.headers, 'content-disposition') ?? '';
    const name = dispositionParameter(disposition, namePatterns);
    if (name === undefined) return undefined;
    parts.push({
      name,
      filename: dispositionParameter(disposition, filenamePatterns),
      contentType: partHeader(part.headers, 'content-type'),
      data: part.data,
    });
  }
  return parts;
}
