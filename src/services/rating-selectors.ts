/**
 * Reads of ratings: a player's current rating in a category, the leaderboard. Two systems share
 * the `rating` table: Glicko-2 for the chess categories (the RD grows while a player is idle,
 * provisional while RD ≥ 110) and FIBS for `backgammon` (no deviation, nothing decays; rd and
 * volatility are stored as 0; provisional while the player's experience is under
 * FIBS_PROVISIONAL_EXPERIENCE).
 */
import { Rating } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';
import { FIBS_INITIAL } from '../ratings/fibs.ts';
import { isProvisional, LICHESS, withInactivity, type Glicko } from '../ratings/glicko2.ts';

const DAY_MS = 86_400_000;

/** The categories rated with the FIBS formula rather than Glicko-2. */
export const FIBS_CATEGORIES = ['backgammon'] as const;
export const BACKGAMMON_CATEGORY = 'backgammon';

/**
 * A FIBS rating is provisional until its player has this much experience (the sum of rated
 * match lengths): about ten 5-point matches. FIBS itself flags nothing; this only keeps
 * newcomers, whose K factor is still large, off the leaderboard.
 */
export const FIBS_PROVISIONAL_EXPERIENCE = 50;

export function isFibsCategory(category: string): boolean {
  return (FIBS_CATEGORIES as readonly string[]).includes(category);
}

export interface CurrentRating extends Glicko {
  games: number;
  provisional: boolean;
  /** FIBS categories only: the sum of the rated match lengths played. */
  experience?: number;
}

type StoredRating = Pick<Rating, 'rating' | 'rd' | 'volatility' | 'games' | 'updatedAt'> & Partial<Pick<Rating, 'category' | 'experience'>>;

/**
 * A stored rating as it stands now: for Glicko-2 its RD grown by the days since the player last
 * played; a FIBS rating (a row whose category is a FIBS one) as stored.
 */
export function asOf(row: StoredRating, now: number): CurrentRating {
  if (row.category !== undefined && isFibsCategory(row.category)) {
    const experience = row.experience ?? 0;
    return { rating: row.rating, rd: 0, volatility: 0, games: row.games, experience, provisional: experience < FIBS_PROVISIONAL_EXPERIENCE };
  }
  const idleDays = row.games === 0 ? 0 : (now - row.updatedAt.getTime()) / DAY_MS;
  const live = withInactivity({ rating: row.rating, rd: row.rd, volatility: row.volatility }, idleDays);
  return { ...live, games: row.games, provisional: isProvisional(live) };
}

export async function currentRatings({ orm, playerIds, category, now }: {
  orm: Orm; playerIds: readonly string[]; category: string; now: number;
}): Promise<Map<string, CurrentRating>> {
  const rows = await orm.em.fork().find(Rating, { player: { $in: [...playerIds] }, category });
  const byPlayer = new Map(rows.map((row) => [row.player.id, row]));
  const ratings = new Map<string, CurrentRating>();
  for (const id of playerIds) {
    const row = byPlayer.get(id);
    ratings.set(id, row ? asOf(row, now) : unratedIn(category));
  }
  return ratings;
}

/** All of a player's ratings as they stand now, by category. */
export async function ratingsOf({ orm, playerId, now }: { orm: Orm; playerId: string; now: number }): Promise<Map<string, CurrentRating>> {
  const rows = await orm.em.fork().find(Rating, { player: playerId });
  return new Map(rows.map((row) => [row.category, asOf(row, now)]));
}

export const UNRATED: CurrentRating = { ...LICHESS.initial, games: 0, provisional: true };
export const UNRATED_FIBS: CurrentRating = { rating: FIBS_INITIAL.rating, rd: 0, volatility: 0, games: 0, experience: FIBS_INITIAL.experience, provisional: true };

/** The rating of a player who has never played in `category`. */
export function unratedIn(category: string): CurrentRating {
  return isFibsCategory(category) ? UNRATED_FIBS : UNRATED;
}

export interface LeaderboardEntry {
  username: string;
  rating: number;
  /** Glicko-2 deviation; 0 for FIBS categories, which have none. */
  rd: number;
  games: number;
  /** FIBS categories only. */
  experience?: number;
}

/**
 * The best non-provisional ratings of a category, best first: for Glicko-2, RD below 110 after
 * inactivity; for FIBS, experience of at least FIBS_PROVISIONAL_EXPERIENCE.
 */
export async function leaderboard({ orm, category, now, limit = 100 }: {
  orm: Orm; category: string; now: number; limit?: number;
}): Promise<LeaderboardEntry[]> {
  if (isFibsCategory(category)) {
    const rows = await orm.em.fork().find(Rating,
      { category, experience: { $gte: FIBS_PROVISIONAL_EXPERIENCE }, player: { guest: false } },
      { orderBy: { rating: 'desc', id: 'asc' }, limit, populate: ['player'] });
    return rows.map((row) => ({ username: row.player.username, rating: Math.round(row.rating), rd: 0, games: row.games, experience: row.experience }));
  }
  const candidates = await orm.em.fork().find(Rating,
    { category, rd: { $lt: LICHESS.provisionalRd }, player: { guest: false } },
    { orderBy: { rating: 'desc' }, limit: limit * 5, populate: ['player'] });
  return candidates
    .map((row) => ({ row, live: asOf(row, now) }))
    .filter(({ live }) => !live.provisional)
    .slice(0, limit)
    .map(({ row, live }) => ({ username: row.player.username, rating: Math.round(live.rating), rd: Math.round(live.rd), games: row.games }));
}
