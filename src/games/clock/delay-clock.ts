/**
 * The backgammon clock: a delay per action plus a reserve bank per side (Kit Woolsey's "Clocks
 * in Backgammon", the usual online model), as an immutable value with time passed in (`now`,
 * epoch ms). Chess's Fischer clock does not fit backgammon: a forced or trivial play should cost
 * nothing, and a long match should not be lost on the sum of many quick dice rolls.
 *
 * While a side must act, its delay runs first and then its reserve; only the overshoot beyond
 * the delay is taken from the reserve, and unused delay is lost (it does not accumulate). When
 * the reserve reaches zero that side has lost on time: the rules (src/games/backgammon/table.ts)
 * end the match with termination "timeout" at `flagAt`, one scheduled deadline, no polling.
 *
 * Every action gets a fresh delay: rolling (or doubling instead), moving, and answering a double
 * each start with the full delay, because the reference model is a delay per move and cube
 * decisions are decisions of their own. A player who rolls and then moves therefore has one
 * delay for the roll-or-double decision and another for the play; when the server rolls by
 * itself (no cube access) the player's only action is the play, with one delay.
 *
 * `reserve` is exact at `since`, which is also when the running side's delay began, so the
 * synced state `clock { white, black, delay, running, since }` is this value as it stands.
 *
 * Suspension (the server stops, or stopped, with a match in play): `suspendDelayClock` charges
 * the running side up to the suspension, exactly as a stop would, and remembers who was acting
 * and what was left of their delay; nothing runs while suspended. `resumeDelayClock` gives the
 * side to act its clock back: the same side gets what was left of its delay, then its reserve, as
 * if the time away had not passed (`since` is set back by the delay it had used, so `since`,
 * `delay` and `reserve` still tell the whole story); a side that was not acting at the suspension
 * starts a fresh action.
 */
import type { BySide, Side } from '../side.ts';

export interface DelayControl {
  /** Free time per action. */
  delayMs: number;
  /** Bank per side for the whole match, drained only by the time beyond the delay. */
  reserveMs: number;
}

export interface DelayClock {
  readonly control: DelayControl;
  /** Remaining reserve of each side at `since`. */
  readonly reserve: BySide<number>;
  /** The side that must act, or undefined while nobody must (between games, after the end). */
  readonly running: Side | undefined;
  /** When the running side's action began (its delay started); when it stopped otherwise. */
  readonly since: number;
  /** Set while suspended: who was acting then, and what was left of their delay. */
  readonly suspended?: { readonly side: Side; readonly delayLeftMs: number } | undefined;
}

export function createDelayClock(control: DelayControl, now: number): DelayClock {
  return {
    control,
    reserve: { white: control.reserveMs, black: control.reserveMs },
    running: undefined,
    since: now,
  };
}

/** Time the running side has used on its current action by `now` (0 for anyone else). */
function usedMs(clock: DelayClock, side: Side, now: number): number {
  return clock.running === side ? Math.max(0, now - clock.since) : 0;
}

/** What is left of `side`'s delay for its current action at `now`; 0 while it is not acting. */
export function delayLeftAt(clock: DelayClock, side: Side, now: number): number {
  if (clock.running !== side) return 0;
  return Math.max(0, clock.control.delayMs - usedMs(clock, side, now));
}

/** `side`'s reserve at `now`: the reserve at `since` minus the overshoot beyond the delay. */
export function reserveAt(clock: DelayClock, side: Side, now: number): number {
  const overshoot = Math.max(0, usedMs(clock, side, now) - clock.control.delayMs);
  return Math.max(0, clock.reserve[side] - overshoot);
}

/** The moment the running side's reserve runs out: the one deadline the room schedules. */
export function flagAt(clock: DelayClock): number | undefined {
  if (clock.running === undefined) return undefined;
  return clock.since + clock.control.delayMs + clock.reserve[clock.running];
}

/** Whether the running side has run out of reserve at `now` (at the flag itself it has). */
export function isOutOfTime(clock: DelayClock, now: number): boolean {
  const at = flagAt(clock);
  return at !== undefined && now >= at;
}

/**
 * Stops the clock at `now`, charging the running side its overshoot, the reserve never below
 * zero (for between games, the end of the match, or before handing the action to someone).
 */
export function stopDelayClock(clock: DelayClock, now: number): DelayClock {
  if (clock.running === undefined) return clock;
  const side = clock.running;
  return { ...clock, reserve: { ...clock.reserve, [side]: reserveAt(clock, side, now) }, running: undefined, since: now };
}

/**
 * `side` must act from `now` with a fresh delay. Whoever was running is charged first, so this
 * also serves the same side's next action (roll, then move) and the hand-over to the opponent.
 * It does not judge a late action: take the acting side's `recordAction` first and end the
 * match if it `flagged`.
 */
export function startAction(clock: DelayClock, side: Side, now: number): DelayClock {
  return { ...withoutSuspension(stopDelayClock(clock, now)), running: side, since: now };
}

function withoutSuspension(clock: DelayClock): DelayClock {
  if (clock.suspended === undefined) return clock;
  const { suspended: _, ...rest } = clock;
  return rest;
}

/**
 * Suspends the clock at `now`: the running side is charged up to `now` (as `stopDelayClock`
 * does) and what was left of its delay is kept for `resumeDelayClock`. Nothing runs meanwhile.
 * A clock that was not running stays as it is: nobody had a clock to give back.
 */
export function suspendDelayClock(clock: DelayClock, now: number): DelayClock {
  if (clock.suspended !== undefined) return clock;
  const side = clock.running;
  if (side === undefined) return clock;
  return { ...stopDelayClock(clock, now), suspended: { side, delayLeftMs: delayLeftAt(clock, side, now) } };
}

/**
 * Play goes on at `now` with `side` to act (undefined: nobody must act, the clock stays stopped).
 * The side that was acting at the suspension gets back what was left of its delay, then its
 * reserve; any other side starts a fresh action.
 */
export function resumeDelayClock(clock: DelayClock, side: Side | undefined, now: number): DelayClock {
  const paused = clock.suspended;
  if (paused === undefined) {
    if (side === undefined) return stopDelayClock(clock, now);
    return clock.running === side ? clock : startAction(clock, side, now);
  }
  const stopped = { ...withoutSuspension(clock), since: now };
  if (side === undefined) return stopped;
  if (paused.side !== side) return startAction(stopped, side, now);
  return { ...stopped, running: side, since: now - (clock.control.delayMs - paused.delayLeftMs) };
}

export interface ActionStep {
  /** Stopped (nobody running); start the next action with `startAction`. */
  clock: DelayClock;
  /** What the action took from the reserve (its overshoot). */
  reserveSpentMs: number;
  /** The action came at or after the flag: its reserve was gone and the action does not count. */
  flagged: boolean;
}

/**
 * `side` acted at `now`: charge the overshoot and stop. Nothing is charged when `side` was not
 * the one running (an action the clock did not ask for, such as a resignation by the waiting
 * player).
 */
export function recordAction(clock: DelayClock, side: Side, now: number): ActionStep {
  if (clock.running !== side) return { clock, reserveSpentMs: 0, flagged: false };
  const flagged = isOutOfTime(clock, now);
  const stopped = stopDelayClock(clock, now);
  return { clock: stopped, reserveSpentMs: clock.reserve[side] - stopped.reserve[side], flagged };
}
