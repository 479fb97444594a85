/**
 * Reading a FEN into a Position (position.ts). The fields are checked as chess.js 1.4's
 * validateFen checks them, with its words, plus what the move generator needs to be sound
 * (position.ts): at most 16 pieces a side, castling rights only with the king and that rook at
 * home, an en-passant square only on an empty square behind an enemy pawn, and the side not to
 * move not in check. The counters must be written in digits (chess.js reads "5x" as 5).
 * A refusal is a value; nothing here throws on any string.
 */
import {
  BLACK, KING, PAWN, Position, ROOK, WHITE, attackedBy, put,
  BLACK_KINGSIDE, BLACK_QUEENSIDE, WHITE_KINGSIDE, WHITE_QUEENSIDE,
} from './position.ts';

export interface FenError { readonly error: string }

const PIECE_CODES: Record<string, number> = {
  P: 1, N: 2, B: 3, R: 4, Q: 5, K: 6, p: 9, n: 10, b: 11, r: 12, q: 13, k: 14,
};
const CASTLING_NEEDS: readonly { letter: string; right: number; king: number; rook: number; piece: string }[] = [
  { letter: 'K', right: WHITE_KINGSIDE, king: 0x04, rook: 0x07, piece: 'white' },
  { letter: 'Q', right: WHITE_QUEENSIDE, king: 0x04, rook: 0x00, piece: 'white' },
  { letter: 'k', right: BLACK_KINGSIDE, king: 0x74, rook: 0x77, piece: 'black' },
  { letter: 'q', right: BLACK_QUEENSIDE, king: 0x74, rook: 0x70, piece: 'black' },
];
const DIGITS = /^\d+$/;
/** The board being read, checked before the position is touched. */
const reading = new Int8Array(128);
/** A position to try a FEN on before `setFen` changes the one it was given. */
let trial: Position | undefined;

/** A new position from `fen`, or why it is not one. */
export function readFen(fen: string): Position | FenError {
  const position = new Position();
  const error = load(position, fen);
  return error === undefined ? position : { error };
}

/**
 * Sets `position` to `fen` (no allocation of a new position, e.g. to replay a game's kept FENs),
 * or leaves it unchanged and returns why `fen` is refused.
 */
export function setFen(position: Position, fen: string): string | undefined {
  trial ??= new Position();
  const error = load(trial, fen);
  if (error !== undefined) return error;
  copy(trial, position);
  return undefined;
}

function copy(from: Position, to: Position): void {
  to.board.set(from.board);
  to.squares.set(from.squares);
  to.count.set(from.count);
  to.slot.set(from.slot);
  to.king.set(from.king);
  to.turn = from.turn;
  to.castling = from.castling;
  to.enPassant = from.enPassant;
  to.halfmoves = from.halfmoves;
  to.fullmoves = from.fullmoves;
  to.ply = 0;
  to.listed = -1;
}

function load(position: Position, fen: unknown): string | undefined {
  if (typeof fen !== 'string') return 'Invalid FEN: not a string';
  if (fen.length > 200) return 'Invalid FEN: longer than any position needs';
  const fields = fen.split(/\s+/);
  if (fields.length !== 6) return 'Invalid FEN: must contain six space-delimited fields';
  const [placement, turn, castling, enPassant, halfmoves, fullmoves] = fields as [string, string, string, string, string, string];
  if (!DIGITS.test(fullmoves) || Number(fullmoves) <= 0) return 'Invalid FEN: move number must be a positive integer';
  if (!DIGITS.test(halfmoves)) return 'Invalid FEN: half move counter number must be a non-negative integer';
  if (!/^(-|[a-h][36])$/.test(enPassant)) return 'Invalid FEN: en-passant square is invalid';
  if (/[^kKqQ-]/.test(castling)) return 'Invalid FEN: castling availability is invalid';
  if (turn !== 'w' && turn !== 'b') return 'Invalid FEN: side-to-move is invalid';
  const problem = readPlacement(placement);
  if (problem) return problem;
  if ((enPassant[1] === '3' && turn === 'w') || (enPassant[1] === '6' && turn === 'b')) return 'Invalid FEN: illegal en-passant square';

  const counts = [0, 0];
  const kings = [0, 0];
  for (let square = 0; square < 128; square++) {
    const piece = reading[square];
    if (piece === 0) continue;
    counts[piece >> 3]++;
    if ((piece & 7) === KING) kings[piece >> 3]++;
    if ((piece & 7) === PAWN && (square >> 4 === 0 || square >> 4 === 7)) return 'Invalid FEN: some pawns are on the edge rows';
  }
  for (const side of [WHITE, BLACK]) {
    const name = side === WHITE ? 'white' : 'black';
    if (kings[side] === 0) return `Invalid FEN: missing ${name} king`;
    if (kings[side] > 1) return `Invalid FEN: too many ${name} kings`;
    if (counts[side] > 16) return `Invalid FEN: ${name} has more than 16 pieces`;
  }
  let rights = 0;
  for (const need of CASTLING_NEEDS) {
    if (!castling.includes(need.letter)) continue;
    const side = need.piece === 'white' ? WHITE : BLACK;
    if (reading[need.king] !== (KING | (side << 3)) || reading[need.rook] !== (ROOK | (side << 3))) {
      return `Invalid FEN: castling right ${need.letter} needs the ${need.piece} king and rook on their starting squares`;
    }
    rights |= need.right;
  }
  let target = -1;
  if (enPassant !== '-') {
    target = (enPassant.charCodeAt(1) - 49) * 16 + enPassant.charCodeAt(0) - 97;
    const mover = turn === 'w' ? BLACK : WHITE;
    const pawnSquare = mover === BLACK ? target - 16 : target + 16;
    if (reading[target] !== 0 || reading[pawnSquare] !== (PAWN | (mover << 3))) {
      return `Invalid FEN: no pawn can have just passed ${enPassant}`;
    }
  }

  position.board.fill(0);
  position.count.fill(0);
  for (let square = 0; square < 128; square++) {
    const piece = reading[square];
    if (piece !== 0) put(position, square, piece);
  }
  position.turn = turn === 'w' ? WHITE : BLACK;
  position.castling = rights;
  position.enPassant = target;
  position.halfmoves = Number(halfmoves);
  position.fullmoves = Number(fullmoves);
  position.ply = 0;
  position.listed = -1;
  if (attackedBy(position, position.king[position.turn ^ 1], position.turn)) return 'Invalid FEN: the side not to move is in check';
  return undefined;
}

/** Reads the first field into `reading`, checked as chess.js checks it (a digit 0 is allowed, as there). */
function readPlacement(placement: string): string | undefined {
  const rows = placement.split('/');
  if (rows.length !== 8) return "Invalid FEN: piece data does not contain 8 '/'-delimited rows";
  reading.fill(0);
  for (let row = 0; row < 8; row++) {
    const text = rows[row];
    let file = 0;
    let afterDigit = false;
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char >= '0' && char <= '9') {
        if (afterDigit) return 'Invalid FEN: piece data is invalid (consecutive number)';
        file += char.charCodeAt(0) - 48;
        afterDigit = true;
        continue;
      }
      if (!Object.hasOwn(PIECE_CODES, char)) return 'Invalid FEN: piece data is invalid (invalid piece)';
      if (file < 8) reading[(7 - row) * 16 + file] = PIECE_CODES[char];
      file++;
      afterDigit = false;
    }
    if (file !== 8) return 'Invalid FEN: piece data is invalid (too many squares in rank)';
  }
  return undefined;
}
