/**
 * Ratings for display, read for many rooms at once: rooms are created in bursts (a restart
 * restores every game in play, a lobby wave pairs many players), and one query per room would
 * queue a thousand small reads. Every request made in the same turn of the event loop is
 * answered by one query per category.
 */
import type { Orm } from '../../src/db/orm.ts';
import type { Runtime } from '../../src/runtime.ts';
import { currentRatings, type CurrentRating } from '../../src/services/rating-selectors.ts';

interface Pending { ids: Set<string>; waiting: Array<{ resolve(found: Map<string, CurrentRating>): void; reject(error: unknown): void }> }

export class RatingReader {
  readonly #orm: () => Orm;
  readonly #now: () => number;
  readonly #pending = new Map<string, Pending>();

  constructor(orm: () => Orm, now: () => number) {
    this.#orm = orm;
    this.#now = now;
  }

  /** The ratings of `playerIds` in `category` (an unrated player's start rating when none). */
  read(playerIds: readonly string[], category: string): Promise<Map<string, CurrentRating>> {
    let pending = this.#pending.get(category);
    if (!pending) {
      pending = { ids: new Set(), waiting: [] };
      this.#pending.set(category, pending);
      setImmediate(() => void this.#flush(category));
    }
    for (const id of playerIds) pending.ids.add(id);
    const { waiting } = pending;
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  }

  async #flush(category: string): Promise<void> {
    const pending = this.#pending.get(category)!;
    this.#pending.delete(category);
    try {
      const found = await currentRatings({ orm: this.#orm(), playerIds: [...pending.ids], category, now: this.#now() });
      for (const waiter of pending.waiting) waiter.resolve(found);
    } catch (error) {
      for (const waiter of pending.waiting) waiter.reject(error);
    }
  }
}

const readers = new WeakMap<Runtime, RatingReader>();

/** The reader every room of this server shares. */
export function ratingReader(rt: Runtime): RatingReader {
  let reader = readers.get(rt);
  if (!reader) {
    reader = new RatingReader(() => rt.db.orm, () => rt.scheduler.now());
    readers.set(rt, reader);
  }
  return reader;
}
