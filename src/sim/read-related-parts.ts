import { partHeader, splitMultipart } from './split-multipart.ts';

/** One part of a `multipart/related` body. */
export interface RelatedPart {
  /** The part's `Content-Type`, if it has one. */
  contentType: string | undefined;
  /** The part's bytes. */
  data: Buffer;
}

/** Most parts read from one body. */
const maxParts = 8;

/**
 * Reads a `multipart/related` body (RFC 2387), the form of Google's multipart uploads (metadata, then media): its
 * parts in order, or undefined when the content type carries no boundary or the body is not well formed.
 */
export function readRelatedParts(body: Buffer, contentType: string | undefined): RelatedPart[] | undefined {
  return splitMultipart(body, contentType, 'related', maxParts)?.map((part) => ({
    contentType: partHeader(part.headers, 'content-type'),
    data: part.data,
  }));
}
