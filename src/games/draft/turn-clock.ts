/**
 * The Captain's Mode turn clock as an immutable value: each turn has a grace (30 s), then the
 * acting team's reserve bank (130 s) runs; the bank is consumed only by overrun. Time is passed
 * in (`now`, epoch ms); nothing here reads a clock or trusts a client's time.
 *
 * Whole seconds: a turn's overrun is charged to the bank in whole seconds, rounded down
 * (`⌊overrun / 1000⌋ × 1000`). The fraction of a second is forgiven, not carried to a later
 * turn, so network and timer jitter never nibble the reserve: a pick 0.9 s after the grace
 * costs nothing, 1.9 s costs 1 s. Banks start at whole seconds and so stay whole. The live
 * view (`reserveLeftMs`) counts down continuously, because the turn really ends when the bank
 * reaches zero; at the pick the unused fraction is given back.
 *
 * Pause: the turn's elapsed time freezes at the pause. Resuming starts a countdown
 * (`RESUME_COUNTDOWN_MS`) and pushes the turn's start forward by the paused time plus the
 * countdown, so the turn continues with exactly the elapsed time it had (the reference pushes
 * `started_at` the same way). During the countdown the elapsed time stays frozen; a pause
 * during the countdown freezes it at the same value.
 *
 * Restart: a draft suspended across a restart of its server pauses its turn the same way, at
 * the suspension (the running team is charged up to it, no more), and resumes by the same
 * countdown (hero-draft.ts, session.ts).
 */

/** The "3, 2, 1" after both captains are back. */
export const RESUME_COUNTDOWN_MS = 3000;

const SECOND = 1000;

export interface TurnClock {
  /** When the turn started, pushed forward by every pause and countdown. */
  readonly startedAt: number;
  /** Set while paused: the moment the elapsed time froze. */
  readonly pausedAt: number | undefined;
  /** Set after a resume: the turn's time runs again from here. */
  readonly resumesAt: number | undefined;
}

export function startTurn(now: number): TurnClock {
  return { startedAt: now, pausedAt: undefined, resumesAt: undefined };
}

/** The moment the turn's time is read at: frozen while paused and during the countdown. */
function readAt(clock: TurnClock, now: number): number {
  if (clock.pausedAt !== undefined) return clock.pausedAt;
  return clock.resumesAt !== undefined ? Math.max(now, clock.resumesAt) : now;
}

export function elapsedMs(clock: TurnClock, now: number): number {
  return Math.max(0, readAt(clock, now) - clock.startedAt);
}

export function graceLeftMs(clock: TurnClock, graceMs: number, now: number): number {
  return Math.max(0, graceMs - elapsedMs(clock, now));
}

export function overrunMs(clock: TurnClock, graceMs: number, now: number): number {
  return Math.max(0, elapsedMs(clock, now) - graceMs);
}

/** The acting team's bank at `now`, counting down continuously once the grace is spent. */
export function reserveLeftMs(clock: TurnClock, graceMs: number, reserveMs: number, now: number): number {
  return Math.max(0, reserveMs - overrunMs(clock, graceMs, now));
}

/** What an action at `now` takes from the bank: the overrun in whole seconds, at most the bank. */
export function reserveChargeMs(clock: TurnClock, graceMs: number, reserveMs: number, now: number): number {
  return Math.min(reserveMs, Math.floor(overrunMs(clock, graceMs, now) / SECOND) * SECOND);
}

export function graceEndsAt(clock: TurnClock, graceMs: number): number {
  return clock.startedAt + graceMs;
}

/** When the bank runs dry and the turn times out (absent a pause). */
export function exhaustedAt(clock: TurnClock, graceMs: number, reserveMs: number): number {
  return clock.startedAt + graceMs + reserveMs;
}

/** The next moment the turn changes by itself: the grace's end, then the bank's; none while paused. */
export function nextDeadline(clock: TurnClock, graceMs: number, reserveMs: number, now: number): number | undefined {
  if (clock.pausedAt !== undefined) return undefined;
  const grace = graceEndsAt(clock, graceMs);
  return now < grace && reserveMs > 0 ? grace : exhaustedAt(clock, graceMs, reserveMs);
}

export function isExhausted(clock: TurnClock, graceMs: number, reserveMs: number, now: number): boolean {
  return clock.pausedAt === undefined && now >= exhaustedAt(clock, graceMs, reserveMs);
}

/** Freezes the turn (a pause during a countdown freezes it where the countdown would resume it). */
export function pauseTurn(clock: TurnClock, now: number): TurnClock {
  if (clock.pausedAt !== undefined) return clock;
  return { startedAt: clock.startedAt, pausedAt: readAt(clock, now), resumesAt: undefined };
}

/** Lets the turn run again after a countdown: its start moves by (countdown end − pause). */
export function resumeTurn(clock: TurnClock, now: number, countdownMs = RESUME_COUNTDOWN_MS): TurnClock {
  if (clock.pausedAt === undefined) return clock;
  const resumesAt = now + countdownMs;
  return { startedAt: clock.startedAt + (resumesAt - clock.pausedAt), pausedAt: undefined, resumesAt };
}

/** Ms until the countdown ends (0 when none runs). */
export function countdownLeftMs(clock: TurnClock, now: number): number {
  return clock.pausedAt === undefined && clock.resumesAt !== undefined ? Math.max(0, clock.resumesAt - now) : 0;
}
