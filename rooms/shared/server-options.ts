/**
 * Options only the server may give a room: `rated`, the seats pinned to players, and a draft's
 * `organiser`. Colyseus
 * runs a room's static `onAuth` for every client-initiated create or join and never for the
 * server's own `matchMaker.createRoom`, so refusing these keys there is what keeps rated games
 * and reserved seats out of clients' hands, on every process alike.
 */
import { ErrorCode, matchMaker, ServerError } from '@colyseus/core';

type ISeatReservation = Awaited<ReturnType<typeof matchMaker.reserveSeatFor>>;
import type { PlayerAuth } from '../../src/auth/room-auth.ts';

export const SERVER_ONLY_OPTIONS = ['rated', 'seats', 'organiser'] as const;

export function refuseServerOnlyOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null) return;
  for (const key of SERVER_ONLY_OPTIONS) {
    if (key in options) {
      throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, `"${key}" cannot be set by a client: rated games and reserved seats come from the lobby, drafts from an organiser`);
    }
  }
}

/**
 * Creates a room server-side with its seats pinned to these players and reserves each of them
 * their seat. Returns the reservations by seat, to hand to each player.
 */
export async function createRoomWithSeats<Seat extends string>(roomName: string, options: Record<string, unknown>,
  seats: Record<Seat, PlayerAuth>): Promise<{ roomId: string; reservations: Record<Seat, ISeatReservation> }> {
  const pinned = Object.fromEntries(Object.entries<PlayerAuth>(seats).map(([seat, player]) => [seat, player.id]));
  const room = await matchMaker.createRoom(roomName, { ...options, seats: pinned });
  const reservations = {} as Record<Seat, ISeatReservation>;
  for (const [seat, player] of Object.entries<PlayerAuth>(seats)) {
    reservations[seat as Seat] = await matchMaker.reserveSeatFor(room, {}, player);
  }
  return { roomId: room.roomId, reservations };
}

/** The seat pinned to this player in a server-created room; refused for anyone else. */
export function reservedSeat<Seat extends string>(pinned: Record<Seat, string>, seats: readonly Seat[], playerId: string, what: string): Seat {
  const seat = seats.find((name) => pinned[name] === playerId);
  if (!seat) throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, `the seats of this ${what} are reserved; join with { spectate: true } to watch`);
  return seat;
}
