import { schema, t, type SchemaType } from '@colyseus/schema';
import { SidePair } from './clock.ts';
import { Seat } from './seat.ts';

/** The doubling cube: its value, who owns it ("" centred) and who has just offered it. */
export const CubeState = schema({
  value: t.uint16().default(1),
  owner: t.string().default(''),
  offeredBy: t.string().default(''),
}, 'CubeState');
export type CubeState = SchemaType<typeof CubeState>;

/**
 * The backgammon clock: each side's reserve (ms) at `since` (server epoch ms), the delay per
 * action, and who is acting. The acting side's delay runs from `since`, then its reserve.
 */
export const DelayClockState = schema({
  white: t.number().default(0),
  black: t.number().default(0),
  delay: t.number().default(0),
  running: t.string().default(''),
  since: t.number().default(0),
}, 'DelayClockState');
export type DelayClockState = SchemaType<typeof DelayClockState>;

/** A standing offer to resign: by whom, and for 1, 2 or 3 times the cube. */
export const ResignationState = schema({
  by: t.string().default(''),
  points: t.uint8().default(0),
}, 'ResignationState');
export type ResignationState = SchemaType<typeof ResignationState>;

/**
 * The last finished game of the match (PROTOCOL §4 calls its points `points`; the board took
 * that name, so they live here).
 */
export const LastGameState = schema({
  winner: t.string().default(''),
  points: t.uint16().default(0),
  kind: t.string().default(''),
  termination: t.string().default(''),
}, 'LastGameState');
export type LastGameState = SchemaType<typeof LastGameState>;

/** The backgammon room's synced state (PROTOCOL §4). It mirrors the match; it decides nothing. */
export const BackgammonState = schema({
  gameId: t.string().default(''),
  status: t.string().default('waiting'),
  phase: t.string().default('opening'),
  /** Index i is point i+1 from white's home: white checkers positive, black negative. */
  points: t.array('int8'),
  bar: SidePair,
  off: SidePair,
  turn: t.string().default(''),
  dice: t.array('uint8'),
  diceLeft: t.array('uint8'),
  cube: CubeState,
  resignation: ResignationState,
  score: SidePair,
  matchLength: t.uint8().default(1),
  jacoby: t.boolean().default(false),
  crawford: t.boolean().default(false),
  gameNumber: t.uint16().default(0),
  clock: DelayClockState,
  players: t.map(Seat),
  version: t.uint32().default(0),
  diceCommit: t.string().default(''),
  diceSeed: t.string().default(''),
  /** The match winner, once there is one. */
  winner: t.string().default(''),
  termination: t.string().default(''),
  /** The last finished game: who won it, the points it scored and how (single, gammon, backgammon). */
  lastGame: LastGameState,
  rated: t.boolean().default(false),
  ratingDiff: SidePair,
  spectators: t.uint16().default(0),
}, 'BackgammonState');
export type BackgammonState = SchemaType<typeof BackgammonState>;
