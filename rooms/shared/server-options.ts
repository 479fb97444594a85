/**
 * What a client may put in a room's options. Colyseus runs a room's static `onAuth` for every
 * client-initiated create or join, before it merges the options into anything, and never for the
 * server's own `matchMaker.createRoom`; so checking there keeps two things out of clients' hands,
 * on every process alike:
 * - anything but plain data (src/plain-data.ts): a `__proto__` key would become the prototype of
 *   the merged options, and its `rated: true` would be read as if given;
 * - the options only the server gives: `rated`, the seats pinned to players, a draft's `organiser`.
 */
import { ErrorCode, matchMaker, ServerError } from '@colyseus/core';
import type { z } from 'zod';
import { authenticateJoin, type PlayerAuth } from '../../src/auth/room-auth.ts';
import { describeIssues } from '../../src/input-issues.ts';
import { plainDataProblem } from '../../src/plain-data.ts';
import { runtime } from '../../src/runtime.ts';
import { publicError } from './public-errors.ts';

type ISeatReservation = Awaited<ReturnType<typeof matchMaker.reserveSeatFor>>;

export const SERVER_ONLY_OPTIONS = ['rated', 'seats', 'organiser'] as const;

export function checkClientOptions(options: unknown): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, 'invalid options: options must be an object');
  }
  const problem = plainDataProblem(options, 'options');
  if (problem) throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, `invalid options: ${problem}`);
  for (const key of SERVER_ONLY_OPTIONS) {
    if (Object.hasOwn(options, key)) {
      throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, `"${key}" cannot be set by a client: rated games and reserved seats come from the lobby, drafts from an organiser`);
    }
  }
}

/**
 * A client's create or join, as every room's static `onAuth` takes it: its options checked as
 * above, then the token's player (counted against the matchmaking limit). A refusal is one a
 * client may read (public-errors.ts).
 */
export async function admitClient(token: string, options: unknown): Promise<PlayerAuth> {
  try {
    checkClientOptions(options);
    return await authenticateJoin(token);
  } catch (error) {
    throw publicError(error, runtime().log, 'join');
  }
}

/** `raw` read with `schema`, or a refusal (521) naming what is wrong: "invalid `what`: …". */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, `invalid ${what}: ${describeIssues(parsed.error.issues, 'options')}`);
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
