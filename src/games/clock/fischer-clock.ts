/**
 * A Fischer clock (initial time plus an increment after each move) as an immutable value; time
 * is always passed in (`now`, epoch ms). Remaining times are exact at `since`; the running side
 * loses `now − since` from its own. Moves are charged their server-measured duration minus the
 * lag refund (lag-tracker.ts); a move that does not beat the remaining time is a flag.
 */
import { opposite, type BySide, type Side } from '../side.ts';
import { compensate, graceMs, newLagTracker, type LagTracker } from './lag-tracker.ts';
import type { TimeControl } from './time-control.ts';

export interface FischerClock {
  readonly control: TimeControl;
  /** Remaining ms of each side at `since`. */
  readonly remaining: BySide<number>;
  readonly running: Side | undefined;
  readonly since: number;
  readonly lag: BySide<LagTracker>;
}

export function createClock(control: TimeControl, now: number): FischerClock {
  return {
    control,
    remaining: { white: control.initialMs, black: control.initialMs },
    running: undefined,
    since: now,
    lag: { white: newLagTracker(control), black: newLagTracker(control) },
  };
}

/** Starts `side`'s time at `now` (lichess: after Black's first move, White's time runs). */
export function startClock(clock: FischerClock, side: Side, now: number): FischerClock {
  return { ...clock, running: side, since: now };
}

export function remainingAt(clock: FischerClock, side: Side, now: number): number {
  const left = clock.remaining[side];
  return clock.running === side ? left - Math.max(0, now - clock.since) : left;
}

export interface ClockStep {
  clock: FischerClock;
  /** Time charged for the move: elapsed minus the lag refund. */
  spentMs: number;
  compMs: number;
  /** The move came too late: the side's time had run out. The clock is stopped at zero. */
  flagged: boolean;
}

/**
 * `side` moved at `now` with `lagMs` of measured lag: charge the move, add the increment and
 * start the other side's time. Nothing is charged while the clock is not running.
 */
export function recordMove(clock: FischerClock, side: Side, now: number, lagMs: number): ClockStep {
  if (clock.running !== side) {
    return { clock, spentMs: 0, compMs: 0, flagged: false };
  }
  const elapsed = Math.max(0, now - clock.since);
  const { compMs, tracker } = compensate(clock.lag[side], lagMs);
  const spentMs = Math.max(0, elapsed - compMs);
  const left = clock.remaining[side] - spentMs;
  const lag = { ...clock.lag, [side]: tracker };
  if (left <= 0) {
    return {
      clock: { ...clock, lag, remaining: { ...clock.remaining, [side]: 0 }, running: undefined, since: now },
      spentMs, compMs, flagged: true,
    };
  }
  return {
    clock: {
      ...clock, lag,
      remaining: { ...clock.remaining, [side]: left + clock.control.incrementMs },
      running: opposite(side),
      since: now,
    },
    spentMs, compMs, flagged: false,
  };
}

/**
 * The moment the running side's flag falls: its time plus the lag its next move could still be
 * refunded (so a move in flight is never flagged when it would have been accepted).
 */
export function flagAt(clock: FischerClock, lagMs: number): number | undefined {
  if (clock.running === undefined) return undefined;
  const side = clock.running;
  return clock.since + clock.remaining[side] + graceMs(clock.lag[side], lagMs);
}

export function isOutOfTime(clock: FischerClock, now: number, lagMs: number): boolean {
  const at = flagAt(clock, lagMs);
  return at !== undefined && now >= at;
}

/** Stops the clock at `now`, charging the running side what it used (for game end, takeback). */
export function stopClock(clock: FischerClock, now: number): FischerClock {
  if (clock.running === undefined) return clock;
  const side = clock.running;
  const left = Math.max(0, remainingAt(clock, side, now));
  return { ...clock, remaining: { ...clock.remaining, [side]: left }, running: undefined, since: now };
}

/** Gives `side` the move with its clock running, after charging whoever was running (takeback). */
export function switchTo(clock: FischerClock, side: Side, now: number): FischerClock {
  return { ...stopClock(clock, now), running: side, since: now };
}
