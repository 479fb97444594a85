/**
 * Seeks (lichess "hooks"): an open offer to play with given settings. A seek is shown to, and
 * may be accepted by, a player whose rating is in the seek's range and whose own range, if they
 * set one, holds the seeker's rating. Rated seeks are for registered players only.
 */
import { Refusal } from '../games/refusal.ts';
import { holds, type RatingRange } from './ranges.ts';

export interface Seek {
  id: string;
  game: string;
  /** The rating category the seek's settings fall in (e.g. "blitz"). */
  category: string;
  /** Game settings as the game's lobby entry parsed them (e.g. `{ time: { initial, increment } }`). */
  settings: Record<string, unknown>;
  rated: boolean;
  color: 'white' | 'black' | 'random';
  ratingRange: RatingRange | undefined;
  player: { id: string; username: string; guest: boolean; rating: number; provisional: boolean };
  createdAt: number;
}

export interface Viewer {
  playerId: string;
  guest: boolean;
  /** The viewer's rating in a category (the default rating where they have none). */
  ratingIn(category: string): number;
  ratingRange: RatingRange | undefined;
}

/** At most this many open seeks per player. */
export const MAX_SEEKS_PER_PLAYER = 3;

/** Why `viewer` may not take `seek`, or `undefined` if they may. */
export function acceptRefusal(seek: Seek, viewer: Viewer): Refusal | undefined {
  if (seek.player.id === viewer.playerId) return new Refusal('OWN_SEEK', 'this is your own seek');
  if (seek.rated && viewer.guest) return new Refusal('REGISTRATION_REQUIRED', 'rated games are for registered players');
  if (!holds(seek.ratingRange, viewer.ratingIn(seek.category))) {
    return new Refusal('OUT_OF_RANGE', 'your rating is outside the range of this seek');
  }
  if (!holds(viewer.ratingRange, seek.player.rating)) {
    return new Refusal('OUT_OF_RANGE', 'the seeker\'s rating is outside your rating range');
  }
  return undefined;
}

/** Seeks shown to a viewer: their own, and those they could accept. */
export function visibleTo(seek: Seek, viewer: Viewer): boolean {
  return seek.player.id === viewer.playerId || acceptRefusal(seek, viewer) === undefined;
}
