/**
 * A draft's chance as data: the room draws a seed (node:crypto) for each action it gives the
 * rules, and whatever the action needs by chance (the hero draft's coin flip and random hero,
 * the player draft's roll-off dice) is drawn from that seed by a small deterministic generator
 * (mulberry32). The event kept for the action carries the seed when anything was drawn from it,
 * so replaying the event draws exactly the same values: a draft replays exactly from its events.
 *
 * The rules take their chance through the same interface as before (`coin`, `randomIndex`,
 * `die`); a `Draws` is loaded with the seed of the action being applied and empty otherwise, and
 * asking it for a value without a seed is a bug that fails loudly.
 */

/** Seeds are whole numbers in [0, SEED_RANGE): what `crypto.randomInt(SEED_RANGE)` gives. */
export const SEED_RANGE = 2 ** 32;

/** mulberry32: a 32-bit state, one unsigned 32-bit value per call. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

export function isSeed(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < SEED_RANGE;
}

export class Draws {
  #next: (() => number) | undefined;
  #used = false;

  /** The seed of the action about to be applied (undefined: none, so nothing may be drawn). */
  load(seed: number | undefined): void {
    if (seed !== undefined && !isSeed(seed)) throw new RangeError(`a seed is a whole number in 0..${SEED_RANGE - 1}, not ${String(seed)}`);
    this.#next = seed === undefined ? undefined : mulberry32(seed);
    this.#used = false;
  }

  /** Whether anything was drawn since the last `load`. */
  get used(): boolean {
    return this.#used;
  }

  /** A uniform whole number in 0..n−1 (rejection sampling: no modulo bias). */
  readonly randomIndex = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > SEED_RANGE) throw new RangeError(`cannot draw among ${n}`);
    const next = this.#next;
    if (!next) throw new Error('the rules drew by chance for an action that carries no seed');
    this.#used = true;
    const limit = SEED_RANGE - (SEED_RANGE % n);
    for (;;) {
      const value = next();
      if (value < limit) return value % n;
    }
  };

  /** The coin flip: the index of the team that wins it. */
  readonly coin = (): 0 | 1 => this.randomIndex(2) as 0 | 1;

  /** A six-sided die: 1..6. */
  readonly die = (): number => 1 + this.randomIndex(6);
}
