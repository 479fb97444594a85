/**
 * GNU Backgammon's Position ID and Match ID (gnubg manual, "A technical description of the
 * Position ID / Match ID"), so any position or match state can be pasted into gnubg or other
 * software that reads them. White is gnubg's player 0, black player 1.
 *
 * Position ID: for the player not on roll, then the player on roll, each of its points 1–24
 * (own numbering) and its bar: as many 1 bits as checkers, then a 0. The 80 bits are packed
 * into 10 bytes, least significant bit first, and written as 14 characters of base64.
 *
 * Match ID: a 66-bit key, least significant bit first: cube (log2, 4 bits), cube owner (2:
 * player 0, 1, or 3 = centred), player on roll, Crawford game, game state (3), player to
 * decide, double offered, resignation offered (2), die 1 (3), die 2 (3), match length (15),
 * player 0's score (15), player 1's score (15); 9 bytes as 12 characters of base64. As gnubg
 * 1.07 writes it (and beyond the manual): the larger die first, and a 67th bit set when the
 * Jacoby rule is off (match play included); older readers ignore that bit.
 */
import { opposite, type Side } from '../side.ts';
import type { MatchState } from './events.ts';
import { BAR, checkersOn, indexOf, type Position } from './position.ts';

const PLAYER: Record<Side, 0 | 1> = { white: 0, black: 1 };

class BitWriter {
  readonly bytes: Uint8Array;
  #at = 0;
  constructor(size: number) { this.bytes = new Uint8Array(size); }
  write(value: number, bits: number): void {
    for (let i = 0; i < bits; i++, this.#at++) {
      if ((value >> i) & 1) this.bytes[this.#at >> 3]! |= 1 << (this.#at & 7);
    }
  }
}

function base64(bytes: Uint8Array, length: number): string {
  return Buffer.from(bytes).toString('base64').slice(0, length);
}

/** The Position ID of `position` seen by `onRoll`, the player on roll. */
export function positionId(position: Position, onRoll: Side): string {
  const out = new BitWriter(10);
  for (const side of [opposite(onRoll), onRoll]) {
    for (let point = 1; point <= BAR; point++) {
      const n = checkersOn(position, side, point);
      out.write((1 << n) - 1, n);
      out.write(0, 1);
    }
  }
  return base64(out.bytes, 14);
}

/**
 * The position a Position ID describes, with `onRoll` the player on roll. Checkers not on
 * the board or the bar are borne off. Throws on a string that is not a Position ID.
 */
export function positionFromId(id: string, onRoll: Side): Position {
  if (!/^[A-Za-z0-9+/]{14}$/.test(id)) throw new RangeError(`not a Position ID: ${id}`);
  const bytes = Buffer.from(`${id}==`, 'base64');
  const points = new Array<number>(24).fill(0);
  const bar = { white: 0, black: 0 };
  let bit = 0;
  const next = () => { const b = (bytes[bit >> 3]! >> (bit & 7)) & 1; bit++; return b; };
  for (const side of [opposite(onRoll), onRoll]) {
    const sign = side === 'white' ? 1 : -1;
    for (let point = 1; point <= BAR; point++) {
      let n = 0;
      while (bit < 80 && next() === 1) n++;
      if (point === BAR) bar[side] = n;
      else points[indexOf(side, point)] = points[indexOf(side, point)]! + sign * n;
    }
  }
  const onBoard = (side: Side) => bar[side] + points.reduce((sum, p) => sum + Math.max(0, side === 'white' ? p : -p), 0);
  return { points, bar, off: { white: 15 - onBoard('white'), black: 15 - onBoard('black') } };
}

const GAME_STATE = { none: 0, playing: 1, over: 2, resigned: 3, dropped: 4 } as const;

function gameState(state: MatchState): number {
  if (state.gameNumber === 0) return GAME_STATE.none;
  const over = state.phase === 'between-games' || state.status === 'ended';
  if (!over) return GAME_STATE.playing;
  const termination = state.lastGame?.termination;
  if (termination === 'drop') return GAME_STATE.dropped;
  if (termination === 'resign') return GAME_STATE.resigned;
  return GAME_STATE.over;
}

/** The Match ID of a match state. Before the opening roll, white counts as on roll. */
export function matchId(state: MatchState): string {
  const onRoll: Side = state.turn || 'white';
  let decides: Side = onRoll;
  if (state.resignation) decides = opposite(state.resignation.by);
  else if (state.phase === 'cube' && state.cube.offeredBy) decides = opposite(state.cube.offeredBy);
  const rolled = state.phase === 'move';
  const out = new BitWriter(9);
  out.write(Math.min(15, Math.round(Math.log2(state.cube.value))), 4);
  out.write(state.cube.owner === '' ? 3 : PLAYER[state.cube.owner], 2);
  out.write(PLAYER[onRoll], 1);
  out.write(state.crawford ? 1 : 0, 1);
  out.write(gameState(state), 3);
  out.write(PLAYER[decides], 1);
  out.write(state.phase === 'cube' && state.cube.offeredBy ? 1 : 0, 1);
  out.write(state.resignation?.points ?? 0, 2);
  out.write(rolled ? Math.max(state.dice[0]!, state.dice[1]!) : 0, 3);
  out.write(rolled ? Math.min(state.dice[0]!, state.dice[1]!) : 0, 3);
  out.write(state.matchLength, 15);
  out.write(state.score.white, 15);
  out.write(state.score.black, 15);
  out.write(state.jacoby ? 0 : 1, 1);
  return base64(out.bytes, 12);
}
