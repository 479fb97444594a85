/**
 * Lag compensation as lichess does it (scalachess LagTracker): each move is refunded the
 * player's network lag, but only out of a quota that grows by a fixed gain per move and is
 * capped, so a player cannot claim unlimited lag. The lag itself comes from the server's own
 * round-trip measurements of that player's connection, never from what the client reports.
 */
import { estimatedSeconds, type TimeControl } from './time-control.ts';

export interface LagTracker {
  readonly quotaGainMs: number;
  readonly quotaMs: number;
  readonly quotaMaxMs: number;
}

/** Gain per move, as lichess: min(1 s, (0.4 × estimated seconds + 15) centiseconds); 0.87 s for 3+0. */
export function newLagTracker(control: TimeControl): LagTracker {
  const quotaGainMs = Math.min(1000, Math.round(estimatedSeconds(control) * 4 + 150));
  return { quotaGainMs, quotaMs: 3 * quotaGainMs, quotaMaxMs: 7 * quotaGainMs };
}

/** The refund for one move with `lagMs` of measured lag, and the tracker after it. */
export function compensate(tracker: LagTracker, lagMs: number): { compMs: number; tracker: LagTracker } {
  const compMs = Math.max(0, Math.min(lagMs, tracker.quotaMs));
  const quotaMs = Math.min(tracker.quotaMaxMs, tracker.quotaMs + tracker.quotaGainMs - compMs);
  return { compMs, tracker: { ...tracker, quotaMs } };
}

/** What the next move could be refunded at most: the flag waits this long past zero. */
export function graceMs(tracker: LagTracker, lagMs: number): number {
  return Math.max(0, Math.min(lagMs, tracker.quotaMs, 2000));
}
