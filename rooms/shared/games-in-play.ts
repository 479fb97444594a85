/**
 * A player's games in play, for a player coming back (GET /api/me/games, and the lobby's
 * `in-play` message on joining): each with a fresh seat reservation in its room, which the SDK
 * consumes like any other (`client.consumeSeatReservation`) to take the player's seat back. A
 * game whose room is not up at the moment (its process is gone and no other has adopted it yet)
 * is listed without a reservation; asking again later gives one.
 */
import { matchMaker } from '@colyseus/core';
import type { PlayerAuth } from '../../src/auth/room-auth.ts';
import type { Journal } from '../../src/db/journal.ts';
import type { Orm } from '../../src/db/orm.ts';
import type { Logger } from '../../src/log.ts';
import { playerSessionsInPlay } from '../../src/services/game-sessions.ts';

type SeatReservation = Awaited<ReturnType<typeof matchMaker.reserveSeatFor>>;

export interface GameInPlay {
  gameId: string;
  game: string;
  roomId: string;
  startedAt: string;
  reservation: SeatReservation | null;
}

/** `beforeReserving` runs once when there is a game to reserve a seat in (a limit may refuse there). */
/** `journal`: its sessions opened or ended and not yet in the database (write-behind) count as they will be. */
export async function gamesInPlay({ orm, journal, player, log, beforeReserving }: {
  orm: Orm; journal: Journal | undefined; player: PlayerAuth; log: Logger; beforeReserving?: () => Promise<void>;
}): Promise<GameInPlay[]> {
  const written = await playerSessionsInPlay({ orm, playerId: player.id });
  const sessions = journal ? journal.withUnwritten(written, player.id, (opened) => ({ ...opened, startedAt: new Date(opened.startedAt) })) : written;
  if (sessions.length > 0) await beforeReserving?.();
  return Promise.all(sessions.map(async (session) => {
    let reservation: SeatReservation | null = null;
    try {
      const room = await matchMaker.getRoomById(session.roomId);
      if (room) reservation = await matchMaker.reserveSeatFor(room, {}, player);
    } catch (error) {
      log.warn({ err: error, roomId: session.roomId }, 'could not reserve a seat in a game in play');
    }
    return { gameId: session.id, game: session.kind, roomId: session.roomId, startedAt: session.startedAt.toISOString(), reservation };
  }));
}
