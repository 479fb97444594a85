/**
 * The backgammon board as the client contract draws it (PROTOCOL §4): `points[i]` is point
 * i+1 counted from white's home, positive for white checkers, negative for black; white moves
 * from index 23 toward 0, black from index 0 toward 23. Players write moves in their own
 * numbering (1–24 from their own home, 25 = the bar, 0 = borne off); the helpers here convert.
 * Positions are plain data and never changed in place by the rules.
 */
import { SIDES, type BySide, type Side } from '../side.ts';

export interface Position {
  readonly points: readonly number[];
  readonly bar: Readonly<BySide<number>>;
  readonly off: Readonly<BySide<number>>;
}

export const CHECKERS = 15;
/** A side's own point numbers for the bar and for borne off. */
export const BAR = 25;
export const OFF = 0;

export function startingPosition(): Position {
  const points = new Array<number>(24).fill(0);
  points[23] = 2; points[12] = 5; points[7] = 3; points[5] = 5;
  points[0] = -2; points[11] = -5; points[16] = -3; points[18] = -5;
  return { points, bar: { white: 0, black: 0 }, off: { white: 0, black: 0 } };
}

/** The board index of `side`'s own point 1–24. */
export function indexOf(side: Side, point: number): number {
  return side === 'white' ? point - 1 : 24 - point;
}

/** `side`'s own point number (1–24) of a board index. */
export function pointOf(side: Side, index: number): number {
  return side === 'white' ? index + 1 : 24 - index;
}

/** How many of `side`'s checkers stand on board index `index`. */
export function checkersAt(position: Position, side: Side, index: number): number {
  const n = position.points[index]!;
  return side === 'white' ? Math.max(n, 0) : Math.max(-n, 0);
}

/** `side`'s checkers on its own point 0–25 (0 = off, 25 = bar). */
export function checkersOn(position: Position, side: Side, point: number): number {
  if (point === BAR) return position.bar[side];
  if (point === OFF) return position.off[side];
  return checkersAt(position, side, indexOf(side, point));
}

/** Pips `side` still has to travel: every checker's own point, the bar counting 25. */
export function pipCount(position: Position, side: Side): number {
  let pips = position.bar[side] * BAR;
  for (let point = 1; point <= 24; point++) pips += point * checkersOn(position, side, point);
  return pips;
}

/** A short string, equal for equal positions (logs, caches, tests). */
export function positionKey(position: Position): string {
  return `${position.points.join(',')}|${position.bar.white},${position.bar.black}|${position.off.white},${position.off.black}`;
}

/**
 * Why a position is impossible, or undefined when it is a real one: 24 integer points, 15
 * checkers a side counting the bar and those borne off, no negative counts.
 */
export function positionProblem(position: Position): string | undefined {
  if (!Array.isArray(position.points) || position.points.length !== 24) return 'the board must have 24 points';
  if (!position.points.every(Number.isInteger)) return 'point counts must be integers';
  for (const side of SIDES) {
    const bar = position.bar[side];
    const off = position.off[side];
    if (!Number.isInteger(bar) || bar < 0 || !Number.isInteger(off) || off < 0) return `${side}'s bar and off must be counts`;
    let total = bar + off;
    for (let i = 0; i < 24; i++) total += checkersAt(position, side, i);
    if (total !== CHECKERS) return `${side} has ${total} checkers, not ${CHECKERS}`;
  }
  return undefined;
}

export function copyPosition(position: Position): Position {
  return { points: [...position.points], bar: { ...position.bar }, off: { ...position.off } };
}
