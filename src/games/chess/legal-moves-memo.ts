/**
 * chess.js 1.4 generates the full list of legal moves twice for one move played: `move()` looks
 * the move up in it, and the `Move` it returns generates it again (for the SAN's disambiguation).
 * Generating the list (every pseudo-legal move made, tested for check and unmade) is most of what
 * a move costs the server.
 *
 * `memoizeLegalMoves` makes one chess.js instance remember the last full list it generated and
 * the position it was for (chess.js's own Zobrist hash of the board, side to move, castling
 * rights and en-passant square): asked again for the same position, it returns the same list.
 * The list depends on nothing but that position, chess.js never changes a generated move, and a
 * list asked for one piece or one square is generated as before, so every answer is the one
 * chess.js would give. The game forgets the list once its move is played (`forgetLegalMoves`).
 *
 * This reaches into chess.js's private `_moves` and `_hash`, so chess.js is pinned to an exact
 * version, and the wrapper refuses (throws at the first game) if they are not what it expects.
 */
import type { Chess } from 'chess.js';

interface GenerateOptions { legal?: boolean; piece?: string; square?: string }

/** The parts of chess.js 1.4's `Chess` this relies on. */
interface Internals {
  _moves(options?: GenerateOptions): unknown[];
  _hash: bigint;
}

interface Memo { position: bigint | undefined; list: unknown[] }

const memos = new WeakMap<Chess, Memo>();

export function memoizeLegalMoves<T extends Chess>(chess: T): T {
  const internals = chess as unknown as Internals;
  const generate = internals._moves;
  if (typeof generate !== 'function' || typeof internals._hash !== 'bigint') {
    throw new Error('chess.js no longer has the private _moves() and _hash this server memoizes; see src/games/chess/legal-moves-memo.ts');
  }
  const memo: Memo = { position: undefined, list: [] };
  memos.set(chess, memo);
  internals._moves = function memoized(this: Internals, options: GenerateOptions = {}) {
    if (options.legal === false || options.piece !== undefined || options.square !== undefined) return generate.call(this, options);
    if (memo.position !== this._hash) {
      memo.list = generate.call(this, options);
      memo.position = this._hash;
    }
    return memo.list;
  };
  return chess;
}

/**
 * Drops the remembered list. A game does this after each move: kept until the next one (seconds
 * later, in every live game), the list (about 3 KB) would outlive V8's young generation and be
 * promoted only to die there, and old-generation garbage is what makes full collections come often.
 */
export function forgetLegalMoves(chess: Chess): void {
  const memo = memos.get(chess);
  if (!memo) return;
  memo.position = undefined;
  memo.list = [];
}
