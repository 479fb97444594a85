/**
 * Whether a side could still mate, for the flag rule: a side that runs out of time loses unless
 * the opponent cannot possibly mate, then it is a draw. The same rule as lichess
 * (scalachess InsufficientMatingMaterial), stated in terms of what is on the board:
 * - a lone king cannot mate;
 * - king and one knight can mate only if the opponent has a piece other than queens to block with;
 * - king and bishops can mate only if some bishops stand on opposite colours, or the opponent has
 *   a knight or a pawn;
 * - anything else can mate.
 */
import type { Side } from '../side.ts';

export interface BoardPiece { side: Side; type: 'p' | 'n' | 'b' | 'r' | 'q' | 'k'; light: boolean }

export function hasMatingMaterial(pieces: readonly BoardPiece[], side: Side): boolean {
  const own = pieces.filter((piece) => piece.side === side && piece.type !== 'k');
  const theirs = pieces.filter((piece) => piece.side !== side && piece.type !== 'k');
  if (own.length === 0) return false;
  if (own.every((piece) => piece.type === 'n')) {
    return own.length > 1 || theirs.some((piece) => piece.type !== 'q');
  }
  if (own.every((piece) => piece.type === 'b')) {
    const bishops = pieces.filter((piece) => piece.type === 'b');
    const bothColours = bishops.some((b) => b.light) && bishops.some((b) => !b.light);
    return bothColours || theirs.some((piece) => piece.type === 'n' || piece.type === 'p');
  }
  return true;
}
