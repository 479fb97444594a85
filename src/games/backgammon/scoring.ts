/**
 * What a finished game is worth: single, gammon (the loser bore off none) or backgammon (the
 * loser bore off none and still has a checker on the bar or in the winner's home board), times
 * the cube. The Jacoby rule (money play only, when chosen) counts gammons and backgammons as
 * singles while the cube has not been turned.
 */
import { opposite, type Side } from '../side.ts';
import { checkersOn, type Position } from './position.ts';

export type GameKind = 'single' | 'gammon' | 'backgammon';

/** How a game (or the match) ended. */
export type Termination = 'normal' | 'resign' | 'drop' | 'timeout' | 'abandoned' | 'aborted';

export const KIND_MULTIPLIER: Record<GameKind, 1 | 2 | 3> = { single: 1, gammon: 2, backgammon: 3 };
export const KIND_OF_POINTS: Record<1 | 2 | 3, GameKind> = { 1: 'single', 2: 'gammon', 3: 'backgammon' };

/** The kind of win for `winner` in a position where the game ended by bearing off. */
export function winKind(position: Position, winner: Side): GameKind {
  const loser = opposite(winner);
  if (position.off[loser] > 0) return 'single';
  if (position.bar[loser] > 0) return 'backgammon';
  // The winner's home board is the loser's points 19–24.
  for (let point = 19; point <= 24; point++) if (checkersOn(position, loser, point) > 0) return 'backgammon';
  return 'gammon';
}

export interface ScoringRules {
  /** 0 = money play. */
  readonly matchLength: number;
  readonly jacoby: boolean;
}

/** The kind that counts: under Jacoby (money play, cube never turned) every win is single. */
export function countedKind(kind: GameKind, cubeValue: number, rules: ScoringRules): GameKind {
  return rules.jacoby && rules.matchLength === 0 && cubeValue === 1 ? 'single' : kind;
}

/** Points a win of `kind` is worth with the cube at `cubeValue`. */
export function gamePoints(kind: GameKind, cubeValue: number, rules: ScoringRules): number {
  return KIND_MULTIPLIER[countedKind(kind, cubeValue, rules)] * cubeValue;
}
