/**
 * A Dota 2 Captain's Mode hero draft (`kind: "heroes"`) between two captains, as the server
 * runs it: waiting for both captains → coin flip → the winner chooses a pick order or a side,
 * the other captain chooses from the category left → the 24 steps of captains-mode.ts, each
 * timed by a grace and the acting team's reserve bank (turn-clock.ts) → completed.
 *
 * Time is passed in and the coin and the random hero are injected. Every action returns plain
 * data or throws a Refusal and changes nothing when it refuses. Presence is told by the session
 * (`connect`, `disconnect`; session.ts): a captain's disconnect while drafting pauses the draft;
 * when both are back it resumes after a 3 s countdown with the turn's elapsed time preserved.
 *
 * Timers: the room keeps one timer at `nextDeadline(now)` (the grace's end, then the bank's)
 * and calls `expire(now)` when it fires. When the bank is dry a pick becomes a random available
 * hero, and a ban bans nothing (recorded as a timeout with no choice). An action that reaches
 * the rules before the room applied the timeout is still the captain's own, with the bank
 * charged to zero. While a draft is `drafting` the room may tick once a second with `tick(now)`.
 *
 * Suspension (the server stopped or crashed, session.ts): a running turn is paused at the
 * suspension (charged up to it, as a captain's disconnect would); choosing and a paused turn
 * simply wait. Nothing resumes while suspended, not even with both captains in; when the
 * suspension ends, the draft is paused or counts down to resume by the usual rule (both
 * captains in → the 3 s countdown).
 */
import { Refusal } from '../refusal.ts';
import { ALL_CHOICES, CAPTAINS_MODE, remainingChoices, settleChoices, type CmStep, type Side } from './captains-mode.ts';
import { isOver, type CaptainsChoice, type DraftAction, type DraftEvent, type DraftStatus } from './events.ts';
import { DEFAULT_HERO_POOL } from './heroes.ts';
import {
  countdownLeftMs, elapsedMs, exhaustedAt, graceLeftMs, isExhausted, nextDeadline, pauseTurn,
  reserveChargeMs, reserveLeftMs, resumeTurn, startTurn, type TurnClock,
} from './turn-clock.ts';

/**
 * Refusal codes: NOT_YOUR_PICK (not the captain whose turn or choice it is), UNAVAILABLE (hero
 * taken, banned or not in the pool; a choice from the category already decided), WRONG_PHASE
 * (no turn runs: waiting, choosing, paused or counting down; or `pick` on a ban step, `ban` on
 * a pick step; or `choose` while drafting), GAME_OVER (completed or abandoned). Construction
 * refuses bad options with INVALID_OPTIONS.
 */
export { Refusal };

export const DEFAULT_GRACE_SECONDS = 30;
export const DEFAULT_RESERVE_SECONDS = 130;

export type TeamIndex = 0 | 1;

export interface HeroDraftTeamInput { name: string; captainId: string }

export interface HeroDraftOptions {
  teams: readonly HeroDraftTeamInput[];
  /** The organiser's pool of hero ids; default: every hero (heroes.ts). */
  heroes?: readonly string[];
  graceSeconds?: number;
  reserveSeconds?: number;
}

export interface HeroDraftRandom {
  /** The coin flip: the index of the team that wins it. */
  coin: () => TeamIndex;
  /** A uniform integer in 0..n−1 (the hero given on a timed-out pick). */
  randomIndex: (n: number) => number;
}

export interface HeroDraftTeam {
  readonly name: string;
  readonly captainId: string;
  connected: boolean;
  /** The bank as it stood when the current turn began (whole seconds); `tick` gives it live. */
  reserveMs: number;
  order: 'first' | 'second' | undefined;
  side: Side | undefined;
  readonly picks: string[];
  readonly bans: string[];
}

/** One completed step of the 24 (`n` from 1). `choice` is null for a ban that timed out. */
export interface HeroStep {
  n: number;
  team: TeamIndex;
  action: DraftAction;
  choice: string | null;
  /** The server chose (a pick that timed out). */
  auto: boolean;
  timedOut: boolean;
  /** Turn time used (pauses excluded), and what it took from the bank. */
  spentMs: number;
  reserveUsedMs: number;
  at: number;
}

/** What the once-a-second tick carries, read at `now`. */
export interface HeroDraftTick {
  status: DraftStatus;
  step: number;
  activeTeam: TeamIndex | undefined;
  action: DraftAction | undefined;
  graceMs: number;
  reserveMs: [number, number];
  /** Left of the resume countdown (0 when none runs). */
  countdownMs: number;
}

function invalid(message: string): never {
  throw new Refusal('INVALID_OPTIONS', message);
}

function wholeSeconds(value: number | undefined, fallback: number, min: number, what: string): number {
  const seconds = value ?? fallback;
  if (!Number.isInteger(seconds) || seconds < min) invalid(`${what} must be a whole number of seconds, at least ${min}`);
  return seconds;
}

export class HeroDraft {
  readonly kind = 'heroes';
  readonly graceMs: number;
  readonly heroes: readonly string[];
  readonly teams: [HeroDraftTeam, HeroDraftTeam];
  status: DraftStatus = 'waiting';
  coinWinner: TeamIndex | undefined;
  readonly choices: { team: TeamIndex; choice: CaptainsChoice }[] = [];
  firstPick: TeamIndex | undefined;
  /** The current turn's time while drafting or paused. */
  clock: TurnClock | undefined;
  /** Set while the draft stands still across a restart of its server: since when. */
  suspended: { at: number } | undefined;
  readonly history: HeroStep[] = [];
  readonly events: DraftEvent[] = [];
  readonly #random: HeroDraftRandom;
  readonly #pool: ReadonlySet<string>;
  readonly #used = new Set<string>();

  constructor(options: HeroDraftOptions, random: HeroDraftRandom) {
    if (options.teams.length !== 2) invalid("Captain's Mode needs exactly two teams");
    const [a, b] = options.teams as [HeroDraftTeamInput, HeroDraftTeamInput];
    if (a.captainId === b.captainId) invalid('each team needs its own captain');
    this.graceMs = wholeSeconds(options.graceSeconds, DEFAULT_GRACE_SECONDS, 1, 'graceSeconds') * 1000;
    const reserveMs = wholeSeconds(options.reserveSeconds, DEFAULT_RESERVE_SECONDS, 0, 'reserveSeconds') * 1000;
    const heroes = options.heroes ?? DEFAULT_HERO_POOL;
    if (heroes.some((h) => typeof h !== 'string' || h === '')) invalid('a hero id must be a non-empty string');
    if (new Set(heroes).size !== heroes.length) invalid('a hero is listed twice');
    if (heroes.length < CAPTAINS_MODE.length) invalid(`the pool needs at least ${CAPTAINS_MODE.length} heroes`);
    this.heroes = [...heroes];
    this.#pool = new Set(heroes);
    const team = (t: HeroDraftTeamInput): HeroDraftTeam => ({
      name: t.name, captainId: t.captainId, connected: false, reserveMs,
      order: undefined, side: undefined, picks: [], bans: [],
    });
    this.teams = [team(a), team(b)];
    this.#random = random;
  }

  /** 0-based index of the step under way (24 when completed). */
  get step(): number { return this.history.length; }

  #slot(): CmStep | undefined {
    return this.status === 'drafting' || this.status === 'paused' ? CAPTAINS_MODE[this.step] : undefined;
  }

  get activeTeam(): TeamIndex | undefined {
    const slot = this.#slot();
    if (!slot || this.firstPick === undefined) return undefined;
    return slot.team === 'first' ? this.firstPick : (1 - this.firstPick) as TeamIndex;
  }

  get action(): DraftAction | undefined { return this.#slot()?.action; }

  /** The team whose pick-order-or-side choice is awaited. */
  get chooser(): TeamIndex | undefined {
    if (this.status !== 'choosing' || this.coinWinner === undefined) return undefined;
    return this.choices.length === 0 ? this.coinWinner : (1 - this.coinWinner) as TeamIndex;
  }

  /** The team whose captain the draft waits for: the chooser, or the team on turn. */
  get captainToAct(): TeamIndex | undefined {
    return this.chooser ?? this.activeTeam;
  }

  /** What the chooser may choose from now. */
  get openChoices(): readonly CaptainsChoice[] {
    if (this.status !== 'choosing') return [];
    return this.choices.length === 0 ? ALL_CHOICES : remainingChoices(this.choices[0]!.choice);
  }

  teamOf(captainId: string): TeamIndex | undefined {
    return this.teams[0].captainId === captainId ? 0 : this.teams[1].captainId === captainId ? 1 : undefined;
  }

  isAvailable(heroId: string): boolean {
    return this.#pool.has(heroId) && !this.#used.has(heroId);
  }

  /** Heroes neither picked nor banned, in pool order. */
  available(): string[] {
    return this.heroes.filter((h) => !this.#used.has(h));
  }

  // Presence, coin flip, pause and resume.

  /** A captain (re)joined: both in while waiting flips the coin; both back while paused resumes. */
  connect(captainId: string, now: number): void {
    const team = this.teamOf(captainId);
    if (team === undefined) return;
    this.teams[team].connected = true;
    this.events.push({ type: 'connected', at: now, team, captainId });
    if (!this.#bothConnected()) return;
    if (this.status === 'waiting') this.#flip(now);
    else if (this.status === 'paused') this.resume(now);
  }

  /** A captain's connection dropped: a running draft pauses at once. */
  disconnect(captainId: string, now: number): void {
    const team = this.teamOf(captainId);
    if (team === undefined) return;
    this.teams[team].connected = false;
    this.events.push({ type: 'disconnected', at: now, team, captainId });
    this.pause(now);
  }

  #bothConnected(): boolean {
    return this.teams[0].connected && this.teams[1].connected;
  }

  #flip(now: number): void {
    const winner = this.#random.coin();
    if (winner !== 0 && winner !== 1) throw new RangeError(`the coin gave ${String(winner)}, not 0 or 1`);
    this.coinWinner = winner;
    this.status = 'choosing';
    this.events.push({ type: 'roll', at: now, kind: 'coin', winner });
  }

  /** Freezes the running turn. Returns whether anything changed (only a running draft pauses). */
  pause(now: number): boolean {
    if (this.status !== 'drafting' || !this.clock) return false;
    this.status = 'paused';
    this.clock = pauseTurn(this.clock, now);
    this.events.push({ type: 'paused', at: now });
    return true;
  }

  /**
   * Starts the 3 s countdown after which the paused turn runs again. Only with both captains
   * connected; returns whether anything changed.
   */
  resume(now: number): boolean {
    if (this.status !== 'paused' || !this.clock || !this.#bothConnected() || this.suspended) return false;
    this.status = 'drafting';
    this.clock = resumeTurn(this.clock, now);
    this.events.push({ type: 'resumed', at: now, resumesAt: this.clock.resumesAt! });
    return true;
  }

  /** The organiser calls the draft off. */
  abandon(now: number): void {
    if (isOver(this.status)) return;
    this.status = 'abandoned';
    this.clock = undefined;
    this.suspended = undefined;
    this.events.push({ type: 'abandoned', at: now });
  }

  /**
   * The server stops (or stopped) at `now`: a running turn pauses (charged up to `now`).
   * Returns whether anything changed (only a draft under way stops).
   */
  suspend(now: number): boolean {
    if (this.suspended || (this.status !== 'choosing' && this.status !== 'drafting' && this.status !== 'paused')) return false;
    this.suspended = { at: now };
    this.pause(now);
    return true;
  }

  /** The draft goes on at `now`: with both captains in, the paused turn counts down to resume. */
  endSuspension(now: number): boolean {
    if (!this.suspended) return false;
    this.suspended = undefined;
    this.resume(now);
    return true;
  }

  // Choosing.

  /** The coin-flip winner chooses first from all four; then the other captain from the category left. */
  choose(captainId: string, choice: CaptainsChoice, now: number): void {
    if (isOver(this.status)) throw new Refusal('GAME_OVER', `the draft is ${this.status}`);
    if (this.status !== 'choosing') throw new Refusal('WRONG_PHASE', 'there is nothing to choose now');
    if (this.suspended) throw new Refusal('WRONG_PHASE', 'the draft stands still until the captain to choose is back');
    const chooser = this.chooser!;
    if (this.teamOf(captainId) !== chooser) throw new Refusal('NOT_YOUR_PICK', `${this.teams[chooser].name} chooses now`);
    if (!this.openChoices.includes(choice)) {
      throw new Refusal('UNAVAILABLE', `choose one of ${this.openChoices.join(', ')}`);
    }
    this.choices.push({ team: chooser, choice });
    this.events.push({ type: 'choice', at: now, team: chooser, choice });
    if (this.choices.length < 2) return;

    const { firstPick, radiant } = settleChoices(this.choices);
    const other = (team: TeamIndex) => (1 - team) as TeamIndex;
    this.firstPick = firstPick;
    this.teams[firstPick].order = 'first';
    this.teams[other(firstPick)].order = 'second';
    this.teams[radiant].side = 'radiant';
    this.teams[other(radiant)].side = 'dire';
    this.status = 'drafting';
    this.#startTurn(now);
    if (!this.#bothConnected()) this.pause(now);
  }

  // Drafting.

  pick(captainId: string, heroId: string, now: number): HeroStep {
    return this.#act(captainId, 'pick', heroId, now);
  }

  ban(captainId: string, heroId: string, now: number): HeroStep {
    return this.#act(captainId, 'ban', heroId, now);
  }

  #requireTurn(now: number): { team: TeamIndex; action: DraftAction; clock: TurnClock } {
    if (isOver(this.status)) throw new Refusal('GAME_OVER', `the draft is ${this.status}`);
    if (this.status === 'paused') throw new Refusal('WRONG_PHASE', 'the draft is paused');
    if (this.status !== 'drafting' || !this.clock) throw new Refusal('WRONG_PHASE', 'the draft has not started');
    const countdown = countdownLeftMs(this.clock, now);
    if (countdown > 0) throw new Refusal('WRONG_PHASE', `the draft resumes in ${Math.ceil(countdown / 1000)} s`);
    return { team: this.activeTeam!, action: this.action!, clock: this.clock };
  }

  #act(captainId: string, action: DraftAction, heroId: string, now: number): HeroStep {
    const turn = this.#requireTurn(now);
    if (this.teamOf(captainId) !== turn.team) throw new Refusal('NOT_YOUR_PICK', `it is ${this.teams[turn.team].name}'s turn`);
    if (action !== turn.action) throw new Refusal('WRONG_PHASE', `step ${this.step + 1} is a ${turn.action}`);
    if (!this.isAvailable(heroId)) {
      throw new Refusal('UNAVAILABLE', this.#pool.has(heroId) ? 'that hero is already picked or banned' : 'that hero is not in the pool');
    }
    const team = this.teams[turn.team];
    const reserveUsedMs = reserveChargeMs(turn.clock, this.graceMs, team.reserveMs, now);
    team.reserveMs -= reserveUsedMs;
    return this.#complete({
      n: this.step + 1, team: turn.team, action, choice: heroId, auto: false, timedOut: false,
      spentMs: elapsedMs(turn.clock, now), reserveUsedMs, at: now,
    });
  }

  /** The next moment the turn changes by itself (grace end, then bank end), or none. */
  nextDeadline(now: number): number | undefined {
    if (this.status !== 'drafting' || !this.clock) return undefined;
    return nextDeadline(this.clock, this.graceMs, this.teams[this.activeTeam!].reserveMs, now);
  }

  /**
   * Applies a timeout due at `now` (the bank is dry): a random available hero for a pick,
   * nothing for a ban. At the grace's end alone nothing happens (undefined).
   */
  expire(now: number): HeroStep | undefined {
    if (this.status !== 'drafting' || !this.clock) return undefined;
    const teamIndex = this.activeTeam!;
    const team = this.teams[teamIndex];
    if (!isExhausted(this.clock, this.graceMs, team.reserveMs, now)) return undefined;
    const action = this.action!;
    let choice: string | null = null;
    if (action === 'pick') {
      const open = this.available();
      const i = this.#random.randomIndex(open.length);
      if (!Number.isInteger(i) || i < 0 || i >= open.length) throw new RangeError(`random index ${i} is not in 0..${open.length - 1}`);
      choice = open[i]!;
    }
    const reserveUsedMs = team.reserveMs;
    team.reserveMs = 0;
    this.events.push({ type: 'timeout', at: now, n: this.step + 1, team: teamIndex, action, choice });
    return this.#complete({
      n: this.step + 1, team: teamIndex, action, choice, auto: choice !== null, timedOut: true,
      spentMs: elapsedMs(this.clock, now), reserveUsedMs, at: now,
    });
  }

  #complete(step: HeroStep): HeroStep {
    const team = this.teams[step.team];
    if (step.choice !== null) {
      this.#used.add(step.choice);
      (step.action === 'pick' ? team.picks : team.bans).push(step.choice);
      this.events.push(step.action === 'pick'
        ? { type: 'pick', at: step.at, n: step.n, team: step.team, choice: step.choice, auto: step.auto }
        : { type: 'ban', at: step.at, n: step.n, team: step.team, choice: step.choice });
    }
    this.history.push(step);
    if (this.step >= CAPTAINS_MODE.length) {
      this.status = 'completed';
      this.clock = undefined;
      this.events.push({ type: 'completed', at: step.at });
    } else {
      this.#startTurn(step.at);
    }
    return step;
  }

  #startTurn(now: number): void {
    this.clock = startTurn(now);
    const team = this.activeTeam!;
    this.events.push({
      type: 'turn-started', at: now, n: this.step + 1, team, action: this.action!,
      deadline: exhaustedAt(this.clock, this.graceMs, this.teams[team].reserveMs),
    });
  }

  /** Grace left and both banks at `now`, for the once-a-second tick (frozen while paused). */
  tick(now: number): HeroDraftTick {
    const active = this.activeTeam;
    const clock = this.clock;
    const bank = (i: TeamIndex) => (clock && i === active
      ? reserveLeftMs(clock, this.graceMs, this.teams[i].reserveMs, now)
      : this.teams[i].reserveMs);
    return {
      status: this.status,
      step: this.step,
      activeTeam: active,
      action: this.action,
      graceMs: clock ? graceLeftMs(clock, this.graceMs, now) : 0,
      reserveMs: [bank(0), bank(1)],
      countdownMs: clock ? countdownLeftMs(clock, now) : 0,
    };
  }
}
