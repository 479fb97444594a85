/**
 * Writing a finished game from a room: retried with growing delays until the database takes
 * it (the write is idempotent on the game id, so a retry after an unclear failure is safe).
 * At shutdown one last attempt is made at once; if that fails too, the whole record is logged
 * at error level so an operator can replay it. Nothing is dropped silently.
 */
import type { Logger } from '../../src/log.ts';

const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000, 60_000];

export class Persister<Record, Stored> {
  readonly #write: (record: Record) => Promise<Stored>;
  readonly #schedule: (at: number | undefined, task: () => void) => void;
  readonly #now: () => number;
  readonly #log: Logger;
  #record: Record | undefined;
  #onStored: ((stored: Stored) => void) | undefined;
  #attempts = 0;
  #inFlight: Promise<void> | undefined;
  #done = false;

  constructor(options: {
    write: (record: Record) => Promise<Stored>;
    schedule: (at: number | undefined, task: () => void) => void;
    now: () => number;
    log: Logger;
  }) {
    this.#write = options.write;
    this.#schedule = options.schedule;
    this.#now = options.now;
    this.#log = options.log;
  }

  get stored(): boolean {
    return this.#done;
  }

  /** Starts writing `record`; `onStored` runs once it is in the database. */
  persist(record: Record, onStored: (stored: Stored) => void): void {
    if (this.#record !== undefined) return;
    this.#record = record;
    this.#onStored = onStored;
    this.#attempt();
  }

  #attempt(): Promise<void> {
    if (this.#done || this.#record === undefined) return Promise.resolve();
    this.#inFlight ??= (async () => {
      this.#attempts += 1;
      try {
        const stored = await this.#write(this.#record!);
        this.#done = true;
        this.#schedule(undefined, () => undefined);
        this.#onStored?.(stored);
      } catch (error) {
        const delay = RETRY_DELAYS_MS[Math.min(this.#attempts - 1, RETRY_DELAYS_MS.length - 1)]!;
        this.#log.error({ err: error, attempt: this.#attempts, retryInMs: delay }, 'could not record the game; will retry');
        this.#schedule(this.#now() + delay, () => void this.#attempt());
      } finally {
        this.#inFlight = undefined;
      }
    })();
    return this.#inFlight;
  }

  /** For shutdown: waits for a write under way, or tries once more now; logs the record if it still fails. */
  async settle(): Promise<void> {
    if (this.#done || this.#record === undefined) return;
    this.#schedule(undefined, () => undefined);
    await (this.#inFlight ?? this.#attempt());
    if (!this.#done) {
      this.#log.error({ record: this.#record, attempts: this.#attempts }, 'game NOT recorded: the database kept failing; the record is in this log line');
    }
  }
}
