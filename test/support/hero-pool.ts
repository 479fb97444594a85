/** The hero pool the draft tests use, and the first hero of it still free as a client sees it. */
import type { DraftState } from '../../schema/DraftState.ts';

export const HEROES = Array.from({ length: 30 }, (_, i) => `hero-${i + 1}`);

/** The first hero of the pool that nobody has picked or banned, as this client sees it. */
export function freeHero(state: DraftState): string {
  const used = new Set([...state.teams].flatMap((team) => [...team.picks, ...team.bans]));
  return state.heroes.find((hero) => !used.has(hero))!;
}
