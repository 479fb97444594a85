/** People in the lobby, through the real SDK, with every lobby message collected. */
import type { Room } from '@colyseus/sdk';
import { Player, Rating } from '../../src/db/entities/index.ts';
import type { ChessState } from '../../schema/ChessState.ts';
import { attach, Inbox, person, until, type Person, type Seated } from './chess.ts';
import { harness } from './harness.ts';

const TYPES = ['rooms', '+', '-', 'seeks', 'seek+', 'seek-', 'seek:created', 'matched', 'stats', 'error', 'queue:joined',
  'queue:left', 'challenge', 'challenge:sent', 'challenge:declined', 'challenge:canceled', 'challenge:expired', 'in-play'] as const;
type LobbyMessage = (typeof TYPES)[number];

export interface InLobby extends Person {
  lobby: Room;
  inbox: Record<LobbyMessage, Inbox>;
}

export async function enterLobby(someone: Person, options: Record<string, unknown> = {}): Promise<InLobby> {
  const lobby = await someone.client.joinOrCreate('lobby', options);
  lobby.reconnection.minUptime = 0;
  const inbox = Object.fromEntries(TYPES.map((type) => [type, new Inbox(lobby, type)])) as Record<LobbyMessage, Inbox>;
  await inbox.stats.next();
  return { ...someone, lobby, inbox };
}

export async function lobbyPerson(kind: 'guest' | 'registered' = 'guest', options: Record<string, unknown> = {}): Promise<InLobby> {
  return enterLobby(await person(kind), options);
}

/** Sends a lobby message and resolves to the refusal it is answered with. */
export async function refusedInLobby(someone: InLobby, type: string, payload?: unknown) {
  someone.inbox.error.clear();
  someone.lobby.send(type, payload);
  return someone.inbox.error.next();
}

/** Gives a player a settled rating in a category (as after many games). */
export async function setRating(playerId: string, category: string, rating: number): Promise<void> {
  const em = harness().app.runtime.db.orm.em.fork();
  await em.upsert(Rating, {
    player: em.getReference(Player, playerId), category, rating, rd: 60, volatility: 0.06, games: 40,
    updatedAt: new Date(harness().scheduler.now()),
  }, { onConflictFields: ['player', 'category'] });
}

/** Takes the seat a `matched` message reserved, and waits for the game to be on. */
export async function takeSeat(someone: InLobby, matched: { reservation: unknown; color: unknown }): Promise<Seated> {
  const room = await someone.client.consumeSeatReservation<ChessState>(matched.reservation as never);
  const seated = attach(someone, matched.color as 'white' | 'black', room);
  await until(room, (s) => s.status === 'playing', 'the matched game to start');
  return seated;
}
