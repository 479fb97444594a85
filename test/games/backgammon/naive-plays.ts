/**
 * A deliberately plain, slow enumerator of legal plays, written apart from the engine (board
 * indexes and directions instead of the mover's numbering, the full tree without any
 * deduplication) to cross-check `legalPlays`. Answers the set of resulting positions.
 */
import type { Position } from '../../../src/games/backgammon/position.ts';
import type { Side } from '../../../src/games/side.ts';

interface Pos { points: number[]; bar: { white: number; black: number }; off: { white: number; black: number } }

function own(pos: Pos, side: Side, i: number): number {
  return side === 'white' ? Math.max(pos.points[i]!, 0) : Math.max(-pos.points[i]!, 0);
}

function moveOne(pos: Pos, side: Side, from: number | 'bar', to: number | 'off'): Pos {
  const next: Pos = { points: [...pos.points], bar: { ...pos.bar }, off: { ...pos.off } };
  const unit = side === 'white' ? 1 : -1;
  const other: Side = side === 'white' ? 'black' : 'white';
  if (from === 'bar') next.bar[side]--;
  else next.points[from]! -= unit;
  if (to === 'off') next.off[side]++;
  else {
    if (next.points[to] === -unit) {
      next.points[to] = 0;
      next.bar[other]++;
    }
    next.points[to]! += unit;
  }
  return next;
}

/** Where one checker of `side` from board index `from` (or the bar) lands with `die`, if that is a legal move. */
function landing(pos: Pos, side: Side, from: number | 'bar', die: number): number | 'off' | undefined {
  const other: Side = side === 'white' ? 'black' : 'white';
  const open = (i: number) => own(pos, other, i) <= 1;
  if (from === 'bar') {
    if (pos.bar[side] === 0) return undefined;
    const entry = side === 'white' ? 24 - die : die - 1;
    return open(entry) ? entry : undefined;
  }
  if (pos.bar[side] > 0 || own(pos, side, from) === 0) return undefined;
  const t = from + (side === 'white' ? -die : die);
  if (t >= 0 && t <= 23) return open(t) ? t : undefined;
  const home = (i: number) => (side === 'white' ? i <= 5 : i >= 18);
  for (let i = 0; i < 24; i++) if (own(pos, side, i) > 0 && !home(i)) return undefined;
  if (side === 'white' ? t === -1 : t === 24) return 'off';
  if (side === 'white') { for (let j = from + 1; j <= 5; j++) if (own(pos, side, j) > 0) return undefined; }
  else { for (let j = 18; j < from; j++) if (own(pos, side, j) > 0) return undefined; }
  return 'off';
}

function singleMoves(pos: Pos, side: Side, die: number): Pos[] {
  const out: Pos[] = [];
  const froms: Array<number | 'bar'> = pos.bar[side] > 0 ? ['bar'] : [...Array(24).keys()];
  for (const from of froms) {
    const to = landing(pos, side, from, die);
    if (to !== undefined) out.push(moveOne(pos, side, from, to));
  }
  return out;
}

export function naivePlayKeys(position: Position, side: Side, dice: [number, number]): Set<string> {
  const start: Pos = JSON.parse(naiveKey(position)) as Pos;
  const orders = dice[0] === dice[1] ? [[dice[0], dice[0], dice[0], dice[0]]] : [[dice[0], dice[1]], [dice[1], dice[0]]];
  const leaves: Array<{ pos: Pos; used: number; first: number }> = [];
  const walk = (pos: Pos, order: number[], used: number) => {
    const nexts = used < order.length ? singleMoves(pos, side, order[used]!) : [];
    if (nexts.length === 0) leaves.push({ pos, used, first: order[0]! });
    for (const next of nexts) walk(next, order, used + 1);
  };
  for (const order of orders) walk(start, order, 0);
  const most = Math.max(...leaves.map((l) => l.used));
  if (most === 0) return new Set();
  let kept = leaves.filter((l) => l.used === most);
  if (most === 1 && dice[0] !== dice[1]) {
    const larger = Math.max(...dice);
    if (kept.some((l) => l.first === larger)) kept = kept.filter((l) => l.first === larger);
  }
  return new Set(kept.map((l) => JSON.stringify(l.pos)));
}

/** The same key for an engine position (field order as above). */
export function naiveKey(position: Position): string {
  return JSON.stringify({ points: [...position.points], bar: { white: position.bar.white, black: position.bar.black }, off: { white: position.off.white, black: position.off.black } });
}

/**
 * The position after one checker move [from, to] in `side`'s own numbering (25 = bar, 0 =
 * off), when some die of `dice` makes it a legal single move; undefined otherwise.
 */
export function naiveStep(position: Position, side: Side, from: number, to: number, die: number): Position | undefined {
  const pos = JSON.parse(naiveKey(position)) as Pos;
  const index = (point: number) => (side === 'white' ? point - 1 : 24 - point);
  const source = from === 25 ? 'bar' : index(from);
  const landed = landing(pos, side, source, die);
  if (landed === undefined || landed !== (to === 0 ? 'off' : index(to))) return undefined;
  return moveOne(pos, side, source, landed);
}
