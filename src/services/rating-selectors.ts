/** Reads of ratings: a player's current rating in a category, the leaderboard. */
import { Rating } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';
import { isProvisional, LICHESS, withInactivity, type Glicko } from '../ratings/glicko2.ts';

const DAY_MS = 86_400_000;

export interface CurrentRating extends Glicko {
  games: number;
  provisional: boolean;
}

/** A stored rating as it stands now: its RD grown by the days since the player last played. */
export function asOf(row: Pick<Rating, 'rating' | 'rd' | 'volatility' | 'games' | 'updatedAt'>, now: number): CurrentRating {
  const idleDays = row.games === 0 ? 0 : (now - row.updatedAt.getTime()) / DAY_MS;
  const live = withInactivity({ rating: row.rating, rd: row.rd, volatility: row.volatility }, idleDays);
  return { ...live, games: row.games, provisional: isProvisional(live) };
}

export async function currentRatings({ orm, playerIds, category, now }: {
  orm: Orm; playerIds: readonly string[]; category: string; now: number;
}): Promise<Map<string, CurrentRating>> {
  const rows = await orm.em.fork().find(Rating, { player: { $in: [...playerIds] }, category });
  const ratings = new Map<string, CurrentRating>();
  for (const id of playerIds) {
    const row = rows.find((candidate) => candidate.player.id === id);
    ratings.set(id, row ? asOf(row, now) : UNRATED);
  }
  return ratings;
}

/** All of a player's ratings as they stand now, by category. */
export async function ratingsOf({ orm, playerId, now }: { orm: Orm; playerId: string; now: number }): Promise<Map<string, CurrentRating>> {
  const rows = await orm.em.fork().find(Rating, { player: playerId });
  return new Map(rows.map((row) => [row.category, asOf(row, now)]));
}

export const UNRATED: CurrentRating = { ...LICHESS.initial, games: 0, provisional: true };

export interface LeaderboardEntry { username: string; rating: number; rd: number; games: number }

/** The best non-provisional ratings of a category (RD below 110 after inactivity), best first. */
export async function leaderboard({ orm, category, now, limit = 100 }: {
  orm: Orm; category: string; now: number; limit?: number;
}): Promise<LeaderboardEntry[]> {
  const candidates = await orm.em.fork().find(Rating,
    { category, rd: { $lt: LICHESS.provisionalRd }, player: { guest: false } },
    { orderBy: { rating: 'desc' }, limit: limit * 5, populate: ['player'] });
  return candidates
    .map((row) => ({ row, live: asOf(row, now) }))
    .filter(({ live }) => !live.provisional)
    .slice(0, limit)
    .map(({ row, live }) => ({ username: row.player.username, rating: Math.round(live.rating), rd: Math.round(live.rd), games: row.games }));
}
