/**
 * The doubling cube and the Crawford rule. The cube starts centred at 1; a player who owns it,
 * or anyone while it is centred, may double before rolling; the taker then owns it at twice the
 * value. No upper limit. In match play the game right after a player first reaches match point
 * (one point short of the match length) is the Crawford game, played without the cube; later
 * games are post-Crawford and the cube is live again (gnubg: never in a 1-point match).
 */
import type { BySide, Side } from '../side.ts';

export interface Cube {
  readonly value: number;
  readonly owner: Side | '';
  /** The player whose double awaits an answer, or ''. */
  readonly offeredBy: Side | '';
}

export const CENTRED_CUBE: Cube = { value: 1, owner: '', offeredBy: '' };

/** Whether `side` has access to the cube: it owns it or the cube is centred. */
export function hasCubeAccess(cube: Cube, side: Side): boolean {
  return cube.offeredBy === '' && (cube.owner === '' || cube.owner === side);
}

/** Whether the game that starts at `score` is the Crawford game. */
export function isCrawfordGame(matchLength: number, score: Readonly<BySide<number>>, crawfordPlayed: boolean): boolean {
  if (matchLength <= 1 || crawfordPlayed) return false;
  return score.white === matchLength - 1 || score.black === matchLength - 1;
}
