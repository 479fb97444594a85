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

interface Entry { time: number; order: number; task: () => void; index: number }

export interface TimerHost {
  now(): number;
  setTimer(task: () => void, delay: number): unknown;
  clearTimer(handle: unknown): void;
}

const nodeTimers: TimerHost = {
  now: () => Date.now(),
  setTimer: (task, delay) => setTimeout(task, delay).unref(),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Every deadline of the process in one indexed min-heap, served by a single Node timer armed
 * for the earliest (lila's "one timer serves every game"). Scheduling and cancelling are
 * O(log n) and allocate one small entry; thousands of games re-arming their flag on every move
 * cost no Node timer each (Node keeps a timer list per distinct delay, and every flag's delay
 * differs). The timer is only re-armed when a deadline earlier than the armed one arrives.
 */
export class DeadlineQueue implements Scheduler {
  readonly #host: TimerHost;
  readonly #heap: Entry[] = [];
  #order = 0;
  #handle: unknown;
  #armedFor = Infinity;

  constructor(host: TimerHost = nodeTimers) {
    this.#host = host;
  }

  now(): number {
    return this.#host.now();
  }

  /** Deadlines waiting (for tests and metrics). */
  get size(): number {
    return this.#heap.length;
  }

  at(time: number, task: () => void): Timer {
    const entry: Entry = { time, order: this.#order++, task, index: this.#heap.length };
    this.#heap.push(entry);
    this.#up(entry.index);
    if (time < this.#armedFor) this.#arm();
    return { cancel: () => this.#remove(entry) };
  }

  #remove(entry: Entry): void {
    const index = entry.index;
    if (index < 0 || this.#heap[index] !== entry) return;
    entry.index = -1;
    const last = this.#heap.pop()!;
    if (index < this.#heap.length) {
      this.#heap[index] = last;
      last.index = index;
      this.#down(index);
      this.#up(last.index);
    }
    // The armed timer stays: firing early costs one check, re-arming on every cancel would cost more.
  }

  #arm(): void {
    if (this.#handle !== undefined) this.#host.clearTimer(this.#handle);
    this.#handle = undefined;
    const next = this.#heap[0];
    this.#armedFor = next ? next.time : Infinity;
    if (!next) return;
    const delay = Math.min(MAX_DELAY, Math.max(0, next.time - this.#host.now()));
    this.#handle = this.#host.setTimer(() => this.#fire(), delay);
  }

  #fire(): void {
    this.#handle = undefined;
    this.#armedFor = Infinity;
    const now = this.#host.now();
    for (let next = this.#heap[0]; next && next.time <= now; next = this.#heap[0]) {
      this.#remove(next);
      try {
        next.task();
      } catch {
        // A task is a room's own: it logs its own failures; one must never stop the others.
      }
    }
    if (this.#handle === undefined) this.#arm();
  }

  #less(a: Entry, b: Entry): boolean {
    return a.time < b.time || (a.time === b.time && a.order < b.order);
  }

  #swap(i: number, j: number): void {
    const a = this.#heap[i]!;
    const b = this.#heap[j]!;
    this.#heap[i] = b;
    this.#heap[j] = a;
    a.index = j;
    b.index = i;
  }

  #up(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.#less(this.#heap[index]!, this.#heap[parent]!)) return;
      this.#swap(index, parent);
      index = parent;
    }
  }

  #down(index: number): void {
    const size = this.#heap.length;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < size && this.#less(this.#heap[left]!, this.#heap[smallest]!)) smallest = left;
      if (right < size && this.#less(this.#heap[right]!, this.#heap[smallest]!)) smallest = right;
      if (smallest === index) return;
      this.#swap(index, smallest);
      index = smallest;
    }
  }
}

export const systemScheduler: Scheduler = new DeadlineQueue();
