/**
 * Playing chess through the real SDK in tests: players with real tokens, rooms joined over
 * real sockets, waiting on the state each client actually received.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client, Room } from '@colyseus/sdk';
import type { PlayerAuth } from '../../src/auth/room-auth.ts';
import type { Side } from '../../src/games/side.ts';
import type { FinishedChessGame } from '../../src/services/chess-games.ts';
import { createRoomWithSeats } from '../../rooms/shared/server-options.ts';
import type { ChessRoom } from '../../rooms/ChessRoom.ts';
import type { ChessState } from '../../schema/ChessState.ts';
import { api, eventually, guest, harness, uniqueName } from './harness.ts';
import { sdkClient } from './sdk.ts';

export interface Message { code?: string; message?: string; request?: string; [key: string]: unknown }

/** Everything of one type a room received, in order; `next` takes the oldest not yet taken. */
export class Inbox {
  readonly all: Message[] = [];
  #unread: Message[] = [];
  #waiters: Array<(message: Message) => void> = [];

  constructor(room: Room, type: string) {
    room.onMessage(type, (message: Message) => {
      this.all.push(message);
      const waiter = this.#waiters.shift();
      if (waiter) waiter(message);
      else this.#unread.push(message);
    });
  }

  next(timeoutMs = 3000): Promise<Message> {
    const unread = this.#unread.shift();
    if (unread) return Promise.resolve(unread);
    return new Promise((resolve, reject) => {
      const waiter = (message: Message) => { clearTimeout(timer); resolve(message); };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`no message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** Forgets what arrived and was not taken. */
  clear(): void {
    this.#unread = [];
  }
}

export interface Person { token: string; player: PlayerAuth; client: Client }

export async function person(kind: 'guest' | 'registered' = 'guest'): Promise<Person> {
  if (kind === 'guest') {
    const { token, player } = await guest();
    return { token, player, client: sdkClient(token) };
  }
  const response = await api('/api/auth/register', { method: 'POST', body: { username: uniqueName('c'), password: 'a long password' } });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return { token: response.body.token, player: response.body.player, client: sdkClient(response.body.token) };
}

export interface Seated extends Person {
  side: Side;
  room: Room<any, ChessState>;
  errors: Inbox;
  chat: Inbox;
  rematch: Inbox;
}

export function attach(someone: Person, side: Side, room: Room<any, ChessState>): Seated {
  room.reconnection.minUptime = 0;
  return { ...someone, side, room, errors: new Inbox(room, 'error'), chat: new Inbox(room, 'chat'), rematch: new Inbox(room, 'rematch') };
}

/** Resolves once `predicate` holds for the state this client has (checked on every patch). */
export function until<S = ChessState>(room: Room<any, S>, predicate: (state: S) => boolean, what = 'the state', timeoutMs = 3000): Promise<S> {
  // Before its first patch a room's state is an empty shell: a predicate that cannot read it yet is not true yet.
  const holds = (state: S | undefined) => {
    try {
      return state !== undefined && predicate(state);
    } catch {
      return false;
    }
  };
  if (holds(room.state)) return Promise.resolve(room.state);
  return new Promise((resolve, reject) => {
    const onChange = (state: S) => {
      if (!holds(state)) return;
      clearTimeout(timer);
      room.onStateChange.remove(onChange);
      resolve(state);
    };
    const timer = setTimeout(() => {
      room.onStateChange.remove(onChange);
      reject(new Error(`timed out waiting for ${what}; state: ${JSON.stringify((room.state as { toJSON?: () => unknown } | undefined)?.toJSON?.())}`));
    }, timeoutMs);
    room.onStateChange(onChange);
  });
}

export interface ChessGameUnderTest {
  white: Seated;
  black: Seated;
  roomId: string;
  /** The server-side room (same process), for what no client can see. */
  server: ChessRoom;
  seat(side: Side): Seated;
}

function underTest(white: Seated, black: Seated, roomId: string): ChessGameUnderTest {
  return {
    white, black, roomId,
    server: harness().colyseus.getRoomById(roomId) as unknown as ChessRoom,
    seat: (side) => (side === 'white' ? white : black),
  };
}

/** A casual game created by one player (white) and joined by another; both see it started. */
export async function casualGame(options: Record<string, unknown> = {}): Promise<ChessGameUnderTest> {
  const [a, b] = await Promise.all([person(), person()]);
  const first = await a.client.create<ChessState>('chess', { color: 'white', ...options });
  const second = await b.client.joinById<ChessState>(first.roomId);
  const game = underTest(attach(a, 'white', first), attach(b, 'black', second), first.roomId);
  await Promise.all([until(first, (s) => s.status === 'playing'), until(second, (s) => s.status === 'playing')]);
  return game;
}

/** A rated game as the lobby makes them: created server-side with both seats reserved. */
export async function ratedGame(time: { initial: number; increment: number }, players?: [Person, Person]): Promise<ChessGameUnderTest> {
  const [a, b] = players ?? await Promise.all([person('registered'), person('registered')]);
  const { roomId, reservations } = await createRoomWithSeats('chess', { time, rated: true }, { white: a.player, black: b.player });
  const first = await a.client.consumeSeatReservation<ChessState>(reservations.white);
  const second = await b.client.consumeSeatReservation<ChessState>(reservations.black);
  const game = underTest(attach(a, 'white', first), attach(b, 'black', second), roomId);
  await Promise.all([until(first, (s) => s.status === 'playing'), until(second, (s) => s.status === 'playing')]);
  return game;
}

const UCI = /^[a-h][1-8][a-h][1-8][qrbn]?$/;

/** Plays the moves in turn (UCI or SAN), each by the side to move, waiting until both see it. */
export async function play(game: ChessGameUnderTest, ...moves: string[]): Promise<void> {
  for (const move of moves) {
    const mover = game.seat(game.white.room.state.turn as Side);
    const ply = mover.room.state.ply;
    mover.room.send('move', UCI.test(move) ? { uci: move } : { san: move });
    await Promise.all([game.white, game.black].map((seat) =>
      until(seat.room, (s) => s.ply === ply + 1 || s.status === 'ended', `${move} to arrive`)));
  }
}

/** Sends a message and returns the error it is answered with. */
export async function refused(seat: { room: Room; errors: Inbox }, type: string, payload?: unknown): Promise<Message> {
  seat.errors.clear();
  seat.room.send(type, payload);
  return seat.errors.next();
}

export async function ended(game: ChessGameUnderTest): Promise<ChessState> {
  await until(game.black.room, (s) => s.status === 'ended', 'the end (black)');
  return until(game.white.room, (s) => s.status === 'ended', 'the end (white)');
}

/** The game as the REST API serves it, once the room has recorded it. */
export async function storedGame(gameId: string): Promise<any> {
  return eventually(async () => {
    const response = await api(`/api/games/${gameId}`);
    return response.status === 200 ? response.body : undefined;
  }, `game ${gameId} to be stored`);
}

/** A casual game between the given players (the first plays white), both seeing it started. */
export async function casualGameBetween([a, b]: [Person, Person], options: Record<string, unknown> = {}): Promise<ChessGameUnderTest> {
  const first = await a.client.create<ChessState>('chess', { color: 'white', ...options });
  const second = await b.client.joinById<ChessState>(first.roomId);
  const game = underTest(attach(a, 'white', first), attach(b, 'black', second), first.roomId);
  await Promise.all([until(first, (s) => s.status === 'playing'), until(second, (s) => s.status === 'playing')]);
  return game;
}

/** A finished rated blitz game between two new registered players, as a room would hand it to be recorded. */
export async function finishedChessGame(overrides: Partial<FinishedChessGame> = {}): Promise<FinishedChessGame> {
  const [white, black] = await Promise.all([person('registered'), person('registered')]);
  return {
    id: randomUUID(), roomId: 'room', rated: true, category: 'blitz', timeControl: '180+0',
    players: { white: { id: white.player.id, rating: 1500 }, black: { id: black.player.id, rating: 1500 } },
    outcome: { result: '1-0', termination: 'resign', winner: 'white' },
    startedAt: new Date('2026-11-24T10:00:00Z'), endedAt: new Date('2026-11-24T10:05:00Z'),
    initialFen: 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1', finalFen: 'x',
    moves: [{ san: 'e4', uci: 'e2e4', clockMs: 180_000, spentMs: 0 }, { san: 'e5', uci: 'e7e5', clockMs: 180_000, spentMs: 0 }],
    ...overrides,
  };
}
