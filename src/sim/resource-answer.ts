import type { RenderedAnswer } from './rendered-answer.ts';
import type { TemplatePiece } from './response-template.ts';

/**
 * An answer sent as these exact bytes: no id or `"created":` slot is patched, since stored content (an uploaded file,
 * a batch's results) must come back as it was. `headers` are added to the vendor's usual ones.
 */
export function resourceAnswer(bytes: Buffer, contentType: string, headers?: readonly string[]): RenderedAnswer {
  const piece: TemplatePiece = { bytes, idOffsets: [], createdOffsets: [] };
  return {
    model: undefined,
    stream: false,
    contentType,
    template: { frames: [piece], joined: piece },
    firstContent: -1,
    lastContent: -1,
    outputTokens: 0,
    headers,
  };
}

/** A JSON answer of a resource endpoint, with `headers` added to the vendor's usual ones. */
export function resourceJson(value: unknown, headers?: readonly string[]): RenderedAnswer {
  return resourceAnswer(Buffer.from(JSON.stringify(value), 'utf8'), 'application/json', headers);
}
