/** Scripted and seeded randomness for the draft tests (no Math.random anywhere). */
import { prng } from '../../support/prng.ts';

export const T0 = 1_700_000_000_000;

/** A die that rolls the given values in order and fails loudly when asked for one more. */
export function scriptedDie(...values: number[]): (() => number) & { left: () => number } {
  let i = 0;
  const die = () => {
    if (i >= values.length) throw new Error(`the scripted die ran out after ${values.length} rolls`);
    return values[i++]!;
  };
  return Object.assign(die, { left: () => values.length - i });
}


export function seededDie(seed: number): () => number {
  const next = prng(seed);
  return () => 1 + Math.floor(next() * 6);
}

/** Everything observable of a draft, to check that a refused action changed nothing. */
export function snapshot(draft: object & { available(): unknown }): string {
  return JSON.stringify({ draft, available: draft.available() });
}
