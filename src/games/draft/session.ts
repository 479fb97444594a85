/**
 * A draft as a session, the same contract for both kinds (a player draft, player-draft.ts; a
 * Captain's Mode hero draft, hero-draft.ts): the draft is made from its settings and the time
 * it was created; every change is an action given as plain data, and `applyDraft(session,
 * seat, action, now)` returns the event to keep (the action as the rules took it), or undefined
 * when nothing changed, and throws a `Refusal` that changes nothing. Applying the kept events in
 * order, each at its time (`replayDraft`), rebuilds the draft exactly: time is an input, and
 * chance too (each action carries a seed the rules draw from, draws.ts, and the event keeps the
 * seed when anything was drawn). That is how a draft comes back after a restart, whether it was
 * still waiting for its captains or under way.
 *
 * Seats are team indices; actions by nobody (`seat` null) are the server's: the captains'
 * presence as the room sees it, a deadline that came, a draft called off, and the suspension
 * around a restart. Every clock and timeout rule is here, none in the room:
 *
 * - A player draft starts once every captain is in; a hero draft flips its coin once both are.
 *   A hero draft pauses while a captain is gone (hero-draft.ts); a player draft goes on, the
 *   absent captain's turns timing out into auto-picks.
 * - Abandonment: a draft whose captains have not all come within WAITING_LIMIT_MS of waiting
 *   (counted from its creation, less the time it stood suspended) is abandoned, and so is a hero
 *   draft under way with a captain gone ABSENT_LIMIT_MS. A player draft under way always finishes.
 * - Suspension across a restart, for any draft not over: `suspend` (at the shutdown, or after a
 *   crash at the last moment the server is known to have run) charges the turn under way up to
 *   then, or the wait for the captains, and from then nothing runs: no turn clock, no waiting
 *   limit, no abandonment. `restored` (the server has the draft again) gives the captains it awaits
 *   RESUME_GRACE_MS: the suspension ends as soon as they are in (`presence`: the captain to act;
 *   for a draft still waiting, every captain, which starts it), or when the grace is over
 *   (`expire`). Then the turn runs again with the time it had, and the wait and each absence
 *   count on from what they had counted before the suspension: the time the server was away is
 *   charged to nobody. (A hero draft then follows its own rule: paused while a captain is still
 *   gone, or the 3 s countdown with both in.)
 *
 * `nextDeadline(now)` is the one moment the draft changes by itself; `expire(now)` applies
 * everything due at `now`. The draft is over when `over` (completed or abandoned); its record is
 * made from `draft` then (rooms/draft/record.ts).
 */
import { Refusal } from '../refusal.ts';
import { RESUME_GRACE_MS } from '../suspension.ts';
import type { CaptainsChoice, DraftStatus } from './events.ts';
import { isOver } from './events.ts';
import { Draws } from './draws.ts';
import { HeroDraft } from './hero-draft.ts';
import type { DraftSettings } from './options.ts';
import { PlayerDraft } from './player-draft.ts';

/** Captains who have not all come within this long of waiting (suspensions not counted): abandoned. */
export const WAITING_LIMIT_MS = 60 * 60_000;
/** A hero draft under way (it stands paused meanwhile) with a captain gone this long: abandoned. */
export const ABSENT_LIMIT_MS = 10 * 60_000;
export { RESUME_GRACE_MS };

export type DraftRules = PlayerDraft | HeroDraft;

/** A team's index, or null for the server. */
export type DraftSeat = number | null;

/** What a captain or the server asks; `seed` is the room's draw for whatever needs chance. */
export type DraftSessionAction = (
  /** A player draft's pick (a player id), a hero draft's pick or ban (a hero id). */
  | { type: 'pick' | 'ban'; choice: string }
  | { type: 'choose'; choice: CaptainsChoice }
  /** Which captains are connected now, by team. */
  | { type: 'presence'; present: boolean[] }
  /** Whatever is due at `now`: a turn's timeout, an abandonment, the end of a suspension's grace. */
  | { type: 'expire' }
  /** The draft is called off (a shutdown with no journal to bring it back). */
  | { type: 'abandon' }
  | { type: 'suspend' | 'restored' }
) & { seed?: number };

/** The action as kept: the same, with its seed only when something was drawn from it. */
export type DraftSessionEvent = DraftSessionAction;

const SERVER_ONLY = new Set(['presence', 'expire', 'abandon', 'suspend', 'restored']);

export class DraftSession {
  readonly draft: DraftRules;
  readonly createdAt: number;
  /** Each captain's presence, as last told. */
  readonly present: boolean[];
  /** Since when each captain has been gone (the draft's creation for one never seen). */
  readonly absentSince: number[];
  /**
   * Since when the draft has waited for its captains, as the waiting limit counts it: its
   * creation, moved on by the time it stood suspended across a restart.
   */
  waitingSince: number;
  /**
   * Set while a draft still waiting for its captains stands still across a restart: since when.
   * (A draft under way keeps its suspension in its rules, `draft.suspended`.)
   */
  waitingSuspended: { at: number } | undefined;
  /** While suspended after a restart: when the suspension ends if the captains it awaits are not back. */
  resumeBy: number | undefined;
  readonly draws = new Draws();

  constructor(settings: DraftSettings, createdAt: number) {
    this.draft = settings.kind === 'players' ? new PlayerDraft(settings, this.draws) : new HeroDraft(settings, this.draws);
    this.createdAt = createdAt;
    this.present = this.draft.teams.map(() => false);
    this.absentSince = this.draft.teams.map(() => createdAt);
    this.waitingSince = createdAt;
  }

  get status(): DraftStatus { return this.draft.status; }
  /** Completed or abandoned: the draft takes nothing more, and is to be recorded. */
  get over(): boolean { return isOver(this.draft.status); }
  /** Started and not over: what a restart suspends. */
  get underWay(): boolean { return !this.over && this.draft.status !== 'waiting'; }
  /** Standing still across a restart (waiting for its captains, or under way). */
  get suspended(): boolean { return this.#suspendedAt() !== undefined; }
  /** A turn's clock runs (what the room's once-a-second tick shows). */
  get running(): boolean { return this.draft.status === 'drafting' && !this.suspended; }

  /** The next moment the draft changes by itself, or undefined. */
  nextDeadline(now: number): number | undefined {
    if (this.over) return undefined;
    if (this.suspended) return this.resumeBy;
    const deadlines = [this.draft.nextDeadline(now), this.#abandonAt()].filter((at): at is number => at !== undefined);
    return deadlines.length > 0 ? Math.min(...deadlines) : undefined;
  }

  /** Applies everything due at `now`; returns whether anything changed. */
  expire(now: number): boolean {
    let changed = false;
    while (this.#expireOne(now)) changed = true;
    return changed;
  }

  #expireOne(now: number): boolean {
    if (this.over) return false;
    if (this.suspended) return this.resumeBy !== undefined && now >= this.resumeBy && this.#endSuspension(now);
    const abandonAt = this.#abandonAt();
    if (abandonAt !== undefined && now >= abandonAt) {
      this.draft.abandon(now);
      return true;
    }
    return this.draft.expire(now) !== undefined;
  }

  /** Since when the draft stands still across a restart, or undefined. */
  #suspendedAt(): number | undefined {
    return this.waitingSuspended?.at ?? this.draft.suspended?.at;
  }

  /** Waiting for the captains: an hour of waiting; a hero draft: ten minutes of a captain gone. */
  #abandonAt(): number | undefined {
    if (this.draft.status === 'waiting') return this.waitingSince + WAITING_LIMIT_MS;
    if (this.draft.kind === 'players' || !this.underWay) return undefined;
    const gone = this.absentSince.filter((_since, team) => !this.present[team]);
    return gone.length > 0 ? Math.min(...gone) + ABSENT_LIMIT_MS : undefined;
  }

  /** The captains' presence changed: the draft hears who came and went; who it waits for ends a suspension. */
  presence(present: readonly boolean[], now: number): boolean {
    if (present.length !== this.present.length) throw new RangeError(`presence of ${present.length} captains for ${this.present.length} teams`);
    if (this.over) return false;
    let changed = false;
    present.forEach((here, team) => {
      if (here === this.present[team]) return;
      changed = true;
      this.present[team] = here;
      const captainId = this.draft.teams[team]!.captainId;
      if (here) {
        this.draft.connect(captainId, now);
      } else {
        this.absentSince[team] = now;
        this.draft.disconnect(captainId, now);
      }
    });
    const draft = this.draft;
    if (draft.kind === 'players' && draft.status === 'waiting' && this.present.every(Boolean)) {
      draft.start(now);
      changed = true;
    }
    if (changed) this.#endSuspensionIfAwaited(now);
    return changed;
  }

  /**
   * The server stops (or stopped) at `now`: a draft not over stands still from then, whether it
   * still waits for its captains (the wait is counted up to `now`) or is under way (its rules
   * charge the turn up to `now`). Once: a draft already suspended is not suspended again.
   */
  suspend(now: number): boolean {
    if (this.over || this.suspended) return false;
    if (this.draft.status !== 'waiting') return this.draft.suspend(now);
    this.waitingSuspended = { at: now };
    return true;
  }

  /** The server has the draft again at `now`: the captains it awaits have the grace to come back. */
  restored(now: number): boolean {
    if (!this.suspended) return false;
    this.resumeBy = now + RESUME_GRACE_MS;
    this.#endSuspensionIfAwaited(now);
    return true;
  }

  /** Called off: over, and no longer suspended. */
  abandon(now: number): boolean {
    if (this.over) return false;
    this.waitingSuspended = undefined;
    this.resumeBy = undefined;
    this.draft.abandon(now);
    return true;
  }

  /**
   * A suspension ends once the captains it awaits are in: the captain to act, or, for a draft
   * that was still waiting, every captain (the draft has started then).
   */
  #endSuspensionIfAwaited(now: number): void {
    if (!this.suspended) return;
    const awaited = this.draft.captainToAct;
    const back = this.waitingSuspended ? this.present.every(Boolean) : awaited !== undefined && this.present[awaited]!;
    if (back) this.#endSuspension(now);
  }

  /** The wait and each absence count on from what they counted up to the suspension; then the draft goes on. */
  #endSuspension(now: number): boolean {
    const at = this.#suspendedAt()!;
    const away = now - at;
    this.absentSince.forEach((since, team) => {
      if (!this.present[team]) this.absentSince[team] = Math.min(since, at) + away;
    });
    this.resumeBy = undefined;
    if (!this.waitingSuspended) return this.draft.endSuspension(now);
    this.waitingSince = Math.min(this.waitingSince, at) + away;
    this.waitingSuspended = undefined;
    return true;
  }
}

/**
 * Applies `action` by `seat` (null: the server) at `now`. Returns the event to keep, or
 * undefined when the action changed nothing; a refusal is thrown and changes nothing.
 */
export function applyDraft(session: DraftSession, seat: DraftSeat, action: DraftSessionAction, now: number): DraftSessionEvent | undefined {
  session.draws.load(action.seed);
  try {
    const changed = seat === null ? applyServerAction(session, action, now) : applyCaptainAction(session, seat, action, now);
    if (!changed) return undefined;
    const { seed, ...taken } = action;
    const event = (taken.type === 'presence' ? { ...taken, present: [...taken.present] } : taken) as DraftSessionEvent;
    return session.draws.used ? { ...event, seed: seed! } : event;
  } finally {
    session.draws.load(undefined);
  }
}

function applyCaptainAction(session: DraftSession, seat: number, action: DraftSessionAction, now: number): boolean {
  if (SERVER_ONLY.has(action.type)) throw new Refusal('NOT_ALLOWED', `"${action.type}" is the server's to decide`);
  const draft = session.draft;
  const captainId = draft.teams[seat]?.captainId;
  if (captainId === undefined) throw new Refusal('NOT_YOUR_PICK', 'only a team\'s captain acts in the draft');
  if (draft.kind === 'players') {
    if (action.type !== 'pick') throw new Refusal('WRONG_PHASE', `a player draft has no "${action.type}"`);
    draft.pick(captainId, action.choice, now);
    return true;
  }
  switch (action.type) {
    case 'pick': draft.pick(captainId, action.choice, now); break;
    case 'ban': draft.ban(captainId, action.choice, now); break;
    case 'choose': draft.choose(captainId, action.choice, now); break;
  }
  return true;
}

function applyServerAction(session: DraftSession, action: DraftSessionAction, now: number): boolean {
  switch (action.type) {
    case 'presence': return session.presence(action.present, now);
    case 'expire': return session.expire(now);
    case 'abandon': return session.abandon(now);
    case 'suspend': return session.suspend(now);
    case 'restored': return session.restored(now);
    default: throw new Refusal('NOT_ALLOWED', `"${action.type}" needs a captain`);
  }
}

/** A kept event, applied again (a restart): the same call as when it was first taken. */
export function replayDraft(session: DraftSession, seat: DraftSeat, event: DraftSessionEvent, at: number): void {
  applyDraft(session, seat, event, at);
}
