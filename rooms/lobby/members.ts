/**
 * A lobby member: one lobby connection of a player, with what the lobby knows of them (their
 * ratings, read on joining and refreshed before they make or take an offer, and the rating range
 * they set) and the two message budgets of the connection. Seeks, pools and challenges each act
 * for a member; how a member sees seeks is their `viewer` (src/lobby/seeks.ts decides).
 */
import type { Client } from '@colyseus/core';
import type { PlayerAuth } from '../../src/auth/room-auth.ts';
import type { RatingRange } from '../../src/lobby/ranges.ts';
import type { Viewer } from '../../src/lobby/seeks.ts';
import { UNRATED, type CurrentRating } from '../../src/services/rating-selectors.ts';
import type { TokenBucket } from '../shared/rate-limit.ts';

export interface Member {
  client: Client;
  player: PlayerAuth;
  ratings: Map<string, CurrentRating>;
  ratingRange: RatingRange | undefined;
  actions: TokenBucket;
  filters: TokenBucket;
}

/** Reads a member's ratings again (before they make or take an offer, or when a game changed them). */
export type RefreshRatings = (member: Member) => Promise<void>;

/** A member's rating in a category: the default rating where they have none. */
export function ratingIn(member: Member, category: string): CurrentRating {
  return member.ratings.get(category) ?? UNRATED;
}

export function viewer(member: Member): Viewer {
  return {
    playerId: member.player.id,
    guest: member.player.guest,
    ratingIn: (category) => ratingIn(member, category).rating,
    ratingRange: member.ratingRange,
  };
}
