/**
 * Legal moves of a Position (position.ts), generated legal from the start: the pieces that give
 * check and the pieces pinned to their king are found first (from the enemy pieces lined up with
 * the king), so a move is written only if it is legal, and counting a position's moves needs no
 * move played. Only en passant (which can uncover a rank through two pawns) and the king's steps
 * (each square tested for attack with the king lifted off the board) test squares.
 *
 * Nothing allocates: moves are written into an Int32Array the caller gives, the pin and check
 * marks live in module-level arrays stamped per generation (never cleared), and a position's own
 * list is kept in `position.moves` until it changes.
 */
import {
  ATTACKS, BISHOP, BISHOP_STEPS, CASTLE_KINGSIDE, CASTLE_QUEENSIDE, DOUBLE_STEP, EN_PASSANT,
  KING, KING_STEPS, KNIGHT, KNIGHT_STEPS, MAX_MOVES, MAX_PLY, PAWN, PIECE_BITS, ROOK, ROOK_STEPS,
  STEPS, WHITE, attackedBy, doMove, inCheck, undoMove, type Position,
} from './position.ts';

/** Stamp of the current generation: a square is pinned, or stops a check, when its mark equals it. */
let stamp = 0;
const pinnedAt = new Int32Array(128);
/** The line a pinned piece must stay on, as a step along it. */
const pinLine = new Int8Array(128);
/** Squares a non-king move must reach when in check by one piece: the checker and the squares between. */
const stopsCheck = new Int32Array(128);
/** A list for `hasLegalMove` and the mate test of a SAN (move-notation.ts): never returned, never nested. */
export const scratch = new Int32Array(MAX_MOVES);

/** Writes the legal moves of `position` into `out` from `start`; returns how many. */
export function generateMoves(position: Position, out: Int32Array, start: number): number {
  if (++stamp === 0x40000000) {
    pinnedAt.fill(0);
    stopsCheck.fill(0);
    stamp = 1;
  }
  const board = position.board;
  const squares = position.squares;
  const us = position.turn;
  const them = us ^ 1;
  const kingSquare = position.king[us];
  let checkers = 0;

  const enemyEnd = (them << 4) + position.count[them];
  for (let i = them << 4; i < enemyEnd; i++) {
    const from = squares[i];
    const piece = board[from];
    const index = kingSquare - from + 119;
    if ((ATTACKS[index] & PIECE_BITS[piece]) === 0) continue;
    const type = piece & 7;
    if (type === KING) continue;
    if (type < BISHOP) {
      checkers++;
      stopsCheck[from] = stamp;
      continue;
    }
    const step = STEPS[index];
    let blocker = -1;
    for (let at = from + step; at !== kingSquare; at += step) {
      if (board[at] === 0) continue;
      if (blocker !== -1 || board[at] >> 3 !== us) {
        blocker = -2;
        break;
      }
      blocker = at;
    }
    if (blocker === -1) {
      checkers++;
      for (let at = from; at !== kingSquare; at += step) stopsCheck[at] = stamp;
    } else if (blocker >= 0) {
      pinnedAt[blocker] = stamp;
      pinLine[blocker] = step;
    }
  }

  let n = start;
  board[kingSquare] = 0;
  for (let d = 0; d < 8; d++) {
    const to = kingSquare + KING_STEPS[d];
    if (to & 0x88) continue;
    const target = board[to];
    if (target !== 0 && target >> 3 === us) continue;
    if (attackedBy(position, to, them)) continue;
    out[n++] = kingSquare | (to << 7) | (KING << 14) | ((target & 7) << 17);
  }
  board[kingSquare] = KING | (us << 3);
  if (checkers > 1) return n - start;
  if (checkers === 0 && position.castling !== 0) {
    const rights = (position.castling >> (us * 2)) & 3;
    if ((rights & 1) !== 0 && board[kingSquare + 1] === 0 && board[kingSquare + 2] === 0
      && !attackedBy(position, kingSquare + 1, them) && !attackedBy(position, kingSquare + 2, them)) {
      out[n++] = kingSquare | ((kingSquare + 2) << 7) | (KING << 14) | (CASTLE_KINGSIDE << 23);
    }
    if ((rights & 2) !== 0 && board[kingSquare - 1] === 0 && board[kingSquare - 2] === 0 && board[kingSquare - 3] === 0
      && !attackedBy(position, kingSquare - 1, them) && !attackedBy(position, kingSquare - 2, them)) {
      out[n++] = kingSquare | ((kingSquare - 2) << 7) | (KING << 14) | (CASTLE_QUEENSIDE << 23);
    }
  }

  const checked = checkers === 1;
  const ownEnd = (us << 4) + position.count[us];
  for (let i = us << 4; i < ownEnd; i++) {
    const from = squares[i];
    const type = board[from] & 7;
    if (type === KING) continue;
    const pin = pinnedAt[from] === stamp ? pinLine[from] : 0;
    if (type === PAWN) {
      n = pawnMoves(position, out, n, from, pin, checked);
      continue;
    }
    if (type === KNIGHT) {
      if (pin !== 0) continue;
      for (let d = 0; d < 8; d++) {
        const to = from + KNIGHT_STEPS[d];
        if (to & 0x88) continue;
        const target = board[to];
        if (target !== 0 && target >> 3 === us) continue;
        if (checked && stopsCheck[to] !== stamp) continue;
        out[n++] = from | (to << 7) | (KNIGHT << 14) | ((target & 7) << 17);
      }
      continue;
    }
    const steps = type === BISHOP ? BISHOP_STEPS : type === ROOK ? ROOK_STEPS : KING_STEPS;
    const moved = from | (type << 14);
    for (let d = 0; d < steps.length; d++) {
      const step = steps[d];
      if (pin !== 0 && step !== pin && step !== -pin) continue;
      for (let to = from + step; !(to & 0x88); to += step) {
        const target = board[to];
        if (target === 0) {
          if (!checked || stopsCheck[to] === stamp) out[n++] = moved | (to << 7);
          continue;
        }
        if (target >> 3 !== us && (!checked || stopsCheck[to] === stamp)) out[n++] = moved | (to << 7) | ((target & 7) << 17);
        break;
      }
    }
  }
  return n - start;
}

function pawnMoves(position: Position, out: Int32Array, n: number, from: number, pin: number, checked: boolean): number {
  const board = position.board;
  const us = position.turn;
  const up = us === WHITE ? 16 : -16;
  const rank = from >> 4;
  const promotes = rank === (us === WHITE ? 6 : 1);
  if (pin === 0 || pin === up || pin === -up) {
    const to = from + up;
    if (board[to] === 0) {
      if (!checked || stopsCheck[to] === stamp) n = pawnMove(out, n, from, to, 0, promotes);
      const two = to + up;
      if (rank === (us === WHITE ? 1 : 6) && board[two] === 0 && (!checked || stopsCheck[two] === stamp)) {
        out[n++] = from | (two << 7) | (PAWN << 14) | (DOUBLE_STEP << 23);
      }
    }
  }
  for (let side = -1; side <= 1; side += 2) {
    const step = up + side;
    if (pin !== 0 && step !== pin && step !== -pin) continue;
    const to = from + step;
    if (to & 0x88) continue;
    const target = board[to];
    if (target !== 0) {
      if (target >> 3 !== us && (!checked || stopsCheck[to] === stamp)) n = pawnMove(out, n, from, to, target & 7, promotes);
    } else if (to === position.enPassant) {
      const move = from | (to << 7) | (PAWN << 14) | (PAWN << 17) | (EN_PASSANT << 23);
      doMove(position, move);
      const safe = !attackedBy(position, position.king[us], us ^ 1);
      undoMove(position);
      if (safe) out[n++] = move;
    }
  }
  return n;
}

/** A pawn's move, or its four promotions (knight, bishop, rook, queen). */
function pawnMove(out: Int32Array, n: number, from: number, to: number, captured: number, promotes: boolean): number {
  const move = from | (to << 7) | (PAWN << 14) | (captured << 17);
  if (!promotes) {
    out[n] = move;
    return n + 1;
  }
  for (let piece = KNIGHT; piece <= 5; piece++) out[n++] = move | (piece << 20);
  return n;
}

/**
 * The legal moves of `position`, in `position.moves`: returns how many. Listed once per position
 * (the list is kept until a move is made or undone with makeMove/unmakeMove, or a FEN is set).
 */
export function legalMoves(position: Position): number {
  if (position.listed < 0) position.listed = generateMoves(position, position.moves, 0);
  return position.listed;
}

export function hasLegalMove(position: Position): boolean {
  if (position.listed >= 0) return position.listed > 0;
  return generateMoves(position, scratch, 0) > 0;
}

export function isCheckmate(position: Position): boolean {
  return inCheck(position) && !hasLegalMove(position);
}

export function isStalemate(position: Position): boolean {
  return !inCheck(position) && !hasLegalMove(position);
}

/** Plays a legal move of `position` (one of its listed moves) and remembers it for unmakeMove. */
export function makeMove(position: Position, move: number): void {
  if (position.ply >= MAX_PLY) throw new RangeError(`more than ${MAX_PLY} moves made without unmakeMove`);
  doMove(position, move);
  position.listed = -1;
}

export function unmakeMove(position: Position): void {
  if (position.ply === 0) throw new RangeError('no move to unmake');
  undoMove(position);
  position.listed = -1;
}

/** Plays a legal move of `position` for good (a game's move): it, and any move made before, cannot be unmade. */
export function playMove(position: Position, move: number): void {
  position.ply = 0;
  doMove(position, move);
  position.ply = 0;
  position.listed = -1;
}

/** The number of move sequences `depth` plies long (leaves counted, not played). */
export function perft(position: Position, depth: number): number {
  if (depth < 1) return 1;
  if (position.ply + depth > MAX_PLY) throw new RangeError(`perft deeper than ${MAX_PLY} plies`);
  return countLeaves(position, depth, new Int32Array(depth * MAX_MOVES), 0);
}

function countLeaves(position: Position, depth: number, lists: Int32Array, start: number): number {
  const count = generateMoves(position, lists, start);
  if (depth === 1) return count;
  let nodes = 0;
  for (let i = start; i < start + count; i++) {
    doMove(position, lists[i]);
    nodes += countLeaves(position, depth - 1, lists, start + MAX_MOVES);
    undoMove(position);
  }
  return nodes;
}
