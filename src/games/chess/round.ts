/**
 * One game of chess as it is played on a server (lichess's "round"): the position, the clock,
 * the first-move limits, and what the players may propose or claim: draw offers (standing until
 * answered or until the opponent moves; after one lapses, none from the same player for 20
 * plies), takebacks (the requester's last move, one or two plies), aborts (before both have
 * moved), draw claims (threefold, fifty moves, by the player to move), victory claims (the
 * opponent gone past a grace), resignation, flags, and the abandonment of a game both players
 * left. Time, measured lag and the players' absences are passed in; every call returns plain
 * data or a typed refusal and changes nothing when it refuses.
 */
import { createClock, flagAt, isOutOfTime, recordMove, remainingAt, startClock, stopClock, switchTo, type FischerClock } from '../clock/fischer-clock.ts';
import { categoryOf, firstMoveLimitMs, type Category, type TimeControl } from '../clock/time-control.ts';
import { opposite, type BySide, type Side } from '../side.ts';
import { ChessGame, type MoveInput, type PlayedMove } from './game.ts';
import { Refusal } from '../refusal.ts';
import { graceFrom, graceOver, type Suspension } from '../suspension.ts';
import { draw, win, type Outcome } from './outcome.ts';

export type RoundStatus = 'waiting' | 'playing' | 'ended';

/**
 * Refusal codes: NOT_STARTED, GAME_OVER, NOT_YOUR_TURN, ILLEGAL_MOVE, NO_OFFER,
 * OFFER_NOT_ALLOWED, CANNOT_ABORT, CANNOT_RESIGN, CANNOT_CLAIM, TAKEBACK_NOT_ALLOWED.
 */
export { Refusal };

export interface MoveRecord { san: string; uci: string; clockMs: number | null; spentMs: number }

/** A player who is not connected: since when, and whether they left on purpose. */
export interface Absence { since: number; leftOnPurpose: boolean; guest: boolean }

/** Plies a player must wait after a draw offer of theirs lapsed (lila Drawer). */
export const DRAW_OFFER_COOLDOWN_PLIES = 20;

/** With both players gone this long, a game in play is aborted. */
export const ABANDONED_AFTER_MS = 10 * 60_000;

/**
 * The abandonment of a game both players left, as the server takes it: with since when each has
 * been gone, so that the rule is judged again on the same data (and a replay judges it the same).
 */
export interface Abandonment { type: 'abandon'; absentSince: BySide<number> }

/**
 * How long a player must have been gone before the opponent may claim victory (lila): 10 s
 * after leaving on purpose, 40 s after a dropped connection; ×2 in rapid, ×3 in classical
 * and untimed; halved for guests.
 */
export function claimVictoryGraceMs(category: Category, absence: Pick<Absence, 'leftOnPurpose' | 'guest'>): number {
  const base = absence.leftOnPurpose ? 10_000 : 40_000;
  const slow = category === 'classical' || category === 'untimed' ? 3 : category === 'rapid' ? 2 : 1;
  return (base * slow) / (absence.guest ? 2 : 1);
}

export class ChessRound {
  readonly game: ChessGame;
  readonly control: TimeControl | null;
  readonly category: Category;
  status: RoundStatus = 'waiting';
  outcome: Outcome | undefined;
  clock: FischerClock | undefined;
  startedAt: number | undefined;
  endedAt: number | undefined;
  /** Until when the side to move may make its first move (plies 1 and 2 only). */
  firstMoveBy: number | undefined;
  drawOffer: Side | undefined;
  takebackOffer: Side | undefined;
  rematchOffer: Side | undefined;
  readonly records: MoveRecord[] = [];
  /**
   * Set while the game is suspended (the server stopped or crashed): when, whether the clock was
   * running, and what was left of the first-move limit. No time is charged meanwhile.
   */
  suspended: (Suspension & { clockRan: boolean; firstMoveLeftMs: number | undefined }) | undefined;
  #drawOfferedAt: Partial<BySide<number>> = {};
  #lastMoveAt = 0;
  /** Absences count from here at the earliest: the last resumption after a restart (the time away is charged to nobody). */
  #absenceFrom = 0;

  constructor(game: ChessGame, control: TimeControl | null) {
    this.game = game;
    this.control = control;
    this.category = categoryOf(control);
  }

  /** Both players are seated: the game is on and the first move's limit runs. */
  start(now: number): void {
    if (this.status !== 'waiting') return;
    this.status = 'playing';
    this.startedAt = now;
    this.#lastMoveAt = now;
    this.firstMoveBy = now + firstMoveLimitMs(this.category);
    if (this.control) this.clock = createClock(this.control, now);
  }

  get ply(): number { return this.game.ply; }
  get turn(): Side { return this.game.turn; }

  /** Time left for `side` at `now` (the initial time before the clock starts). */
  remaining(side: Side, now: number): number | undefined {
    return this.clock ? remainingAt(this.clock, side, now) : undefined;
  }

  #requirePlaying(): void {
    if (this.status === 'waiting') throw new Refusal('NOT_STARTED', 'the game has not started: both seats must be taken');
    if (this.status === 'ended') throw new Refusal('GAME_OVER', 'the game is over');
  }

  #end(outcome: Outcome, now: number): Outcome {
    this.status = 'ended';
    this.outcome = outcome;
    this.endedAt = now;
    this.firstMoveBy = undefined;
    this.drawOffer = undefined;
    this.takebackOffer = undefined;
    this.suspended = undefined;
    if (this.clock) this.clock = stopClock(this.clock, now);
    return outcome;
  }

  /**
   * The deadline that changes the game by itself if nothing happens first: the running side's
   * flag, or the first-move limit; while suspended, the end of the grace after a restart.
   * `lag` gives each side's measured lag.
   */
  nextDeadline(lag: (side: Side) => number): number | undefined {
    if (this.status !== 'playing') return undefined;
    if (this.suspended) return this.suspended.resumeBy;
    if (this.firstMoveBy !== undefined) return this.firstMoveBy;
    return this.clock ? flagAt(this.clock, lag(this.clock.running ?? 'white')) : undefined;
  }

  /** Ends the game if a deadline has passed at `now`: a flag (timeout) or a missed first move (aborted). */
  expire(now: number, lag: (side: Side) => number): Outcome | undefined {
    if (this.status !== 'playing' || this.suspended) return undefined;
    if (this.firstMoveBy !== undefined && now >= this.firstMoveBy) return this.#end(draw('aborted'), now);
    const running = this.clock?.running;
    if (running && isOutOfTime(this.clock!, now, lag(running))) {
      return this.#end(this.game.timeoutOutcome(running), now);
    }
    return undefined;
  }

  move(side: Side, input: MoveInput, now: number, lagMs: number): { move: PlayedMove; outcome: Outcome | undefined } {
    this.#requirePlaying();
    if (side !== this.turn) throw new Refusal('NOT_YOUR_TURN', `it is ${this.turn}'s turn`);
    const result = this.game.play(input);
    if (!result.ok) throw new Refusal('ILLEGAL_MOVE', result.error.message);
    return this.#moved(side, result.move, now, lagMs);
  }

  /** A move this round took before, taken again as it was kept (a restart): see ChessGame.replay. */
  replayMove(side: Side, kept: { uci: string; san: string; fen: string }, now: number, lagMs: number): { move: PlayedMove; outcome: Outcome | undefined } {
    this.#requirePlaying();
    if (side !== this.turn) throw new Refusal('NOT_YOUR_TURN', `it is ${this.turn}'s turn`);
    return this.#moved(side, this.game.replay(kept), now, lagMs);
  }

  /** After `side`'s move: the clock, the record, the first-move limit, the offers, the end. */
  #moved(side: Side, played: PlayedMove, now: number, lagMs: number): { move: PlayedMove; outcome: Outcome | undefined } {
    let clockMs: number | null = null;
    let spentMs = now - this.#lastMoveAt;
    if (this.clock) {
      if (this.ply === 2) {
        this.clock = startClock(this.clock, opposite(side), now);
      } else if (this.ply > 2) {
        const step = recordMove(this.clock, side, now, lagMs);
        this.clock = step.clock;
        spentMs = step.spentMs;
      }
      clockMs = this.clock.remaining[side];
    }
    this.records.push({ san: played.san, uci: played.uci, clockMs, spentMs });
    this.#lastMoveAt = now;
    this.firstMoveBy = this.ply === 1 && this.status === 'playing' ? now + firstMoveLimitMs(this.category) : undefined;
    if (this.drawOffer === opposite(side)) this.drawOffer = undefined;
    this.takebackOffer = undefined;

    const outcome = played.outcome ? this.#end(played.outcome, now) : undefined;
    return { move: played, outcome };
  }

  resign(side: Side, now: number): Outcome {
    this.#requirePlaying();
    if (this.ply < 2) throw new Refusal('CANNOT_RESIGN', 'both players have not moved yet: abort instead');
    return this.#end(win(opposite(side), 'resign'), now);
  }

  abort(now: number): Outcome {
    this.#requirePlaying();
    if (this.ply >= 2) throw new Refusal('CANNOT_ABORT', 'both players have moved: the game can no longer be aborted');
    return this.#end(draw('aborted'), now);
  }

  /** A draw offer; if the opponent already offered one, it is an agreement. */
  offerDraw(side: Side, now: number): Outcome | undefined {
    this.#requirePlaying();
    if (this.drawOffer === opposite(side)) return this.#end(draw('agreement'), now);
    if (this.ply < 2) throw new Refusal('OFFER_NOT_ALLOWED', 'a draw can be offered once both players have moved');
    if (this.drawOffer === side) throw new Refusal('OFFER_NOT_ALLOWED', 'your draw offer is already standing');
    const last = this.#drawOfferedAt[side];
    if (last !== undefined && this.ply - last < DRAW_OFFER_COOLDOWN_PLIES) {
      throw new Refusal('OFFER_NOT_ALLOWED', `you offered a draw ${this.ply - last} plies ago; wait ${DRAW_OFFER_COOLDOWN_PLIES} plies`);
    }
    this.drawOffer = side;
    this.#drawOfferedAt[side] = this.ply;
    return undefined;
  }

  answerDraw(side: Side, accept: boolean, now: number): Outcome | undefined {
    this.#requirePlaying();
    if (this.drawOffer !== opposite(side)) throw new Refusal('NO_OFFER', 'there is no draw offer to answer');
    if (accept) return this.#end(draw('agreement'), now);
    this.drawOffer = undefined;
    return undefined;
  }

  /** How many plies a takeback for `side` undoes: back to before `side`'s last move. */
  #takebackPlies(side: Side): number {
    const lastOwn = this.game.turn === side ? 2 : 1;
    return this.ply >= 2 && this.ply >= lastOwn ? lastOwn : 0;
  }

  /** A takeback request; if the opponent already asked for one, it is accepted. */
  offerTakeback(side: Side, now: number): void {
    this.#requirePlaying();
    if (this.takebackOffer === opposite(side)) {
      this.answerTakeback(side, true, now);
      return;
    }
    if (this.#takebackPlies(side) === 0) throw new Refusal('TAKEBACK_NOT_ALLOWED', 'there is no move of yours to take back');
    if (this.takebackOffer === side) throw new Refusal('TAKEBACK_NOT_ALLOWED', 'your takeback request is already standing');
    this.takebackOffer = side;
  }

  answerTakeback(side: Side, accept: boolean, now: number): void {
    this.#requirePlaying();
    const requester = opposite(side);
    if (this.takebackOffer !== requester) throw new Refusal('NO_OFFER', 'there is no takeback request to answer');
    this.takebackOffer = undefined;
    if (!accept) return;
    const plies = this.#takebackPlies(requester);
    this.game.undo(plies);
    this.records.splice(this.records.length - plies, plies);
    this.drawOffer = undefined;
    this.#lastMoveAt = now;
    if (this.clock?.running) this.clock = switchTo(this.clock, this.turn, now);
  }

  claimDraw(side: Side, now: number): Outcome {
    this.#requirePlaying();
    if (side !== this.turn) throw new Refusal('NOT_YOUR_TURN', 'only the player to move may claim a draw');
    const claim = this.game.drawClaim();
    if (!claim) throw new Refusal('CANNOT_CLAIM', 'there is no threefold repetition and no fifty-move rule to claim');
    return this.#end(draw(claim), now);
  }

  /** The present player claims the game (or a draw) when the opponent has been gone past the grace. */
  claimVictory(side: Side, opponent: Absence | undefined, asDraw: boolean, now: number): Outcome {
    this.#requirePlaying();
    if (!opponent) throw new Refusal('CANNOT_CLAIM', 'your opponent is here');
    const claimableAt = this.claimableAt(opponent);
    if (now < claimableAt) throw new Refusal('CANNOT_CLAIM', `your opponent may still return; you can claim in ${Math.ceil((claimableAt - now) / 1000)} s`);
    if (this.ply < 2) throw new Refusal('CANNOT_CLAIM', 'both players have not moved yet: abort instead');
    if (asDraw || !this.game.hasMatingMaterial(side)) return this.#end(draw('abandoned'), now);
    return this.#end(win(side, 'abandoned'), now);
  }

  claimableAt(opponent: Absence): number {
    return opponent.since + claimVictoryGraceMs(this.category, opponent);
  }

  /** A game whose players did not all come: it ends before it began (nothing to record). */
  cancel(now: number): Outcome | undefined {
    return this.status === 'waiting' ? this.#end(draw('aborted'), now) : undefined;
  }

  /**
   * When the players' absences (since when each is gone; a player who is here has none) abort
   * the game, to be taken then as the server's `abandon`: only with both gone from a game in
   * play and not suspended, ABANDONED_AFTER_MS after the later absence, counted from the last
   * resumption at the earliest.
   */
  abandonmentDue(absentSince: Partial<BySide<number>>): { at: number; action: Abandonment } | undefined {
    const { white, black } = absentSince;
    if (this.status !== 'playing' || this.suspended || white === undefined || black === undefined) return undefined;
    const both = { white, black };
    return { at: this.#abandonedAt(both), action: { type: 'abandon', absentSince: both } };
  }

  #abandonedAt(absentSince: BySide<number>): number {
    return Math.max(absentSince.white, absentSince.black, this.#absenceFrom) + ABANDONED_AFTER_MS;
  }

  /**
   * Both players, gone since `absentSince`, have been gone long enough at `now`: the game is
   * aborted (no result, never rated). Nothing happens to a game not in play, suspended, or
   * before its time (see `abandonmentDue`).
   */
  abandon(absentSince: BySide<number>, now: number): Outcome | undefined {
    if (this.status !== 'playing' || this.suspended || now < this.#abandonedAt(absentSince)) return undefined;
    return this.#end(draw('aborted'), now);
  }

  /**
   * Aborts a game in play at once: the server stops and cannot keep it (no journal). Also how an
   * abandonment kept before the rule was judged here (with no absences) is replayed.
   */
  abortUnfinished(now: number): Outcome | undefined {
    return this.status === 'playing' ? this.#end(draw('aborted'), now) : undefined;
  }

  /**
   * The server stops (or stopped) at `now`: the running side is charged up to `now`, then no
   * clock runs and no first-move limit counts until `resume`. Nothing else changes: offers stand.
   */
  suspend(now: number): boolean {
    if (this.status !== 'playing' || this.suspended) return false;
    const clockRan = this.clock?.running !== undefined;
    if (this.clock) this.clock = stopClock(this.clock, now);
    const firstMoveLeftMs = this.firstMoveBy === undefined ? undefined : Math.max(0, this.firstMoveBy - now);
    this.suspended = { at: now, clockRan, firstMoveLeftMs };
    this.firstMoveBy = undefined;
    return true;
  }

  /**
   * The server has the game again at `now` (a restart): play goes on when the player to move is
   * back (`resume`), or RESUME_GRACE_MS from now (`resumeIfDue`), whichever comes first.
   */
  restored(now: number): boolean {
    if (this.status !== 'playing' || !this.suspended) return false;
    this.suspended = graceFrom(this.suspended, now);
    return true;
  }

  /** Play goes on if the grace after a restart is over at `now`. */
  resumeIfDue(now: number): boolean {
    return graceOver(this.suspended, now) && this.resume(now);
  }

  /**
   * Play goes on at `now` (the player to move is back, or their grace is over): the side to move
   * gets its clock back, or what was left of its first-move limit; absences count from now.
   */
  resume(now: number): boolean {
    const paused = this.suspended;
    if (this.status !== 'playing' || !paused) return false;
    this.suspended = undefined;
    this.#absenceFrom = now;
    if (this.clock && paused.clockRan) this.clock = startClock(this.clock, this.turn, now);
    if (paused.firstMoveLeftMs !== undefined) this.firstMoveBy = now + paused.firstMoveLeftMs;
    this.#lastMoveAt = now - (paused.at - this.#lastMoveAt); // the move's time, less the time away

    return true;
  }

  /** A rematch proposal after the end; `true` when it meets the opponent's. */
  offerRematch(side: Side): boolean {
    if (this.status !== 'ended') throw new Refusal('OFFER_NOT_ALLOWED', 'a rematch can be offered once the game is over');
    if (this.rematchOffer === opposite(side)) {
      this.rematchOffer = undefined;
      return true;
    }
    this.rematchOffer = side;
    return false;
  }

  declineRematch(side: Side): void {
    if (this.rematchOffer !== opposite(side)) throw new Refusal('NO_OFFER', 'there is no rematch offer to answer');
    this.rematchOffer = undefined;
  }
}
