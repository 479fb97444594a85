/**
 * A move as a player wrote it, read before chess.js sees it and held against the move chess.js
 * then finds. chess.js 1.4 reads more than moves: its SAN reader plays "--" as a null move (a
 * pass), finds a move anywhere in the text ("e2e4 junk" is e4), and promotes to a knight when a
 * pawn move written with its origin names no piece ("e7e8", "exd8"); its move objects drop a
 * promotion piece that promotes nothing ({ from: e2, to: e4, promotion: q } is e4). So the whole
 * text must be one of the forms below, and the move played must promote exactly when the text
 * names a piece, and capture when the text writes x.
 *
 * UCI: from, to, and the promotion piece in lower case (e2e4, e7e8q); the piece is required.
 * SAN: as chess.js writes it (e4, Nf3, exd5, O-O-O, e8=Q, Qxf7#), and these usual variants:
 * castling with zeros (0-0); no "=" before the promotion piece (e8Q); a capture without x (Nf3
 * for Nxf3, ed5 for exd5); an origin file or rank that is not needed (Nge2); long algebraic
 * (e2e4, e2-e4, Ng1xf3, e7e8q). A check or mate sign and !/? marks may follow; they are not checked.
 *
 * The server reads moves with its own generator (move-notation.ts), which uses `readSan` and
 * `promotesUnnamed` from here; `readUci` and `disagreement` state the same rule against chess.js's
 * moves, for the tests that hold move-notation.ts to chess.js read this way.
 */
import type { Move, Square } from 'chess.js';

export type PromotionPiece = 'q' | 'r' | 'b' | 'n';

export interface WrittenMove {
  /** The piece letter (SAN), if any. */
  readonly piece: string | undefined;
  /** What the text gives of the origin: nothing, a file, a rank or a square. */
  readonly from: string;
  /** The destination; undefined for castling written as O-O or 0-0. */
  readonly to: Square | undefined;
  readonly capture: boolean;
  readonly promotion: PromotionPiece | undefined;
}

const UCI = /^([a-h][1-8])([a-h][1-8])([qrbn])?$/;
const SAN = /^(?:(?:O-O(?:-O)?|0-0(?:-0)?)|([NBRQK])?([a-h]?[1-8]?)([x-])?([a-h][1-8])(?:=?([NBRQ])|([nbrq]))?)[+#]?[!?]{0,2}$/;

export function readUci(text: string): (WrittenMove & { from: Square; to: Square }) | undefined {
  const parts = UCI.exec(text);
  if (!parts) return undefined;
  return { piece: undefined, from: parts[1] as Square, to: parts[2] as Square, capture: false, promotion: parts[3] as PromotionPiece | undefined };
}

export function readSan(text: string): WrittenMove | undefined {
  const parts = SAN.exec(text);
  if (!parts) return undefined;
  const [, piece, from = '', separator, to, promotion, lowerPromotion] = parts;
  // "-" joins the two squares of long algebraic only (e2-e4), never a file or rank to a square.
  if (separator === '-' && from.length !== 2) return undefined;
  return {
    piece, from, to: to as Square | undefined, capture: separator === 'x',
    promotion: (promotion?.toLowerCase() ?? lowerPromotion) as PromotionPiece | undefined,
  };
}

/** How the move chess.js found differs from what was written, or undefined when it does not. */
export function disagreement(move: Move, written: WrittenMove): string | undefined {
  if (written.promotion && !move.promotion) return 'promotes nothing: only a pawn reaching the last rank promotes';
  if (!written.promotion && move.promotion) return 'does not name the piece the pawn promotes to (q, r, b or n)';
  if (written.capture && !move.captured) return 'is written as a capture but captures nothing';
  return undefined;
}

/**
 * Whether the text moves a pawn of `turn` to its last rank without naming a piece: no piece
 * letter, the destination on the 8th rank (1st for black), and the origin, when written in
 * full, holding a pawn (`pawnOn`).
 */
export function promotesUnnamed(written: WrittenMove, turn: 'w' | 'b', pawnOn: (square: Square) => boolean): boolean {
  if (written.promotion || written.piece || !written.to) return false;
  if (written.to[1] !== (turn === 'w' ? '8' : '1')) return false;
  return written.from.length !== 2 || pawnOn(written.from as Square);
}
