/** Shared test helpers: positions written in each side's own numbering, scripted dice, a seeded PRNG. */
import type { DiceSource } from '../../../src/games/backgammon/match.ts';
import { indexOf, type Position } from '../../../src/games/backgammon/position.ts';
import type { Side } from '../../../src/games/side.ts';
import { prng } from '../../support/prng.ts';

type Layout = { [point: number]: number };

/**
 * A position from each side's checkers on its own points (25 = bar); checkers not placed are
 * borne off.
 */
export function board(white: Layout, black: Layout): Position {
  const points = new Array<number>(24).fill(0);
  const bar = { white: 0, black: 0 };
  const off = { white: 15, black: 15 };
  for (const [side, layout] of [['white', white], ['black', black]] as Array<[Side, Layout]>) {
    for (const [key, n] of Object.entries(layout)) {
      const point = Number(key);
      off[side] -= n;
      const i = indexOf(side, point);
      if (point === 25) bar[side] += n;
      else if (points[i] !== 0) throw new Error(`white and black both on index ${i}`);
      else points[i] = side === 'white' ? n : -n;
    }
    if (off[side] < 0) throw new Error(`${side} has more than 15 checkers`);
  }
  return { points, bar, off };
}

/** Dice that give `rolls[k]` for roll k, and fail loudly past the script. */
export function scripted(rolls: Array<[number, number]>): DiceSource {
  return (k) => {
    const roll = rolls[k];
    if (!roll) throw new Error(`the script has no roll ${k}`);
    return roll;
  };
}

export { prng };

/** Dice from a seeded PRNG, the same answer for the same k. */
export function randomDice(seed: number): DiceSource {
  const rand = prng(seed);
  const rolls: Array<[number, number]> = [];
  return (k) => {
    while (rolls.length <= k) rolls.push([1 + Math.floor(rand() * 6), 1 + Math.floor(rand() * 6)]);
    return rolls[k]!;
  };
}
