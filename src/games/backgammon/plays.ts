/**
 * Legal plays, found by search rather than by pattern: every order of the dice is tried from
 * the position, one checker move per die, and the sequences that use the most dice are kept
 * (as many dice as possible; the larger die when only one of two can be played). Two plays
 * are the same play when they leave the same position, so the answer has one entry per
 * distinct resulting position. Search nodes are deduplicated by (dice used, board), which
 * keeps doubles (four moves) from growing exponentially.
 *
 * The search works on the board seen from the mover, one byte per cell: `board[p]` is the
 * mover's checkers on its own point p (0 = borne off, 25 = the bar), `board[THEIRS + p]` the
 * opponent's checkers on that point (`board[THEIRS]` = the opponent's bar, where hit blots go).
 * The bytes themselves are the board's key.
 */
import { opposite, type Side } from '../side.ts';
import { BAR, OFF, indexOf, type Position } from './position.ts';

/** One checker moved by one die, in the mover's own numbering: [from, to], 25 = bar, 0 = off. */
export type Step = readonly [from: number, to: number];

export interface LegalPlay {
  readonly steps: readonly Step[];
  /** The position after the play. */
  readonly position: Position;
}

type Board = Uint8Array;
const THEIRS = 26;
const CELLS = THEIRS + 25;

function toBoard(position: Position, side: Side): Board {
  const board = new Uint8Array(CELLS);
  const sign = side === 'white' ? 1 : -1;
  for (let point = 1; point <= 24; point++) {
    const n = position.points[indexOf(side, point)]! * sign;
    if (n > 0) board[point] = n;
    else if (n < 0) board[THEIRS + point] = -n;
  }
  board[BAR] = position.bar[side];
  board[OFF] = position.off[side];
  board[THEIRS] = position.bar[opposite(side)];
  return board;
}

function fromBoard(board: Board, side: Side, before: Position): Position {
  const points = new Array<number>(24).fill(0);
  const sign = side === 'white' ? 1 : -1;
  for (let point = 1; point <= 24; point++) {
    const n = board[point]! - board[THEIRS + point]!;
    if (n !== 0) points[indexOf(side, point)] = sign * n;
  }
  const own = (mine: number, theirs: number) => (side === 'white' ? { white: mine, black: theirs } : { white: theirs, black: mine });
  return { points, bar: own(board[BAR]!, board[THEIRS]!), off: own(board[OFF]!, before.off[opposite(side)]) };
}

function boardKey(board: Board): string {
  return String.fromCharCode.apply(null, board as unknown as number[]);
}

/** Where a checker on `from` lands with `die` (0 when it bears off). */
function target(from: number, die: number): number {
  return Math.max(from - die, OFF);
}

/**
 * Whether the mover may move a checker from `from` with `die`: the bar first; never onto a
 * point the opponent holds with two or more; bearing off only with every checker home, by the
 * exact number or, from the highest occupied point, by a larger one.
 */
function canMove(board: Board, from: number, die: number): boolean {
  if (from < 1 || from > BAR || board[from]! === 0) return false;
  if (from !== BAR && board[BAR]! > 0) return false;
  const to = from - die;
  if (to >= 1) return board[THEIRS + to]! < 2;
  for (let point = 7; point <= BAR; point++) if (board[point]! > 0) return false;
  if (to === 0) return true;
  for (let point = from + 1; point <= 6; point++) if (board[point]! > 0) return false;
  return true;
}

/** The board after moving one checker from `from` to `to` (hitting a blot there). */
function moved(board: Board, from: number, to: number): Board {
  const next = board.slice();
  next[from]!--;
  next[to]!++;
  if (to !== OFF && next[THEIRS + to] === 1) {
    next[THEIRS + to] = 0;
    next[THEIRS]!++;
  }
  return next;
}

/** The dice a roll gives to play: both values, or four of a double. */
export function diceToPlay(dice: readonly [number, number]): number[] {
  return dice[0] === dice[1] ? [dice[0], dice[0], dice[0], dice[0]] : [dice[0], dice[1]];
}

interface Found { steps: Step[]; board: Board; key: string; used: number; firstDie: number }

/**
 * Every maximal sequence of single moves for one order of the dice, into `found` keyed by
 * (dice used, the die used first when only one was, board).
 */
function search(start: Board, order: readonly number[], found: Map<string, Found>): void {
  const seen = order.map(() => new Set<string>());
  const visit = (board: Board, key: string, depth: number, steps: Step[]): void => {
    let any = false;
    if (depth < order.length) {
      const die = order[depth]!;
      for (let from = BAR; from >= 1; from--) {
        if (!canMove(board, from, die)) continue;
        any = true;
        const to = target(from, die);
        const next = moved(board, from, to);
        const nextKey = boardKey(next);
        if (seen[depth]!.has(nextKey)) continue;
        seen[depth]!.add(nextKey);
        visit(next, nextKey, depth + 1, [...steps, [from, to]]);
      }
    }
    if (!any) {
      const bucket = `${depth}${depth === 1 ? order[0] : 0}${key}`;
      if (!found.has(bucket)) found.set(bucket, { steps, board, key, used: depth, firstDie: order[0]! });
    }
  };
  visit(start, boardKey(start), 0, []);
}

/**
 * Every legal play of `side` with `dice` from `position`, one per distinct resulting position,
 * in a stable order. Empty when nothing can be played (the turn passes).
 */
export function legalPlays(position: Position, side: Side, dice: readonly [number, number]): LegalPlay[] {
  const board = toBoard(position, side);
  const found = new Map<string, Found>();
  if (dice[0] === dice[1]) search(board, diceToPlay(dice), found);
  else {
    search(board, [dice[0], dice[1]], found);
    search(board, [dice[1], dice[0]], found);
  }
  let most = 0;
  for (const f of found.values()) most = Math.max(most, f.used);
  if (most === 0) return [];
  let candidates = [...found.values()].filter((f) => f.used === most);
  if (most === 1 && dice[0] !== dice[1]) {
    const larger = Math.max(dice[0], dice[1]);
    if (candidates.some((f) => f.firstDie === larger)) candidates = candidates.filter((f) => f.firstDie === larger);
  }
  const plays = new Map<string, LegalPlay>();
  for (const f of candidates) {
    if (!plays.has(f.key)) plays.set(f.key, { steps: f.steps, position: fromBoard(f.board, side, position) });
  }
  return [...plays.values()];
}

function isStep(value: unknown): value is Step {
  return Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n) && n >= OFF && n <= BAR);
}

export type PlayCheck = { ok: true; play: LegalPlay } | { ok: false; reason: string };

/** The distinct orders of `steps`, the given order first. */
function orders(steps: readonly Step[]): Step[][] {
  if (steps.length <= 1) return [[...steps]];
  const seen = new Set<string>();
  const out: Step[][] = [];
  const permute = (done: Step[], rest: readonly Step[]): void => {
    if (rest.length === 0) {
      const key = JSON.stringify(done);
      if (!seen.has(key)) { seen.add(key); out.push(done); }
      return;
    }
    rest.forEach((step, i) => permute([...done, step], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  permute([], steps);
  return out;
}

/**
 * Checks a submitted play against the legal ones. The play is accepted when its steps, in the
 * order given or in another order, are each a real single-die move from the position reached
 * so far (with a die not yet used) and leave the position of a legal play. The answer carries
 * the steps in an order in which they can be played one by one (the given one when it works),
 * and the resulting position.
 */
export function checkPlay(
  position: Position, side: Side, dice: readonly [number, number], steps: unknown,
  legal: readonly LegalPlay[] = legalPlays(position, side, dice),
): PlayCheck {
  if (!Array.isArray(steps) || !steps.every(isStep) || steps.length > 4) {
    return { ok: false, reason: 'a play is a list of up to four steps [from, to], points 0–25 in your own numbering' };
  }
  if (legal.length === 0) {
    return steps.length === 0 ? { ok: true, play: { steps: [], position } } : { ok: false, reason: 'there is no legal play' };
  }
  const wanted = new Map(legal.map((play) => [boardKey(toBoard(play.position, side)), play]));
  const start = toBoard(position, side);
  let reason = `no legal play of ${dice[0]}-${dice[1]} is ${describe(steps)}`;
  let first = true;
  // A step may leave a choice of die (bearing off 3/off with a 5 or a 6): try each.
  const walk = (order: readonly Step[], board: Board, i: number, left: number[]): Board | undefined => {
    if (i === order.length) return wanted.has(boardKey(board)) ? board : undefined;
    const [from, to] = order[i]!;
    let tried = false;
    for (const die of new Set(left)) {
      if (target(from, die) !== to || !canMove(board, from, die)) continue;
      tried = true;
      const rest = [...left];
      rest.splice(rest.indexOf(die), 1);
      const end = walk(order, moved(board, from, to), i + 1, rest);
      if (end) return end;
    }
    if (!tried && first) {
      const after = i > 0 ? ` after ${describe(order.slice(0, i))}` : '';
      reason = `${from}/${to} is not a legal move${after} with ${left.length ? left.join(' and ') : 'no dice left'}`;
    }
    return undefined;
  };
  for (const order of orders(steps)) {
    const end = walk(order, start, 0, diceToPlay(dice));
    if (end) return { ok: true, play: { steps: order.map(([from, to]) => [from, to] as Step), position: wanted.get(boardKey(end))!.position } };
    first = false;
  }
  return { ok: false, reason };
}

function describe(steps: readonly Step[]): string {
  return steps.length ? steps.map(([from, to]) => `${from}/${to}`).join(' ') : 'no move';
}

/**
 * The position after `side` plays `steps` that are already known to be legal (replaying a
 * recorded play): each checker moves, blots it lands on go to the bar.
 */
export function applySteps(position: Position, side: Side, steps: readonly Step[]): Position {
  let board = toBoard(position, side);
  for (const [from, to] of steps) board = moved(board, from, to);
  return fromBoard(board, side, position);
}
