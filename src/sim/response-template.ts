import { idSlot, idSuffixLength } from './ids.ts';

/** Bytes of a response part with the places where each response writes its own id and creation time. */
export interface TemplatePiece {
  /** The cached bytes, with `idSlot` where ids go. */
  bytes: Buffer;
  /** Byte offsets of each `idSlot`. */
  idOffsets: number[];
  /** Byte offsets of the 10 digits after each `"created":`. */
  createdOffsets: number[];
}

/** A rendered body or stream, cached once and filled per response. */
export interface ResponseTemplate {
  /** Each SSE frame (a JSON body is one frame). */
  frames: TemplatePiece[];
  /** Every frame joined, for the unpaced path. */
  joined: TemplatePiece;
}

const idSlotBytes = Buffer.from(idSlot, 'latin1');
const createdKey = Buffer.from('"created":', 'latin1');

function offsetsOf(bytes: Buffer, needle: Buffer, shift: number): number[] {
  const offsets: number[] = [];
  let at = bytes.indexOf(needle);
  while (at !== -1) {
    offsets.push(at + shift);
    at = bytes.indexOf(needle, at + needle.length);
  }
  return offsets;
}

function toPiece(bytes: Buffer): TemplatePiece {
  return {
    bytes,
    idOffsets: offsetsOf(bytes, idSlotBytes, 0),
    createdOffsets: offsetsOf(bytes, createdKey, createdKey.length),
  };
}

/** Builds a template from frames rendered with `idSlot` ids. */
export function createResponseTemplate(frames: Buffer[]): ResponseTemplate {
  return { frames: frames.map(toPiece), joined: toPiece(Buffer.concat(frames)) };
}

/** What one response writes into the slots of a template. */
export interface TemplateFill {
  /** Unique id part, `idSuffixLength` characters. */
  idSuffix: string;
  /** Creation time in epoch seconds. */
  createdSeconds: number;
}

/** The bytes of a piece for one response: shared when it has no slots, else a patched copy. */
export function fillPiece(piece: TemplatePiece, fill: TemplateFill): Buffer {
  const { idSuffix, createdSeconds } = fill;
  if (piece.idOffsets.length === 0 && piece.createdOffsets.length === 0) return piece.bytes;
  const copy = Buffer.allocUnsafe(piece.bytes.length);
  piece.bytes.copy(copy);
  for (const offset of piece.idOffsets) copy.write(idSuffix, offset, idSuffixLength, 'latin1');
  const created = String(createdSeconds);
  if (created.length === 10) {
    for (const offset of piece.createdOffsets) copy.write(created, offset, 10, 'latin1');
  }
  return copy;
}
