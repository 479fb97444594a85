/** What recording a game does with rating rows, for every game's service alike. */
import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { Game, Player, Rating } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';
import type { BySide } from '../games/side.ts';

export interface RatingChange { before: number; after: number; diff: number }

/** What the stored game says about ratings: a change per side for a rated game, else nothing. */
export type RecordedRatings = BySide<RatingChange> | undefined;

export function ratingChange(before: number, after: number): RatingChange {
  return { before, after, diff: Math.round(after) - Math.round(before) };
}

/** The rating changes a stored game carries (for a game recorded a second time). */
export function storedRatings(game: Game): RecordedRatings {
  const { whiteRatingBefore: wb, whiteRatingAfter: wa, blackRatingBefore: bb, blackRatingAfter: ba } = game;
  if (wa == null || ba == null || wb == null || bb == null) return undefined;
  return { white: ratingChange(wb, wa), black: ratingChange(bb, ba) };
}

/**
 * After a recording failed: when it lost to the same game recorded at once (an unrated game
 * locks no rating row, so the primary key decided), the stored game's ratings; any other error
 * is thrown on.
 */
export async function ratingsIfRecordedTwice(orm: Orm, gameId: string, error: unknown): Promise<RecordedRatings> {
  if (error instanceof UniqueConstraintViolationException) {
    const stored = await orm.em.fork().findOne(Game, { id: gameId });
    if (stored) return storedRatings(stored);
  }
  throw error;
}

/**
 * Both players' rating rows in the category, created with `initial` if missing, locked in
 * player-id order (two recordings of games between the same players cannot deadlock).
 */
export async function lockRatings(em: EntityManager, playerIds: BySide<string>, category: string,
  initial: Pick<Rating, 'rating' | 'rd' | 'volatility' | 'experience'>, now: Date): Promise<BySide<Rating>> {
  await em.upsertMany(Rating, [playerIds.white, playerIds.black].map((id) => ({
    player: em.getReference(Player, id), category, ...initial, games: 0, updatedAt: now,
  })), { onConflictFields: ['player', 'category'], onConflictAction: 'ignore' });
  const rows = await em.find(Rating, { player: { $in: [playerIds.white, playerIds.black] }, category }, {
    orderBy: { player: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true,
  });
  const find = (id: string) => rows.find((row) => row.player.id === id)!;
  return { white: find(playerIds.white), black: find(playerIds.black) };
}
