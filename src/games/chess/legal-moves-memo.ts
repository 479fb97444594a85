/**
 * chess.js 1.4 generates the full list of legal moves twice for one move played: `move()` looks
 * the move up in it, and the `Move` it returns generates it again (for the SAN's disambiguation).
 * Generating the list (every pseudo-legal move made, tested for check and unmade) is most of what
 * a move costs chess.js.
 *
 * `memoizeLegalMoves` makes one chess.js instance remember the last full list it generated and
 * the position it was for (chess.js's own Zobrist hash of the board, side to move, castling
 * rights and en-passant square): asked again for the same position, it returns the same list.
 * The list depends on nothing but that position, chess.js never changes a generated move, and a
 * list asked for one piece or one square is generated as before, so every answer is the one
 * chess.js would give.
 *
 * The server no longer plays moves through chess.js (game.ts runs on move-generation.ts); this
 * speeds up the tests and the benchmark (npm run bench:movegen) that hold the server's move
 * generator to chess.js.
 *
 * This reaches into chess.js's private `_moves` and `_hash`, so chess.js is pinned to an exact
 * version, and the wrapper refuses (throws at the first use) if they are not what it expects.
 */
import type { Chess } from 'chess.js';

interface GenerateOptions { legal?: boolean; piece?: string; square?: string }

/** The parts of chess.js 1.4's `Chess` this relies on. */
interface Internals {
  _moves(options?: GenerateOptions): unknown[];
  _hash: bigint;
}

interface Memo { position: bigint | undefined; list: unknown[] }

export function memoizeLegalMoves<T extends Chess>(chess: T): T {
  const internals = chess as unknown as Internals;
  const generate = internals._moves;
  if (typeof generate !== 'function' || typeof internals._hash !== 'bigint') {
    throw new Error('chess.js no longer has the private _moves() and _hash this server memoizes; see src/games/chess/legal-moves-memo.ts');
  }
  const memo: Memo = { position: undefined, list: [] };
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
