/**
 * Time for the rooms: what time it is, and one-shot deadlines (a flag, a first-move limit, a
 * claim-victory grace). Rooms never poll: a room with nothing due has nothing scheduled. Tests
 * replace it with a manual scheduler whose time only moves when the test says so.
 */
export interface Timer {
  cancel(): void;
}

export interface Scheduler {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `task` once, at `time` (epoch ms) or as soon after it as the event loop allows. */
  at(time: number, task: () => void): Timer;
}

/** Node's timers accept at most 2^31 − 1 ms; longer waits are taken in steps. */
const MAX_DELAY = 2_147_483_647;

export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  at(time, task) {
    let handle: NodeJS.Timeout;
    const arm = () => {
      const delay = time - Date.now();
      handle = delay > MAX_DELAY ? setTimeout(arm, MAX_DELAY) : setTimeout(task, Math.max(0, delay));
      handle.unref();
    };
    arm();
    return { cancel: () => clearTimeout(handle) };
  },
};
