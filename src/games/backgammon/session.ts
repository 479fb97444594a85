/**
 * A backgammon match as a session: every change to a match at the table (table.ts) is an action
 * given as plain data, and `applyBackgammon` returns the event to keep: the action as the rules
 * took it (a play becomes the legal play's steps, an `expire` the timeout or the next game it
 * turned out to be). Applying the kept events in order, each at its time, to a table made from the
 * same setup (rules, server seed, client seeds) rebuilds the match exactly, its events, their
 * times, its dice and its clock: that is how a match in play comes back after a restart. Actions
 * by nobody (`seat` null) are the server's: the start, a reserve that ran out or the end of the
 * pause between games (`expire`), a forfeit or an abandonment (with the absences they are judged
 * on, as data), an abort, and the suspension and resumption around a restart.
 */
import type { Side } from '../side.ts';
import { Refusal } from '../refusal.ts';
import type { ClientSeeds } from './dice.ts';
import type { ResignPoints } from './events.ts';
import type { Step } from './plays.ts';
import type { AbsenceAction, BackgammonTable } from './table.ts';

export type BackgammonEvent =
  | { type: 'start' }
  | { type: 'roll' | 'double' | 'take' | 'drop' | 'resign:accept' | 'resign:decline' }
  | { type: 'move'; steps: Step[] }
  | { type: 'resign'; points: ResignPoints }
  /** The running side's reserve ran out; the pause between games ended. */
  | { type: 'timeout' | 'next-game' }
  | AbsenceAction
  /** The match ended with no winner: nobody came, or the server could not keep it. */
  | { type: 'abort' }
  | { type: 'suspend' | 'restored' | 'resume' };

/** What a player (or the server) asks: a play as the client sent it, `expire` for whatever deadline has passed. */
export type BackgammonAction =
  | Exclude<BackgammonEvent, { type: 'start' | 'move' }>
  /** The client seeds, unless the table was made with them (a match brought back). */
  | { type: 'start'; clientSeeds?: ClientSeeds }
  | { type: 'move'; steps: unknown }
  | { type: 'expire' };

const SERVER_ONLY = new Set(['start', 'expire', 'timeout', 'next-game', 'forfeit', 'abandon', 'abort', 'suspend', 'restored', 'resume']);

/**
 * Applies `action` by `seat` (null: the server) at `now`. Returns the event to keep, or
 * undefined when the action changed nothing (a deadline that has not passed, a resume of a match
 * not suspended); a refusal is thrown and changes nothing.
 */
export function applyBackgammon(table: BackgammonTable, seat: Side | null, action: BackgammonAction, now: number): BackgammonEvent | undefined {
  if (seat === null) return applyServerAction(table, action, now);
  if (SERVER_ONLY.has(action.type)) throw new Refusal('NOT_ALLOWED', `"${action.type}" is the server's to decide`);
  switch (action.type) {
    case 'roll': table.act(now, (match) => match.roll(seat)); break;
    case 'move': {
      const [play] = table.act(now, (match) => match.move(seat, action.steps));
      const steps = play?.type === 'play' ? play.steps.map(([from, to]): Step => [from, to]) : [];
      return { type: 'move', steps };
    }
    case 'double': table.act(now, (match) => match.double(seat)); break;
    case 'take': table.act(now, (match) => match.take(seat)); break;
    case 'drop': table.act(now, (match) => match.drop(seat)); break;
    case 'resign': {
      const { points } = action;
      table.act(now, (match) => match.resign(seat, points));
      return { type: 'resign', points };
    }
    case 'resign:accept': table.act(now, (match) => match.acceptResignation(seat)); break;
    case 'resign:decline': table.act(now, (match) => match.declineResignation(seat)); break;
    default: throw new Refusal('NOT_ALLOWED', `"${action.type}" is not an action of the match`);
  }
  return { type: action.type };
}

function applyServerAction(table: BackgammonTable, action: BackgammonAction, now: number): BackgammonEvent | undefined {
  switch (action.type) {
    case 'start': return table.start(now, action.clientSeeds) ? { type: 'start' } : undefined;
    case 'expire':
      if (table.suspended) return table.resumeIfDue(now) ? { type: 'resume' } : undefined;
      if (table.timeout(now)) return { type: 'timeout' };
      return table.startNextGame(now) ? { type: 'next-game' } : undefined;
    case 'timeout': return table.timeout(now) ? action : undefined;
    case 'next-game': return table.startNextGame(now) ? action : undefined;
    case 'forfeit': return table.forfeit(action.side, action.absentSince, now) ? action : undefined;
    case 'abandon': return table.abandon(action.absentSince, now) ? action : undefined;
    case 'abort': return table.abort(now) ? action : undefined;
    case 'suspend': return table.suspend(now) ? action : undefined;
    case 'restored': return table.restored(now) ? action : undefined;
    case 'resume': return table.resume(now) ? action : undefined;
    default: throw new Refusal('NOT_ALLOWED', `"${action.type}" needs a player`);
  }
}

/**
 * A kept event, applied again (a restart): the same call as when it was first taken. An event
 * that does not apply again means the journal and the rules disagree: that is an error, never a
 * silently different match.
 */
export function replayBackgammon(table: BackgammonTable, seat: Side | null, event: BackgammonEvent, at: number): void {
  const again = applyBackgammon(table, seat, event, at);
  if (again?.type !== event.type) {
    throw new Error(`the kept event "${event.type}" at ${at} does not replay (it gives ${again ? `"${again.type}"` : 'nothing'})`);
  }
}
