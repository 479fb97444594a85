/** Named one-shot timers of a room on the injected scheduler: one per name, all cancelled at dispose. */
import type { Logger } from '../../src/log.ts';
import type { Scheduler, Timer } from '../../src/scheduler.ts';

export class RoomTimers {
  readonly #scheduler: Scheduler;
  readonly #log: () => Logger;
  readonly #timers = new Map<string, Timer>();

  constructor(scheduler: Scheduler, log: () => Logger) {
    this.#scheduler = scheduler;
    this.#log = log;
  }

  /** Sets (or with `at` undefined, clears) the timer of this name. */
  set(name: string, at: number | undefined, task: () => void | Promise<void>): void {
    this.#timers.get(name)?.cancel();
    this.#timers.delete(name);
    if (at === undefined) return;
    this.#timers.set(name, this.#scheduler.at(at, () => {
      this.#timers.delete(name);
      Promise.resolve().then(task).catch((error: unknown) => this.#log().error({ err: error, timer: name }, 'room timer failed'));
    }));
  }

  has(name: string): boolean {
    return this.#timers.has(name);
  }

  clear(): void {
    for (const timer of this.#timers.values()) timer.cancel();
    this.#timers.clear();
  }
}
