/**
 * A chess position for the server's own move generator (move-generation.ts, move-notation.ts):
 * the per-move path without chess.js's cost (an object per candidate move, a BigInt hash per
 * change). chess.js stays the reference for the rules: the tests compare this with it move for
 * move (perft, random games).
 *
 * The board is 0x88: square = rank * 16 + file (a1 = 0, h1 = 7, a8 = 0x70), so a step off the
 * board sets a bit of 0x88 and one table indexed by the difference of two squares says which
 * pieces could attack along it and in which step (ATTACKS, STEPS). A piece is type | side << 3
 * (white 1..6, black 9..14, 0 empty). Each side keeps the squares of its pieces in a list (white
 * at 0..15, black at 16..31, `slot` gives a square's place in it), so generation and attack tests
 * visit pieces, not squares.
 *
 * A move is one small integer (see `encodeMove`): from, to, the piece, what it captures, the
 * promotion and a special kind. `doMove`/`undoMove` change the position in place and keep what an
 * undo needs in preallocated typed arrays: nothing on this path allocates.
 *
 * A position this module holds always has one king a side, at most 16 pieces a side, castling
 * rights only with the king and that rook at home, an en-passant square only behind a pawn that
 * could have just stepped two squares, and the side not to move out of check; `setFen` refuses
 * any other (chess.js would load some of them; the server refuses them too, position-check.ts).
 */

export const WHITE = 0;
export const BLACK = 1;

export const PAWN = 1;
export const KNIGHT = 2;
export const BISHOP = 3;
export const ROOK = 4;
export const QUEEN = 5;
export const KING = 6;

/** Castling rights, one bit each. */
export const WHITE_KINGSIDE = 1;
export const WHITE_QUEENSIDE = 2;
export const BLACK_KINGSIDE = 4;
export const BLACK_QUEENSIDE = 8;

/** Special kinds of move (bits 23..25 of a move). */
export const DOUBLE_STEP = 1;
export const EN_PASSANT = 2;
export const CASTLE_KINGSIDE = 3;
export const CASTLE_QUEENSIDE = 4;

/** Room for the legal moves of any position `setFen` accepts (16 pieces a side: under 15 × 27 + 10). */
export const MAX_MOVES = 512;
/** How many moves `doMove` can keep for undoing (perft depth, a move tried for its SAN). */
export const MAX_PLY = 32;

export const KNIGHT_STEPS: readonly number[] = [33, 31, 18, 14, -14, -18, -31, -33];
export const KING_STEPS: readonly number[] = [1, 15, 16, 17, -1, -15, -16, -17];
export const BISHOP_STEPS: readonly number[] = [15, 17, -15, -17];
export const ROOK_STEPS: readonly number[] = [1, 16, -1, -16];

const WHITE_PAWN_BIT = 1;
const BLACK_PAWN_BIT = 2;
const KNIGHT_BIT = 4;
const BISHOP_BIT = 8;
const ROOK_BIT = 16;
const QUEEN_BIT = 32;
const KING_BIT = 64;

/** Indexed by target − attacker + 119: which pieces attack along that difference (ignoring blockers). */
export const ATTACKS = new Uint8Array(239);
/** Indexed the same way: the unit step from attacker to target on a line, 0 off the lines. */
export const STEPS = new Int8Array(239);
/** The ATTACKS bit of each piece code. */
export const PIECE_BITS = new Uint8Array(16);
/** Castling rights kept when a move leaves or lands on a square (its king's or rook's home). */
const CASTLING_KEPT = new Uint8Array(128).fill(15);

for (let from = 0; from < 128; from++) {
  if (from & 0x88) continue;
  for (const step of KING_STEPS) {
    const line = step === 1 || step === -1 || step === 16 || step === -16 ? ROOK_BIT : BISHOP_BIT;
    for (let to = from + step, first = true; !(to & 0x88); to += step, first = false) {
      ATTACKS[to - from + 119] |= line | QUEEN_BIT | (first ? KING_BIT : 0);
      STEPS[to - from + 119] = step;
    }
  }
  for (const step of KNIGHT_STEPS) if (!((from + step) & 0x88)) ATTACKS[step + 119] |= KNIGHT_BIT;
}
ATTACKS[15 + 119] |= WHITE_PAWN_BIT;
ATTACKS[17 + 119] |= WHITE_PAWN_BIT;
ATTACKS[-15 + 119] |= BLACK_PAWN_BIT;
ATTACKS[-17 + 119] |= BLACK_PAWN_BIT;
for (const [type, bit] of [[KNIGHT, KNIGHT_BIT], [BISHOP, BISHOP_BIT], [ROOK, ROOK_BIT], [QUEEN, QUEEN_BIT], [KING, KING_BIT]] as const) {
  PIECE_BITS[type] = bit;
  PIECE_BITS[type | 8] = bit;
}
PIECE_BITS[PAWN] = WHITE_PAWN_BIT;
PIECE_BITS[PAWN | 8] = BLACK_PAWN_BIT;
CASTLING_KEPT[0x04] = 15 & ~(WHITE_KINGSIDE | WHITE_QUEENSIDE);
CASTLING_KEPT[0x07] = 15 & ~WHITE_KINGSIDE;
CASTLING_KEPT[0x00] = 15 & ~WHITE_QUEENSIDE;
CASTLING_KEPT[0x74] = 15 & ~(BLACK_KINGSIDE | BLACK_QUEENSIDE);
CASTLING_KEPT[0x77] = 15 & ~BLACK_KINGSIDE;
CASTLING_KEPT[0x70] = 15 & ~BLACK_QUEENSIDE;

/** "a1".."h8" by 0x88 square (empty strings off the board): names are never built per move. */
export const SQUARE_NAMES: readonly string[] = Array.from({ length: 128 }, (_, square) =>
  square & 0x88 ? '' : 'abcdefgh'[square & 7] + String((square >> 4) + 1));
/** FEN letters by piece code. */
export const PIECE_CHARS = ' PNBRQK  pnbrqk ';
const CASTLING_TEXT: readonly string[] = Array.from({ length: 16 }, (_, rights) =>
  ['K', 'Q', 'k', 'q'].filter((_, bit) => rights & (1 << bit)).join('') || '-');

/** The square a name like "e4" stands for, or -1. */
export function squareOf(name: string, at = 0): number {
  const file = name.charCodeAt(at) - 97;
  const rank = name.charCodeAt(at + 1) - 49;
  return file >= 0 && file < 8 && rank >= 0 && rank < 8 ? rank * 16 + file : -1;
}

export function encodeMove(from: number, to: number, piece: number, captured: number, promotion: number, special: number): number {
  return from | (to << 7) | (piece << 14) | (captured << 17) | (promotion << 20) | (special << 23);
}
export function moveFrom(move: number): number { return move & 0x7f; }
export function moveTo(move: number): number { return (move >> 7) & 0x7f; }
/** The type of the piece that moves (a pawn for a promotion). */
export function movePiece(move: number): number { return (move >> 14) & 7; }
/** The type of the piece taken (a pawn for en passant), 0 if none. */
export function moveCaptured(move: number): number { return (move >> 17) & 7; }
export function movePromotion(move: number): number { return (move >> 20) & 7; }
export function moveSpecial(move: number): number { return (move >> 23) & 7; }

export class Position {
  /** The piece on each 0x88 square, 0 when empty. */
  readonly board = new Int8Array(128);
  /** The squares of each side's pieces: white's from 0, black's from 16, `count` of each in use. */
  readonly squares = new Int8Array(32);
  readonly count = new Int8Array(2);
  /** Where the piece on a square is in its side's list. */
  readonly slot = new Int8Array(128);
  readonly king = new Int8Array(2);
  turn = WHITE;
  castling = 0;
  /** The square a pawn just passed in a double step when an enemy pawn stands beside it, else -1. */
  enPassant = -1;
  halfmoves = 0;
  fullmoves = 1;
  /** Moves made with doMove and not undone yet. */
  ply = 0;
  /**
   * Per ply: the move, the piece it took, the castling rights and en-passant square before it.
   * Two plies more than MAX_PLY: a move tried for its SAN, and an en-passant capture tried for legality.
   */
  readonly history = new Int32Array((MAX_PLY + 2) * 4);
  readonly historyHalfmoves = new Float64Array(MAX_PLY + 2);
  /**
   * The legal moves of this position once listed (move-generation.ts), `listed` of them; -1 when
   * not listed. makeMove, unmakeMove, playMove and setFen reset it; doMove and undoMove leave it.
   */
  readonly moves = new Int32Array(MAX_MOVES);
  listed = -1;
}

/** Puts `piece` on the empty `square`, listing it with its side's pieces. */
export function put(position: Position, square: number, piece: number): void {
  const side = piece >> 3;
  const index = (side << 4) + position.count[side]++;
  position.squares[index] = square;
  position.slot[square] = index;
  position.board[square] = piece;
  if ((piece & 7) === KING) position.king[side] = square;
}

function take(position: Position, square: number): void {
  const side = position.board[square] >> 3;
  const last = (side << 4) + --position.count[side];
  const moved = position.squares[last];
  const index = position.slot[square];
  position.squares[index] = moved;
  position.slot[moved] = index;
  position.board[square] = 0;
}

function shift(position: Position, from: number, to: number): void {
  const index = position.slot[from];
  position.board[to] = position.board[from];
  position.board[from] = 0;
  position.squares[index] = to;
  position.slot[to] = index;
}

/** Plays `move` (a legal move of this position) and keeps what `undoMove` needs. */
export function doMove(position: Position, move: number): void {
  const board = position.board;
  const us = position.turn;
  const from = move & 0x7f;
  const to = (move >> 7) & 0x7f;
  const piece = (move >> 14) & 7;
  const special = (move >> 23) & 7;
  const record = position.ply * 4;
  let taken = 0;
  position.history[record] = move;
  position.history[record + 2] = position.castling;
  position.history[record + 3] = position.enPassant;
  position.historyHalfmoves[position.ply++] = position.halfmoves;
  if (special === EN_PASSANT) {
    const square = us === WHITE ? to - 16 : to + 16;
    taken = board[square];
    take(position, square);
  } else if (board[to] !== 0) {
    taken = board[to];
    take(position, to);
  }
  position.history[record + 1] = taken;
  shift(position, from, to);
  const promotion = (move >> 20) & 7;
  if (promotion !== 0) board[to] = promotion | (us << 3);
  if (piece === KING) {
    position.king[us] = to;
    if (special === CASTLE_KINGSIDE) shift(position, from + 3, from + 1);
    else if (special === CASTLE_QUEENSIDE) shift(position, from - 4, from - 1);
  }
  position.castling &= CASTLING_KEPT[from] & CASTLING_KEPT[to];
  position.enPassant = -1;
  if (special === DOUBLE_STEP) {
    const enemyPawn = PAWN | ((us ^ 1) << 3);
    if ((!((to + 1) & 0x88) && board[to + 1] === enemyPawn) || (!((to - 1) & 0x88) && board[to - 1] === enemyPawn)) {
      position.enPassant = (from + to) >> 1;
    }
  }
  position.halfmoves = piece === PAWN || taken !== 0 ? 0 : position.halfmoves + 1;
  if (us === BLACK) position.fullmoves++;
  position.turn = us ^ 1;
}

/** Takes back the last move `doMove` played. */
export function undoMove(position: Position): void {
  const board = position.board;
  const record = --position.ply * 4;
  const move = position.history[record];
  const them = position.turn;
  const us = them ^ 1;
  const from = move & 0x7f;
  const to = (move >> 7) & 0x7f;
  const special = (move >> 23) & 7;
  position.turn = us;
  if (us === BLACK) position.fullmoves--;
  position.halfmoves = position.historyHalfmoves[position.ply];
  position.castling = position.history[record + 2];
  position.enPassant = position.history[record + 3];
  if ((move >> 20) & 7) board[to] = PAWN | (us << 3);
  shift(position, to, from);
  if (((move >> 14) & 7) === KING) {
    position.king[us] = from;
    if (special === CASTLE_KINGSIDE) shift(position, from + 1, from + 3);
    else if (special === CASTLE_QUEENSIDE) shift(position, from - 1, from - 4);
  }
  const taken = position.history[record + 1];
  if (taken !== 0) put(position, special === EN_PASSANT ? (us === WHITE ? to - 16 : to + 16) : to, taken);
}

/** Whether a piece of `side` attacks `square` (pieces of `side` only; a king counts). */
export function attackedBy(position: Position, square: number, side: number): boolean {
  const board = position.board;
  const squares = position.squares;
  const end = (side << 4) + position.count[side];
  for (let i = side << 4; i < end; i++) {
    const from = squares[i];
    const piece = board[from];
    const index = square - from + 119;
    if ((ATTACKS[index] & PIECE_BITS[piece]) === 0) continue;
    const type = piece & 7;
    if (type < BISHOP || type === KING) return true;
    const step = STEPS[index];
    let at = from + step;
    while (at !== square && board[at] === 0) at += step;
    if (at === square) return true;
  }
  return false;
}

export function inCheck(position: Position): boolean {
  return attackedBy(position, position.king[position.turn], position.turn ^ 1);
}

/**
 * Whether the side to move may take en passant now: a pawn of its own beside the pawn that just
 * stepped two squares, whose capture leaves its king safe. chess.js writes the FEN's en-passant
 * square only then, and FIDE counts positions as the same only then.
 */
export function enPassantPlayable(position: Position): boolean {
  const target = position.enPassant;
  if (target < 0) return false;
  const us = position.turn;
  const pawn = PAWN | (us << 3);
  const beside = us === WHITE ? target - 16 : target + 16;
  for (const side of [-1, 1]) {
    const from = beside + side;
    if ((from & 0x88) || position.board[from] !== pawn) continue;
    doMove(position, encodeMove(from, target, PAWN, PAWN, 0, EN_PASSANT));
    const safe = !attackedBy(position, position.king[us], us ^ 1);
    undoMove(position);
    if (safe) return true;
  }
  return false;
}

/**
 * The position as FIDE compares positions for repetition (article 9.2): the pieces, the side to
 * move, the castling rights and the en-passant square when the capture is legal. It is the FEN
 * without its two counters, exactly as chess.js writes it.
 */
export function positionKey(position: Position): string {
  const board = position.board;
  let text = '';
  for (let rank = 7; rank >= 0; rank--) {
    let empty = 0;
    for (let square = rank * 16; square < rank * 16 + 8; square++) {
      const piece = board[square];
      if (piece === 0) {
        empty++;
        continue;
      }
      if (empty > 0) text += empty;
      empty = 0;
      text += PIECE_CHARS[piece];
    }
    if (empty > 0) text += empty;
    if (rank > 0) text += '/';
  }
  text += position.turn === WHITE ? ' w ' : ' b ';
  text += CASTLING_TEXT[position.castling];
  text += enPassantPlayable(position) ? ' ' + SQUARE_NAMES[position.enPassant] : ' -';
  return text;
}

/** The FEN of the position, character for character what chess.js 1.4's fen() writes. */
export function fenOf(position: Position): string {
  return positionKey(position) + ' ' + position.halfmoves + ' ' + position.fullmoves;
}
