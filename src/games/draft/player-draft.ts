/**
 * A league player draft (`kind: "players"`): captains take turns drafting players from a pool
 * in snake, normal or shuffle order (order.ts), one timed pick at a time. Time is passed in;
 * the die for shuffle ties is injected. Every action returns plain data or throws a Refusal
 * and changes nothing when it refuses.
 *
 * - Team order: snake and normal follow the teams in the order the organiser lists them (the
 *   organiser decides who picks first); shuffle ignores that order except as the roll order.
 * - Size: each team ends with `teamSize` players, captain included (default: captain plus an
 *   equal share of the pool, 1 + ⌊pool / teams⌋). The draft ends when every team is full or the
 *   pool is empty, whichever comes first; players left over stay undrafted.
 * - Timer: a turn lasts `pickSeconds` from the moment it starts. The room sets one timer at
 *   `nextDeadline(now)` and calls `expire(now)` then: the active team is given the highest-MMR
 *   player still available (ties: the one listed first in the pool), marked `auto`. A pick that
 *   reaches the rules before the room applied the timeout is still the captain's own.
 * - Suspension (the server stopped or crashed, session.ts): the turn is charged up to the
 *   suspension and keeps what was left of it; no timer runs and no pick is taken until the
 *   suspension ends, and then the turn runs again with exactly that time left. Logged as
 *   `paused`, then `resumed`.
 */
import { Refusal } from '../refusal.ts';
import { isOver, type DraftEvent, type DraftStatus } from './events.ts';
import { DRAFT_STYLES, nextTurn, type Die, type DraftStyle, type TieRoll, type TurnChoice } from './order.ts';

/**
 * Refusal codes: NOT_YOUR_PICK (not the active captain), UNAVAILABLE (already drafted, or not
 * in the pool), WRONG_PHASE (the draft has not started), GAME_OVER (completed or abandoned).
 * Construction refuses bad options with INVALID_OPTIONS.
 */
export { Refusal };

export interface PlayerDraftTeamInput { name: string; captainId: string; captainMmr: number }
export interface PoolPlayer { playerId: string; name: string; mmr: number }

export interface PlayerDraftOptions {
  style: DraftStyle;
  teams: readonly PlayerDraftTeamInput[];
  pool: readonly PoolPlayer[];
  pickSeconds: number;
  /** Players per team, captain included; default 1 + ⌊pool / teams⌋. */
  teamSize?: number;
}

export interface PlayerDraftTeam {
  readonly name: string;
  readonly captainId: string;
  readonly captainMmr: number;
  /** Drafted players' ids, in pick order (the captain is not listed). */
  readonly members: string[];
  /** Captain's MMR plus every drafted player's. */
  totalMmr: number;
}

/** One pick of the history (`n` from 1). `tieRolls`: every round of d6 rolls, empty without a tie. */
export interface PlayerPick {
  n: number;
  team: number;
  captainId: string;
  choice: string;
  auto: boolean;
  wasTie: boolean;
  tieRolls: TieRoll[][];
  at: number;
}

/** The turn under way: whose it is, how that was decided, and its time. */
export interface PlayerTurn extends TurnChoice { startedAt: number; deadline: number }

function invalid(message: string): never {
  throw new Refusal('INVALID_OPTIONS', message);
}

function validate(options: PlayerDraftOptions): number {
  const { style, teams, pool, pickSeconds } = options;
  if (!DRAFT_STYLES.includes(style)) invalid(`style must be one of ${DRAFT_STYLES.join(', ')}`);
  if (teams.length < 2) invalid('a draft needs at least two teams');
  if (!Number.isInteger(pickSeconds) || pickSeconds < 1) invalid('pickSeconds must be a whole number of seconds, at least 1');
  const captains = new Set(teams.map((t) => t.captainId));
  if (captains.size !== teams.length) invalid('each team needs its own captain');
  const ids = new Set(pool.map((p) => p.playerId));
  if (ids.size !== pool.length) invalid('a player is listed twice in the pool');
  for (const p of pool) if (captains.has(p.playerId)) invalid(`captain ${p.playerId} is also in the pool`);
  for (const mmr of [...teams.map((t) => t.captainMmr), ...pool.map((p) => p.mmr)]) {
    if (!Number.isFinite(mmr)) invalid('every MMR must be a finite number');
  }
  const teamSize = options.teamSize ?? 1 + Math.floor(pool.length / teams.length);
  if (!Number.isInteger(teamSize) || teamSize < 1) invalid('teamSize must be a whole number, at least 1');
  return teamSize;
}

export class PlayerDraft {
  readonly kind = 'players';
  readonly style: DraftStyle;
  readonly pickSeconds: number;
  readonly teamSize: number;
  readonly pool: readonly PoolPlayer[];
  readonly teams: PlayerDraftTeam[];
  /** How many picks the whole draft has. */
  readonly totalPicks: number;
  status: DraftStatus = 'waiting';
  turn: PlayerTurn | undefined;
  /** Set while the draft stands still across a restart: since when, and what was left of the turn. */
  suspended: { at: number; leftMs: number } | undefined;
  readonly picks: PlayerPick[] = [];
  readonly events: DraftEvent[] = [];
  readonly #die: Die;
  readonly #drafted = new Set<string>();
  readonly #byId: Map<string, PoolPlayer>;

  constructor(options: PlayerDraftOptions, random: { die: Die }) {
    this.teamSize = validate(options);
    this.style = options.style;
    this.pickSeconds = options.pickSeconds;
    this.pool = options.pool.map((p) => ({ ...p }));
    this.#byId = new Map(this.pool.map((p) => [p.playerId, p]));
    this.teams = options.teams.map((t) => ({ ...t, members: [], totalMmr: t.captainMmr }));
    this.totalPicks = Math.min(this.pool.length, this.teams.length * (this.teamSize - 1));
    this.#die = random.die;
  }

  /** 0-based index of the pick under way (= picks made so far). */
  get step(): number { return this.picks.length; }
  get activeTeam(): number | undefined { return this.turn?.team; }
  /** The team whose captain the draft waits for: the one on turn. */
  get captainToAct(): number | undefined { return this.status === 'drafting' ? this.turn?.team : undefined; }

  teamOf(captainId: string): number | undefined {
    const i = this.teams.findIndex((t) => t.captainId === captainId);
    return i < 0 ? undefined : i;
  }

  isAvailable(playerId: string): boolean {
    return this.#byId.has(playerId) && !this.#drafted.has(playerId);
  }

  /** Players still in the pool, in the organiser's order. */
  available(): PoolPlayer[] {
    return this.pool.filter((p) => !this.#drafted.has(p.playerId));
  }

  /** Who the room would auto-pick now: highest MMR, ties to the one listed first. */
  bestAvailable(): PoolPlayer | undefined {
    let best: PoolPlayer | undefined;
    for (const p of this.available()) if (!best || p.mmr > best.mmr) best = p;
    return best;
  }

  /** Ms left in the current turn at `now` (0 when no turn runs or it is overdue). */
  turnMsLeft(now: number): number {
    if (!this.turn || this.status !== 'drafting') return 0;
    return this.suspended ? this.suspended.leftMs : Math.max(0, this.turn.deadline - now);
  }

  connect(captainId: string, now: number): void { this.#presence('connected', captainId, now); }
  disconnect(captainId: string, now: number): void { this.#presence('disconnected', captainId, now); }

  #presence(type: 'connected' | 'disconnected', captainId: string, now: number): void {
    const team = this.teamOf(captainId);
    if (team !== undefined) this.events.push({ type, at: now, team, captainId });
  }

  /** The organiser (or the room, once the captains are in) starts the draft: the first turn runs. */
  start(now: number): void {
    if (this.status !== 'waiting') return;
    this.status = 'drafting';
    this.#nextTurnOrEnd(now);
  }

  /** The organiser calls the draft off. */
  abandon(now: number): void {
    if (isOver(this.status)) return;
    this.status = 'abandoned';
    this.turn = undefined;
    this.suspended = undefined;
    this.events.push({ type: 'abandoned', at: now });
  }

  /**
   * The server stops (or stopped) at `now`: the turn is charged up to `now`, and nothing runs
   * until `endSuspension`. Returns whether anything changed (only a draft under way stops).
   */
  suspend(now: number): boolean {
    if (this.status !== 'drafting' || !this.turn || this.suspended) return false;
    this.suspended = { at: now, leftMs: Math.max(0, this.turn.deadline - now) };
    this.events.push({ type: 'paused', at: now });
    return true;
  }

  /** The draft goes on at `now`: the turn runs again with what it had left. */
  endSuspension(now: number): boolean {
    const suspended = this.suspended;
    if (!suspended || !this.turn) return false;
    this.suspended = undefined;
    this.turn = { ...this.turn, deadline: now + suspended.leftMs };
    this.events.push({ type: 'resumed', at: now, resumesAt: now });
    return true;
  }

  #requireDrafting(): PlayerTurn {
    if (isOver(this.status)) throw new Refusal('GAME_OVER', `the draft is ${this.status}`);
    if (this.status !== 'drafting' || !this.turn) throw new Refusal('WRONG_PHASE', 'the draft has not started');
    if (this.suspended) throw new Refusal('WRONG_PHASE', 'the draft stands still until its captain on turn is back');
    return this.turn;
  }

  /** The active captain drafts `playerId`. */
  pick(captainId: string, playerId: string, now: number): PlayerPick {
    const turn = this.#requireDrafting();
    if (this.teams[turn.team]!.captainId !== captainId) {
      throw new Refusal('NOT_YOUR_PICK', `it is ${this.teams[turn.team]!.name}'s pick`);
    }
    if (!this.isAvailable(playerId)) {
      throw new Refusal('UNAVAILABLE', this.#byId.has(playerId) ? 'that player is already drafted' : 'that player is not in the pool');
    }
    return this.#draft(turn, this.#byId.get(playerId)!, false, now);
  }

  /** When the current turn times out, or undefined when no timer should run (`now`: as the hero draft's). */
  nextDeadline(_now: number): number | undefined {
    return this.status === 'drafting' && !this.suspended ? this.turn?.deadline : undefined;
  }

  /** Applies a timeout due at `now`: the best available player, picked for the active team. */
  expire(now: number): PlayerPick | undefined {
    const turn = this.turn;
    if (this.status !== 'drafting' || !turn || this.suspended || now < turn.deadline) return undefined;
    const player = this.bestAvailable()!;
    this.events.push({ type: 'timeout', at: now, n: this.step + 1, team: turn.team, action: 'pick', choice: player.playerId });
    return this.#draft(turn, player, true, now);
  }

  #draft(turn: PlayerTurn, player: PoolPlayer, auto: boolean, now: number): PlayerPick {
    const team = this.teams[turn.team]!;
    this.#drafted.add(player.playerId);
    team.members.push(player.playerId);
    team.totalMmr += player.mmr;
    const record: PlayerPick = {
      n: this.step + 1, team: turn.team, captainId: team.captainId, choice: player.playerId,
      auto, wasTie: turn.wasTie, tieRolls: turn.tieRolls, at: now,
    };
    this.picks.push(record);
    this.events.push({ type: 'pick', at: now, n: record.n, team: turn.team, choice: player.playerId, auto });
    this.#nextTurnOrEnd(now);
    return record;
  }

  #nextTurnOrEnd(now: number): void {
    if (this.step >= this.totalPicks) {
      this.status = 'completed';
      this.turn = undefined;
      this.events.push({ type: 'completed', at: now });
      return;
    }
    const eligible = this.teams.flatMap((t, i) => (t.members.length < this.teamSize - 1 ? [i] : []));
    const choice = nextTurn(this.style, {
      pickIndex: this.step, teamCount: this.teams.length,
      totals: this.teams.map((t) => t.totalMmr), eligible, die: this.#die,
    });
    const n = this.step + 1;
    if (choice.wasTie) {
      const tied = choice.tieRolls[0]!.map((r) => r.team);
      this.events.push({ type: 'roll', at: now, kind: 'tie', n, tied, rounds: choice.tieRolls, winner: choice.team });
    }
    this.turn = { ...choice, startedAt: now, deadline: now + this.pickSeconds * 1000 };
    this.events.push({ type: 'turn-started', at: now, n, team: choice.team, action: 'pick', deadline: this.turn.deadline });
  }
}
