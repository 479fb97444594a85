/** Seats as clients and the lobby see them, shared by the two-player game rooms. */
import type { MapSchema } from '@colyseus/schema';
import { SIDES } from '../../src/games/side.ts';
import type { CurrentRating } from '../../src/services/rating-selectors.ts';
import { Seat } from '../../schema/seat.ts';
import type { SeatHolder } from './game-room.ts';

export function mirrorSeats(players: MapSchema<Seat>, seats: ReadonlyMap<string, SeatHolder>, ratings: ReadonlyMap<string, CurrentRating>): void {
  for (const side of SIDES) {
    const holder = seats.get(side);
    if (!holder) {
      players.delete(side);
      continue;
    }
    const seat = players.get(side) ?? new Seat();
    const rating = ratings.get(holder.player.id);
    seat.id = holder.player.id;
    seat.username = holder.player.username;
    seat.rating = rating ? Math.round(rating.rating) : 0;
    seat.provisional = rating?.provisional ?? true;
    seat.connected = holder.connected;
    if (!players.has(side)) players.set(side, seat);
  }
}

/** The seated players for a listing, and their mean rating (for "best rated first"). */
export function listedPlayers(players: MapSchema<Seat>) {
  const listed = SIDES.flatMap((side) => {
    const seat = players.get(side);
    return seat ? [{ side, id: seat.id, username: seat.username, rating: seat.rating, provisional: seat.provisional }] : [];
  });
  const rating = listed.length ? Math.round(listed.reduce((sum, p) => sum + p.rating, 0) / listed.length) : 0;
  return { players: listed, rating };
}
