import { schema, t, type SchemaType } from '@colyseus/schema';
import { STANDARD_FEN } from '../src/games/chess/game.ts';
import { ClockState, SidePair } from './clock.ts';
import { Seat } from './seat.ts';

/** The chess room's synced state (PROTOCOL §3). It mirrors the round; it decides nothing. */
export const ChessState = schema({
  gameId: t.string().default(''),
  status: t.string().default('waiting'),
  result: t.string().default(''),
  termination: t.string().default(''),
  initialFen: t.string().default(STANDARD_FEN),
  fen: t.string().default(STANDARD_FEN),
  moves: t.array('string'),
  lastMove: t.string().default(''),
  ply: t.uint16().default(0),
  turn: t.string().default('white'),
  version: t.uint32().default(0),
  players: t.map(Seat),
  clock: ClockState,
  /** Deadline (server epoch ms) for the first move of the side to move, 0 when none runs. */
  firstMoveBy: t.number().default(0),
  /** When the present player may claim victory over a gone opponent (epoch ms), 0 when not. */
  claimVictoryAt: t.number().default(0),
  drawOffer: t.string().default(''),
  takebackOffer: t.string().default(''),
  rematchOffer: t.string().default(''),
  category: t.string().default('untimed'),
  /** "3+2" (minutes + seconds) or "untimed". */
  timeControl: t.string().default('untimed'),
  rated: t.boolean().default(false),
  ratingDiff: SidePair,
  spectators: t.uint16().default(0),
}, 'ChessState');
export type ChessState = SchemaType<typeof ChessState>;
