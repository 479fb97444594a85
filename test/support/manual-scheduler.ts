/**
 * A scheduler whose time moves only when a test advances it: deadlines (flags, first-move
 * limits, claim-victory graces) fire in time order, each seeing `now()` at its own time.
 */
import type { Scheduler, Timer } from '../../src/scheduler.ts';

interface Task { time: number; order: number; run: () => void; cancelled: boolean }

export class ManualScheduler implements Scheduler {
  #now: number;
  #tasks: Task[] = [];
  #order = 0;

  constructor(start = Date.now()) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  at(time: number, run: () => void): Timer {
    const task: Task = { time, order: this.#order++, run, cancelled: false };
    this.#tasks.push(task);
    return { cancel: () => { task.cancelled = true; } };
  }

  /** Moves time forward by `ms`, running every deadline that falls on the way. */
  advance(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  advanceTo(time: number): void {
    for (;;) {
      this.#tasks = this.#tasks.filter((task) => !task.cancelled);
      const due = this.#tasks
        .filter((task) => task.time <= time)
        .sort((a, b) => a.time - b.time || a.order - b.order)[0];
      if (!due) break;
      this.#tasks.splice(this.#tasks.indexOf(due), 1);
      this.#now = Math.max(this.#now, due.time);
      due.run();
    }
    this.#now = Math.max(this.#now, time);
  }

  /** Deadlines still pending, for tests that check nothing is scheduled. */
  pending(): number {
    return this.#tasks.filter((task) => !task.cancelled).length;
  }
}
