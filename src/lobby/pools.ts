/**
 * Quick pairing: players wait in a pool per game and time control; two are paired when each
 * one's rating window holds the other's rating. A window starts at ±100 and widens by 50 a
 * second of waiting, up to ±1000, so a long wait finds someone further away. Rated players pair
 * only with rated players; nobody pairs with themselves.
 */
export const RATING_WINDOW = { initial: 100, perSecond: 50, max: 1000 } as const;

export interface PoolEntry {
  playerId: string;
  username: string;
  rating: number;
  rated: boolean;
  joinedAt: number;
}

export function ratingWindow(waitedMs: number): number {
  return Math.min(RATING_WINDOW.max, RATING_WINDOW.initial + RATING_WINDOW.perSecond * Math.max(0, waitedMs) / 1000);
}

export function compatible(a: PoolEntry, b: PoolEntry, now: number): boolean {
  if (a.playerId === b.playerId || a.rated !== b.rated) return false;
  const diff = Math.abs(a.rating - b.rating);
  return diff <= ratingWindow(now - a.joinedAt) && diff <= ratingWindow(now - b.joinedAt);
}

/** The partner for `entry`: the closest rating among the compatible, the longest waiting on a tie. */
export function bestPartner(entry: PoolEntry, others: readonly PoolEntry[], now: number): PoolEntry | undefined {
  let best: PoolEntry | undefined;
  for (const other of others) {
    if (!compatible(entry, other, now)) continue;
    const diff = Math.abs(entry.rating - other.rating);
    const bestDiff = best ? Math.abs(entry.rating - best.rating) : Infinity;
    if (diff < bestDiff || (diff === bestDiff && best !== undefined && other.joinedAt < best.joinedAt)) best = other;
  }
  return best;
}
