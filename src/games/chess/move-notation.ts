/**
 * Moves of the server's own generator (move-generation.ts) as text, and text as moves, exactly as
 * the server reads and writes them through chess.js 1.4 today:
 *
 * - `sanOf`: SAN as chess.js writes it (a piece's origin file, else rank, else square when another
 *   piece of its kind reaches the same square; `x`; `=Q`; `O-O`; `+`, or `#` for mate).
 * - `moveFromUci`: what game.ts plays for a UCI text: the legal move from, to, and the promotion
 *   piece exactly when the move promotes.
 * - `findSanMove`: the move chess.js's move(text) plays in its default mode (its SAN reader,
 *   then its permissive reader, which finds "Nf3" for Nxf3, "Nge2", "e2e4", "ed5"...), for the
 *   texts move-text.ts lets through.
 * - `moveFromSan`: what game.ts plays for a SAN text: move-text.ts's form, then `findSanMove`,
 *   then the move held to what the text says (the promotion it names, the capture it writes).
 *
 * A refusal is a short code (`MoveRefusal`), never a throw. Only the strings returned allocate on
 * the UCI path; reading SAN allocates its regular-expression matches.
 */
import { generateMoves, legalMoves, scratch } from './move-generation.ts';
import { promotesUnnamed, readSan } from './move-text.ts';
import {
  BISHOP, CASTLE_KINGSIDE, CASTLE_QUEENSIDE, KING, KNIGHT, PAWN, QUEEN, ROOK, SQUARE_NAMES, WHITE, doMove, inCheck,
  moveCaptured, moveFrom, movePiece, movePromotion, moveSpecial, moveTo, squareOf, undoMove,
  type Position,
} from './position.ts';
import type { Square } from 'chess.js';

/** Why a text names no move to play. */
export type MoveRefusal =
  /** Not UCI (e2e4, e7e8q) or not SAN in the forms move-text.ts accepts. */
  | 'malformed'
  /** No legal move fits the text. */
  | 'illegal'
  /** A pawn move to the last rank that names no piece (e7e8, e8). */
  | 'promotion-unnamed'
  /** A piece named for a move that promotes nothing (e2e4q). */
  | 'promotion-needless'
  /** Written with x, and it takes nothing. */
  | 'capture-nothing';

const LETTERS = '  NBRQK';
const PROMOTION_LETTERS = '  nbrq';
const LOWER_TYPES: Record<string, number> = { p: PAWN, n: KNIGHT, b: BISHOP, r: ROOK, q: QUEEN, k: KING };
/** chess.js's permissive reader: a move from a square (Pe2-e4, Rc1c4, f7f8q), else from a file or rank. */
const FROM_SQUARE = /([pnbrqkPNBRQK])?([a-h][1-8])x?-?([a-h][1-8])([qrbnQRBN])?/;
const FROM_PART = /([pnbrqkPNBRQK])?([a-h]?[1-8]?)x?-?([a-h][1-8])([qrbnQRBN])?/;
const TWO_SQUARES = /[a-h]\d.*[a-h]\d/;

export function uciOf(move: number): string {
  const promotion = movePromotion(move);
  const uci = SQUARE_NAMES[moveFrom(move)] + SQUARE_NAMES[moveTo(move)];
  return promotion === 0 ? uci : uci + PROMOTION_LETTERS[promotion];
}

/** The SAN of `move`, a legal move of `position` (its list is generated once and kept, move-generation.ts). */
export function sanOf(position: Position, move: number): string {
  let san = sanBody(move, position.moves, 0, legalMoves(position), true);
  doMove(position, move);
  if (inCheck(position)) san += generateMoves(position, scratch, 0) > 0 ? '+' : '#';
  undoMove(position);
  return san;
}

/** SAN without the check sign; without the "=" of a promotion when not `equals` (chess.js's stripped SAN). */
function sanBody(move: number, list: Int32Array, start: number, count: number, equals: boolean): string {
  const special = moveSpecial(move);
  if (special === CASTLE_KINGSIDE) return 'O-O';
  if (special === CASTLE_QUEENSIDE) return 'O-O-O';
  const piece = movePiece(move);
  const from = moveFrom(move);
  let san = piece === PAWN ? '' : LETTERS[piece] + origin(move, list, start, count);
  if (moveCaptured(move) !== 0) san += piece === PAWN ? SQUARE_NAMES[from][0] + 'x' : 'x';
  san += SQUARE_NAMES[moveTo(move)];
  const promotion = movePromotion(move);
  if (promotion !== 0) san += equals ? '=' + LETTERS[promotion] : LETTERS[promotion];
  return san;
}

/** What of the origin square tells `move` from other moves of the same kind of piece to the same square. */
function origin(move: number, list: Int32Array, start: number, count: number): string {
  const from = moveFrom(move);
  const to = moveTo(move);
  const piece = movePiece(move);
  let others = 0;
  let sameRank = 0;
  let sameFile = 0;
  for (let i = start; i < start + count; i++) {
    const other = list[i];
    const otherFrom = moveFrom(other);
    if (movePiece(other) !== piece || moveTo(other) !== to || otherFrom === from) continue;
    others++;
    if (otherFrom >> 4 === from >> 4) sameRank++;
    if ((otherFrom & 7) === (from & 7)) sameFile++;
  }
  if (others === 0) return '';
  const name = SQUARE_NAMES[from];
  if (sameRank > 0 && sameFile > 0) return name;
  return sameFile > 0 ? name[1] : name[0];
}

/** The move a UCI text plays in `position`, held to the server's rule (module comment). */
export function moveFromUci(position: Position, text: unknown): number | MoveRefusal {
  if (typeof text !== 'string' || (text.length !== 4 && text.length !== 5)) return 'malformed';
  const from = squareOf(text, 0);
  const to = squareOf(text, 2);
  const promotion = text.length === 5 ? PROMOTION_LETTERS.indexOf(text[4]) : 0;
  if (from < 0 || to < 0 || (text.length === 5 && promotion < 2)) return 'malformed';
  const count = legalMoves(position);
  const list = position.moves;
  for (let i = 0; i < count; i++) {
    const move = list[i];
    if (moveFrom(move) !== from || moveTo(move) !== to) continue;
    const promotes = movePromotion(move);
    if (promotes === 0) return promotion === 0 ? move : 'promotion-needless';
    if (promotes === promotion) return move;
  }
  if (promotion === 0 && to >> 4 === (position.turn === WHITE ? 7 : 0) && position.board[from] === (PAWN | (position.turn << 3))) {
    return 'promotion-unnamed';
  }
  return 'illegal';
}

/** The move a SAN text plays in `position`, held to the server's rule (module comment). */
export function moveFromSan(position: Position, text: unknown): number | MoveRefusal {
  if (typeof text !== 'string') return 'malformed';
  const written = readSan(text);
  if (!written) return 'malformed';
  const move = findSanMove(position, text);
  if (move < 0) {
    const turn = position.turn === WHITE ? 'w' : 'b';
    const pawn = PAWN | (position.turn << 3);
    return promotesUnnamed(written, turn, (square: Square) => position.board[squareOf(square)] === pawn) ? 'promotion-unnamed' : 'illegal';
  }
  if (written.promotion && movePromotion(move) === 0) return 'promotion-needless';
  if (!written.promotion && movePromotion(move) !== 0) return 'promotion-unnamed';
  if (written.capture && moveCaptured(move) === 0) return 'capture-nothing';
  return move;
}

/**
 * The move chess.js 1.4's move(text) plays in its default mode, or -1 where it throws, for the
 * texts move-text.ts's readSan accepts (chess.js finds moves in any text around them; the server
 * never gives it one). Its readers, in its order: the text without "=" and signs, 0-0 as O-O, is
 * compared with each legal move's SAN; failing that, the permissive reader matches the piece, the
 * origin (square, file or rank, or none: then the SAN without its x), the destination and the
 * promotion, taking the first match in chess.js's generation order (origin squares from a8 to
 * h1; promotions knight, bishop, rook, queen).
 */
export function findSanMove(position: Position, text: string): number {
  let clean = text.replace('=', '').replace(/[+#]?[?!]*$/, '');
  if (clean === '0-0') clean = 'O-O';
  else if (clean === '0-0-0') clean = 'O-O-O';
  const count = legalMoves(position);
  const list = position.moves;
  const inferred = inferredPiece(clean);
  for (let i = 0; i < count; i++) {
    const move = list[i];
    if (inferred !== -1 && movePiece(move) !== inferred) continue;
    if (sanBody(move, list, 0, count, false) === clean) return move;
  }
  const parts = FROM_SQUARE.exec(clean) ?? FROM_PART.exec(clean);
  if (!parts) return -1;
  const [, letter, from = '', to = '', promotionLetter] = parts;
  const oneChar = from.length === 1;
  const kind = letter ? LOWER_TYPES[letter.toLowerCase()] : inferred;
  const promotion = promotionLetter ? PROMOTION_LETTERS.indexOf(promotionLetter.toLowerCase()) : 0;
  let found = -1;
  let foundOrder = Infinity;
  for (let i = 0; i < count; i++) {
    const move = list[i];
    if (kind !== -1 && movePiece(move) !== kind) continue;
    let matches: boolean;
    if (from === '') {
      matches = sanBody(move, list, 0, count, false).replace('x', '') === clean;
    } else {
      const origin = SQUARE_NAMES[moveFrom(move)];
      const fits = SQUARE_NAMES[moveTo(move)] === to && (promotion === 0 || movePromotion(move) === promotion);
      matches = fits && (origin === from || (oneChar && (from === origin[0] || from === origin[1])));
    }
    if (!matches) continue;
    const order = ((7 - (moveFrom(move) >> 4)) * 8 + (moveFrom(move) & 7)) * 4 + Math.max(0, movePromotion(move) - KNIGHT);
    if (order < foundOrder) {
      found = move;
      foundOrder = order;
    }
  }
  return found;
}

/** chess.js's piece for a SAN text: a pawn for a file letter (any piece if two squares follow), else the letter's; -1 for any, 0 for none. */
function inferredPiece(clean: string): number {
  const first = clean.charAt(0);
  if (first >= 'a' && first <= 'h') return TWO_SQUARES.test(clean) ? -1 : PAWN;
  const lower = first.toLowerCase();
  if (lower === 'o') return KING;
  return Object.hasOwn(LOWER_TYPES, lower) ? LOWER_TYPES[lower] : 0;
}
