/**
 * A backgammon match at the table, as a server plays it: the match (match.ts) with its dice, its
 * delay-and-reserve clock, the pause between games, what a player's absence does, and the
 * suspension around a restart. Every rule about time lives here, none in a room: whom the clock
 * runs for (a fresh delay per action), the rolls the server makes by itself (the opening roll, and
 * the roll of a player who cannot double), the timeout when a reserve runs out, the next game
 * after the pause, the forfeit of a player gone too long and the end of a match both players
 * left. Time, the dice seed and the players' absences come in as data, so the same calls at the
 * same times make the same match: that is how a match comes back after a restart (session.ts).
 *
 * Suspension: while the server is away (and until the player to act is back, or their grace is
 * over) nothing runs: no clock (the side acting is charged up to the suspension, and gets the
 * rest of its delay and its reserve back on resumption, see delay-clock.ts), no pause between
 * games, no absence. On resumption the pause between games starts again in full, and a player's
 * absence counts from the resumption at the earliest.
 */
import { graceFrom, graceOver, type Suspension } from '../suspension.ts';
import type { BySide, Side } from '../side.ts';
import {
  createDelayClock, flagAt, isOutOfTime, resumeDelayClock, startAction, stopDelayClock, suspendDelayClock,
  type DelayClock, type DelayControl,
} from '../clock/delay-clock.ts';
import { commitOf, createDice, type ClientSeeds, type MatchDice } from './dice.ts';
import type { MatchEvent, MatchState } from './events.ts';
import { BackgammonMatch } from './match.ts';
import type { LegalPlay } from './plays.ts';

/** The pause between the games of a match, for both players to see how the last one ended. */
export const NEXT_GAME_PAUSE_MS = 4000;
/** One player gone this long during a match forfeits it (with a clock, the reserve usually runs out first). */
export const ABSENT_FORFEIT_MS = 5 * 60_000;
/** With both players gone this long, the match is aborted. */
export const ABANDONED_AFTER_MS = 10 * 60_000;
/** Rolls in a row the server makes by itself after one action (each may pass the turn to a player who cannot double either). */
const MAX_AUTOMATIC_ROLLS = 8;

export interface TableRules {
  /** 1–25 points, or 0 for a money game. */
  matchLength: number;
  jacoby: boolean;
  control: DelayControl | null;
}

/** The server's secret seed and, once known (a match brought back), both client seeds. */
export interface TableDice {
  seed: string;
  clientSeeds?: ClientSeeds | undefined;
}

/** Since when each player has been gone; a player who is here has no entry. */
export type Absences = Partial<BySide<number>>;

/** What an absence does once it has lasted: one player forfeits, or a match both left is aborted. */
export type AbsenceAction =
  | { type: 'forfeit'; side: Side; absentSince: number }
  | { type: 'abandon'; absentSince: BySide<number> };

export class BackgammonTable {
  readonly match: BackgammonMatch;
  /** sha-256 of the seed: public from the start. */
  readonly commit: string;
  clock: DelayClock | undefined;
  /** When each event of the match was made (epoch ms), index for index. */
  readonly eventTimes: number[] = [];
  startedAt: number | undefined;
  endedAt: number | undefined;
  /** When the next game starts by itself (between games only). */
  nextGameAt: number | undefined;
  /** Set while the match is suspended (the server stopped or crashed): since when, and once restored, until when at most. */
  suspended: Suspension | undefined;
  readonly #seed: string;
  #clientSeeds: ClientSeeds | undefined;
  #dice: MatchDice | undefined;
  /** The event count when the current action of the side to act began (each action gets a fresh delay). */
  #actionFrom = -1;
  /** Absences count from here at the earliest: the last resumption. */
  #absenceFrom = 0;

  constructor(rules: TableRules, dice: TableDice) {
    this.#seed = dice.seed;
    this.#clientSeeds = dice.clientSeeds;
    this.commit = commitOf(dice.seed);
    this.match = new BackgammonMatch({ matchLength: rules.matchLength, jacoby: rules.jacoby }, (k) => this.#rollAt(k));
    this.clock = rules.control ? createDelayClock(rules.control, 0) : undefined;
  }

  get state(): MatchState { return this.match.state; }
  get status() { return this.match.status; }
  get events(): readonly MatchEvent[] { return this.match.events; }
  /** The player the match waits for (undefined between games and outside play). */
  get toAct(): Side | undefined { return this.match.toAct; }
  /** The dice, once the match has started. */
  get dice(): MatchDice | undefined { return this.#dice; }

  legalPlays(): readonly LegalPlay[] {
    return this.match.legalPlays();
  }

  /** The seed, once the match is over (it is published then, never before). */
  get revealedSeed(): string | undefined {
    return this.match.status === 'ended' ? this.#dice?.reveal() : undefined;
  }

  /** The next moment the match changes by itself: a reserve running out, or the next game. */
  nextDeadline(): number | undefined {
    if (this.status !== 'playing') return undefined;
    if (this.suspended) return this.suspended.resumeBy;
    const flag = this.clock ? flagAt(this.clock) : undefined;
    if (flag === undefined) return this.nextGameAt;
    return this.nextGameAt === undefined ? flag : Math.min(flag, this.nextGameAt);
  }

  /** What the players' absences will do, and when (to be taken as a server action then). */
  absenceDue(absent: Absences): { at: number; action: AbsenceAction } | undefined {
    if (this.status !== 'playing' || this.suspended) return undefined;
    const { white, black } = absent;
    if (white !== undefined && black !== undefined) {
      const absentSince = { white, black };
      return { at: this.#abandonedAt(absentSince), action: { type: 'abandon', absentSince } };
    }
    const side: Side | undefined = white !== undefined ? 'white' : black !== undefined ? 'black' : undefined;
    if (side === undefined) return undefined;
    const since = absent[side]!;
    return { at: this.#forfeitAt(since), action: { type: 'forfeit', side, absentSince: since } };
  }

  #forfeitAt(absentSince: number): number {
    return Math.max(absentSince, this.#absenceFrom) + ABSENT_FORFEIT_MS;
  }

  #abandonedAt(absentSince: BySide<number>): number {
    return Math.max(absentSince.white, absentSince.black, this.#absenceFrom) + ABANDONED_AFTER_MS;
  }

  /**
   * Both players are seated: the dice are fixed (the server seed and both client seeds, given
   * here or when the table was made) and the first game begins with the opening roll.
   */
  start(now: number, clientSeeds?: ClientSeeds): boolean {
    if (this.status !== 'waiting') return false;
    const seeds = clientSeeds ?? this.#clientSeeds;
    if (!seeds) throw new Error('a match starts with both client seeds');
    this.#dice = createDice({ seed: this.#seed, clientSeeds: seeds });
    this.#clientSeeds = this.#dice.clientSeeds;
    this.startedAt = now;
    this.match.start();
    this.#settle(now);
    return true;
  }

  /**
   * A player's action on the match at `now` (`change` calls the match and returns its events);
   * a refusal changes nothing. Then the server rolls where a player has no choice, and the
   * clock runs for whoever must act.
   */
  act(now: number, change: (match: BackgammonMatch) => MatchEvent[]): MatchEvent[] {
    const events = change(this.match);
    this.#settle(now);
    return events;
  }

  /** The running side's reserve is gone at `now`: it loses the match. */
  timeout(now: number): boolean {
    const running = this.clock?.running;
    if (this.status !== 'playing' || this.suspended || !running || !isOutOfTime(this.clock!, now)) return false;
    this.match.timeout(running);
    this.#settle(now);
    return true;
  }

  /** The pause between games is over at `now`: the next game begins. */
  startNextGame(now: number): boolean {
    if (this.status !== 'playing' || this.suspended || this.nextGameAt === undefined || now < this.nextGameAt) return false;
    this.match.startNextGame();
    this.#settle(now);
    return true;
  }

  /** `side`, gone since `absentSince`, forfeits if that has lasted long enough at `now`. */
  forfeit(side: Side, absentSince: number, now: number): boolean {
    if (this.status !== 'playing' || this.suspended || now < this.#forfeitAt(absentSince)) return false;
    this.match.forfeit(side);
    this.#settle(now);
    return true;
  }

  /** Both players gone long enough at `now`: the match is aborted. */
  abandon(absentSince: BySide<number>, now: number): boolean {
    if (this.status !== 'playing' || this.suspended || now < this.#abandonedAt(absentSince)) return false;
    this.match.abort();
    this.#settle(now);
    return true;
  }

  /** Ends a match that is not over with no winner (nobody came, or it cannot be kept). */
  abort(now: number): boolean {
    if (this.status === 'ended') return false;
    this.match.abort();
    this.#settle(now);
    return true;
  }

  /** The server stops (or stopped) at `now`: nothing runs until `resume`. */
  suspend(now: number): boolean {
    if (this.status !== 'playing' || this.suspended) return false;
    this.suspended = { at: now };
    if (this.clock) this.clock = suspendDelayClock(this.clock, now);
    this.nextGameAt = undefined;
    return true;
  }

  /**
   * The server has the match again at `now` (a restart): play goes on when the player to act is
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
   * Play goes on at `now`: the side to act gets its clock back (the rest of its delay if no
   * action came meanwhile), a pause between games starts again, absences count from now.
   */
  resume(now: number): boolean {
    if (this.status !== 'playing' || !this.suspended) return false;
    this.suspended = undefined;
    this.#absenceFrom = now;
    if (this.clock) {
      const toAct = this.toAct;
      const sameAction = toAct !== undefined && this.#actionFrom === this.events.length;
      this.clock = resumeDelayClock(this.clock, sameAction ? toAct : undefined, now);
      this.#runClock(now);
    }
    if (this.match.phase === 'between-games') this.nextGameAt = now + NEXT_GAME_PAUSE_MS;
    return true;
  }

  /** After any change: the server's own rolls, the events' times, the pause, the end, the clock. */
  #settle(now: number): void {
    for (let rolls = 0; rolls < MAX_AUTOMATIC_ROLLS && this.match.mustRollAutomatically; rolls++) {
      this.match.roll((this.match.turn || 'white') as Side);
    }
    while (this.eventTimes.length < this.events.length) this.eventTimes.push(now);
    if (this.status === 'ended') {
      this.endedAt ??= now;
      this.nextGameAt = undefined;
      if (this.suspended && this.clock) this.clock = resumeDelayClock(this.clock, undefined, now);
      this.suspended = undefined;
    } else if (this.match.phase === 'between-games') {
      if (!this.suspended) this.nextGameAt ??= now + NEXT_GAME_PAUSE_MS;
    } else {
      this.nextGameAt = undefined;
    }
    this.#runClock(now);
  }

  /** Each new action of the side that must act starts a fresh delay; nobody to act stops the clock. */
  #runClock(now: number): void {
    if (!this.clock || this.suspended) return;
    const toAct = this.toAct;
    const count = this.events.length;
    if (toAct === undefined) {
      this.clock = stopDelayClock(this.clock, now);
      this.#actionFrom = -1;
    } else if (this.clock.running !== toAct || this.#actionFrom !== count) {
      this.clock = startAction(this.clock, toAct, now);
      this.#actionFrom = count;
    }
  }

  #rollAt(k: number): readonly [number, number] {
    if (!this.#dice) throw new Error('the dice are fixed when the match starts');
    return this.#dice.roll(k);
  }
}
