/**
 * A chess game at any event of its journal: the round rebuilt from the game's settings and its
 * kept events up to the N-th, as the players saw it then (position, moves, clocks, offers,
 * status). Games journaled since the journal exists have one; others answer undefined.
 */
import { ChessGame } from '../games/chess/game.ts';
import { ChessRound } from '../games/chess/round.ts';
import { replayChess, type ChessEvent } from '../games/chess/session.ts';
import type { TimeControl } from '../games/clock/time-control.ts';
import type { Side } from '../games/side.ts';
import type { Orm } from '../db/orm.ts';
import { findSession } from './game-sessions.ts';
import { gameEvents } from './journal-entries.ts';

/** The part of a chess game's journal setup a replay needs (the room keeps more). */
interface ChessSetup { settings: { fen: string; control: TimeControl | null } }

export interface ChessReplay {
  at: number;
  events: number;
  event: (ChessEvent & { seat: string | null; time: string }) | null;
  fen: string;
  ply: number;
  turn: Side;
  moves: string[];
  lastMove: string;
  status: string;
  result: string | null;
  termination: string | null;
  clock: { white: number; black: number; running: Side | null } | null;
  drawOffer: Side | null;
  takebackOffer: Side | null;
  suspended: boolean;
}

/** The game `gameId` after its event `at` (all of them when undefined); undefined without a journal. */
export async function chessReplay({ orm, gameId, at }: { orm: Orm; gameId: string; at: number | undefined }): Promise<ChessReplay | 'out-of-range' | undefined> {
  const session = await findSession({ orm, id: gameId });
  if (!session || session.kind !== 'chess') return undefined;
  const { settings } = session.setup as ChessSetup;
  const events = gameEvents<ChessEvent>(session.entries);
  const upTo = at ?? events.length;
  if (upTo > events.length) return 'out-of-range';
  const round = new ChessRound(ChessGame.start(settings.fen) as ChessGame, settings.control);
  for (const { seat, event, at: time } of events.slice(0, upTo)) replayChess(round, seat as Side | null, event, time);
  const last = upTo > 0 ? events[upTo - 1]! : undefined;
  const outcome = round.outcome;
  return {
    at: upTo,
    events: events.length,
    event: last ? { ...last.event, seat: last.seat, time: new Date(last.at).toISOString() } : null,
    fen: round.game.fen,
    ply: round.ply,
    turn: round.turn,
    moves: [...round.game.sans],
    lastMove: round.game.ucis.at(-1) ?? '',
    status: round.status,
    result: outcome && outcome.termination !== 'aborted' ? outcome.result : null,
    termination: outcome?.termination ?? null,
    clock: round.clock ? { white: round.clock.remaining.white, black: round.clock.remaining.black, running: round.clock.running ?? null } : null,
    drawOffer: round.drawOffer ?? null,
    takebackOffer: round.takebackOffer ?? null,
    suspended: round.suspended !== undefined,
  };
}
