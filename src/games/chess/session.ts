/**
 * A chess game as a session: every change to a round is an action given as plain data, and
 * `applyChess` returns the event to keep (the action as the rules took it: a SAN move becomes
 * the UCI move played, a flag carries the lag it was judged with). Applying the kept events in
 * order, each at its time, rebuilds the round exactly: that is how a game in play comes back
 * after a restart (rooms/shared/journal-runner.ts). Actions by nobody (`seat` null) are the
 * server's: a flag, the first-move limit, a game nobody came to, a game both players left (with
 * the absences it is judged on, as data), a game the server stops without being able to keep it,
 * and the suspension around a restart (src/games/suspension.ts): `suspend`, then `restored` when
 * the server has the game again, then `resume` when the player to move is back, or an `expire`
 * once their grace is over.
 */
import type { Side } from '../side.ts';
import { Refusal } from '../refusal.ts';
import type { MoveInput } from './game.ts';
import type { Abandonment, Absence, ChessRound } from './round.ts';

export type ChessEvent =
  | { type: 'start' }
  /** `san` and `fen` (the position after) let a replay load the position instead of generating moves. */
  | { type: 'move'; uci: string; lag: number; san?: string; fen?: string }
  | { type: 'resign' | 'abort' | 'claim:draw' }
  | { type: 'draw:offer' | 'draw:accept' | 'draw:decline' }
  | { type: 'takeback:offer' | 'takeback:accept' | 'takeback:decline' }
  | { type: 'claim:victory'; draw: boolean; absence: Absence }
  /** The running side's flag fell, or the first-move limit passed: judged with this lag. */
  | { type: 'expire'; lag: number }
  /** Nobody came (the seats were reserved); the server stopped with a game it could not keep (no journal). */
  | { type: 'cancel' | 'shutdown' }
  /** Both players left long enough ago (round.ts: ABANDONED_AFTER_MS). */
  | Abandonment
  /** An abandonment kept before the rules judged it (no absences): replayed as it was taken then. */
  | { type: 'abandon'; absentSince?: undefined }
  /** Around a restart: suspended, the server has the game again (the grace starts), play goes on. */
  | { type: 'suspend' | 'restored' | 'resume' };

/** What a player asks; a move may be in SAN or UCI, and its lag is measured by the room. */
export type ChessAction =
  | Exclude<ChessEvent, { type: 'move' | 'claim:victory' | 'abandon' }>
  | Abandonment
  | { type: 'move'; input: MoveInput; lag: number }
  | { type: 'claim:victory'; draw: boolean; absence: Absence | undefined };

const SERVER_ONLY = new Set(['start', 'expire', 'cancel', 'abandon', 'shutdown', 'suspend', 'restored', 'resume']);

/**
 * Applies `action` by `seat` (null: the server) at `now`. Returns the event to keep, or
 * undefined when the action changed nothing (a deadline that has not passed, a resume of a game
 * not suspended); a refusal is thrown and changes nothing.
 */
export function applyChess(round: ChessRound, seat: Side | null, action: ChessAction, now: number): ChessEvent | undefined {
  if (seat === null) return applyServerAction(round, action, now);
  if (SERVER_ONLY.has(action.type)) throw new Refusal('NOT_ALLOWED', `"${action.type}" is the server's to decide`);
  switch (action.type) {
    case 'move': {
      const { move } = round.move(seat, action.input, now, action.lag);
      return { type: 'move', uci: move.uci, lag: action.lag, san: move.san, fen: move.fen };
    }
    case 'resign': round.resign(seat, now); break;
    case 'abort': round.abort(now); break;
    case 'claim:draw': round.claimDraw(seat, now); break;
    case 'draw:offer': round.offerDraw(seat, now); break;
    case 'draw:accept': round.answerDraw(seat, true, now); break;
    case 'draw:decline': round.answerDraw(seat, false, now); break;
    case 'takeback:offer': round.offerTakeback(seat, now); break;
    case 'takeback:accept': round.answerTakeback(seat, true, now); break;
    case 'takeback:decline': round.answerTakeback(seat, false, now); break;
    case 'claim:victory': round.claimVictory(seat, action.absence, action.draw, now); break;
  }
  return action as ChessEvent;
}

function applyServerAction(round: ChessRound, action: ChessAction, now: number): ChessEvent | undefined {
  switch (action.type) {
    case 'start':
      if (round.status !== 'waiting') return undefined;
      round.start(now);
      return action;
    case 'expire': return (round.suspended ? round.resumeIfDue(now) : round.expire(now, () => action.lag) !== undefined) ? action : undefined;
    case 'cancel': return round.cancel(now) ? action : undefined;
    case 'abandon': return round.abandon(action.absentSince, now) ? action : undefined;
    case 'shutdown': return round.abortUnfinished(now) ? action : undefined;
    case 'suspend': return round.suspend(now) ? action : undefined;
    case 'restored': return round.restored(now) ? action : undefined;
    case 'resume': return round.resume(now) ? action : undefined;
    default: throw new Refusal('NOT_ALLOWED', `"${action.type}" needs a player`);
  }
}

/**
 * A kept event, applied again (a restart): the same call as when it was first taken, except
 * that a move kept with its SAN and position is loaded rather than generated, and that an
 * abandonment kept without its absences (before the rules judged it) aborts the game in play,
 * unjudged, as it did then.
 */
export function replayChess(round: ChessRound, seat: Side | null, event: ChessEvent, at: number): void {
  if (event.type === 'move' && seat !== null && event.san !== undefined && event.fen !== undefined) {
    round.replayMove(seat, { uci: event.uci, san: event.san, fen: event.fen }, at, event.lag);
    return;
  }
  applyChess(round, seat, actionOf(event), at);
}

function actionOf(event: ChessEvent): ChessAction {
  switch (event.type) {
    case 'move': return { type: 'move', input: { uci: event.uci }, lag: event.lag };
    case 'abandon': return event.absentSince ? { type: 'abandon', absentSince: event.absentSince } : { type: 'shutdown' };
    default: return event;
  }
}
