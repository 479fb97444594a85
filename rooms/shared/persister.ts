/**
 * Writing a finished game from a room: retried with growing delays until the database takes
 * it (the write is idempotent on the game id, so a retry after an unclear failure is safe).
 * When a write fails the record goes to the durable spool (src/db/spool.ts) before anything
 * else, so a crash, a deploy or a database that stays down cannot lose it: the next start writes
 * it (services/spooled-records.ts). At shutdown one last attempt is made at once; a record the
 * database still refuses stays in the spool. Only if the spool cannot be written either is the
 * whole record logged at error level. Nothing is dropped silently.
 */
import type { Spool } from '../../src/db/spool.ts';
import { isDatabaseUnavailable } from '../../src/db/unavailable.ts';
import type { Logger } from '../../src/log.ts';
import type { RecordKind } from '../../src/services/spooled-records.ts';

const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000, 60_000];

export class Persister<Record, Stored> {
  readonly #write: (record: Record) => Promise<Stored>;
  readonly #schedule: (at: number | undefined, task: () => void) => void;
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #spool: Spool;
  readonly #kind: RecordKind;
  readonly #idOf: (record: Record) => string;
  #record: Record | undefined;
  #onStored: ((stored: Stored) => void) | undefined;
  #attempts = 0;
  #inFlight: Promise<void> | undefined;
  #spooled = false;
  #done = false;

  constructor(options: {
    write: (record: Record) => Promise<Stored>;
    schedule: (at: number | undefined, task: () => void) => void;
    now: () => number;
    log: Logger;
    spool: Spool;
    kind: RecordKind;
    idOf: (record: Record) => string;
  }) {
    this.#write = options.write;
    this.#schedule = options.schedule;
    this.#now = options.now;
    this.#log = options.log;
    this.#spool = options.spool;
    this.#kind = options.kind;
    this.#idOf = options.idOf;
  }

  get stored(): boolean {
    return this.#done;
  }

  /** Starts writing `record`; `onStored` runs once it is in the database. */
  persist(record: Record, onStored: (stored: Stored) => void): void {
    if (this.#record !== undefined) return;
    this.#record = record;
    this.#onStored = onStored;
    void this.#attempt();
  }

  #attempt(): Promise<void> {
    if (this.#done || this.#record === undefined) return Promise.resolve();
    this.#inFlight ??= (async () => {
      this.#attempts += 1;
      const record = this.#record!;
      try {
        const stored = await this.#write(record);
        this.#done = true;
        this.#schedule(undefined, () => undefined);
        if (this.#spooled) await this.#unspool(record);
        this.#onStored?.(stored);
      } catch (error) {
        await this.#toSpool(record);
        const delay = RETRY_DELAYS_MS[Math.min(this.#attempts - 1, RETRY_DELAYS_MS.length - 1)]!;
        // A database that is away is a circumstance, not a fault: its reason is enough, without a stack.
        const why = isDatabaseUnavailable(error) ? { reason: (error as Error).message } : { err: error };
        this.#log.warn({ ...why, attempt: this.#attempts, retryInMs: delay, spooled: this.#spooled }, 'could not record the game yet; will retry');
        this.#schedule(this.#now() + delay, () => void this.#attempt());
      } finally {
        this.#inFlight = undefined;
      }
    })();
    return this.#inFlight;
  }

  async #toSpool(record: Record): Promise<void> {
    if (this.#spooled) return;
    try {
      await this.#spool.put({ kind: this.#kind, id: this.#idOf(record), record });
      this.#spooled = true;
    } catch (error) {
      this.#log.error({ err: error, dir: this.#spool.dir }, 'could not spool the game either; still retrying the database');
    }
  }

  async #unspool(record: Record): Promise<void> {
    try {
      await this.#spool.remove(this.#kind, this.#idOf(record));
    } catch (error) {
      // Left in the spool, it is written again at the next start: stored once, harmless.
      this.#log.warn({ err: error, dir: this.#spool.dir }, 'could not remove a recorded game from the spool');
    }
  }

  /** For shutdown: waits for a write under way, or tries once more now; a record still unwritten stays in the spool. */
  async settle(): Promise<void> {
    if (this.#done || this.#record === undefined) return;
    this.#schedule(undefined, () => undefined);
    await (this.#inFlight ?? this.#attempt());
    if (this.#done) return;
    if (this.#spooled) {
      this.#log.warn({ kind: this.#kind, id: this.#idOf(this.#record), dir: this.#spool.dir, attempts: this.#attempts },
        'game not recorded yet: the database kept failing; it is in the spool and is written at the next start');
    } else {
      this.#log.error({ record: this.#record, attempts: this.#attempts }, 'game NOT recorded: the database and the spool kept failing; the record is in this log line');
    }
  }
}
