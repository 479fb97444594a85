/**
 * Starting a game found in the lobby (an accepted seek, a pool pairing, an accepted challenge):
 * the room is created server-side (rated if the offer was) with both seats reserved, both
 * players' other seeks and queue entries are withdrawn (nobody plays two games at once), and
 * each player is sent `matched` on whichever process holds their lobby connection.
 */
import { randomInt } from 'node:crypto';
import type { PlayerAuth } from '../../src/auth/room-auth.ts';
import type { Side } from '../../src/games/side.ts';
import { createRoomWithSeats } from '../shared/server-options.ts';
import { LOBBY_GAMES, poolNames } from '../../src/lobby/catalog.ts';
import type { LobbyExchange } from './exchange.ts';

export interface GameToStart {
  game: string;
  settings: Record<string, unknown>;
  rated: boolean;
  /** The first player's colour wish (the seeker's, the challenger's); the other gets the other seat. */
  color: 'white' | 'black' | 'random';
  players: readonly [PlayerAuth, PlayerAuth];
}

export async function startGame(exchange: LobbyExchange, { game, settings, rated, color, players }: GameToStart): Promise<string> {
  const entry = LOBBY_GAMES[game]!;
  const [first, second] = players;
  const firstSide: Side = color === 'random' ? (randomInt(2) === 0 ? 'white' : 'black') : color;
  const seats = firstSide === 'white' ? { white: first, black: second } : { white: second, black: first };
  const { roomId, reservations } = await createRoomWithSeats(entry.room, { ...entry.roomOptions(settings), rated }, seats);

  const ids = new Set(players.map((player) => player.id));
  for (const seek of await exchange.seeks()) {
    if (ids.has(seek.player.id)) await exchange.takeSeek(seek.id);
  }
  for (const pool of poolNames()) {
    for (const id of ids) await exchange.leave(pool, id);
  }
  for (const side of ['white', 'black'] as const) {
    exchange.send(seats[side].id, 'matched', { game, roomId, color: side, rated, reservation: reservations[side] });
  }
  return roomId;
}
