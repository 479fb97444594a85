/**
 * The project's server as a `GameEndpoint` for load games: chess rooms through the real SDK,
 * each seat one of a pool of signed-in guests. A game is created by matchmaking (`create`), then
 * joined by its id; a connection's copy of the game is its room's synced state, and its `ply`
 * is what a receiver has seen.
 */
import type { Room } from '@colyseus/sdk';
import type { GameEndpoint, GameLink, LinkListener } from './chess-game.ts';
import type { LoadPlayer } from './players.ts';

type AnyRoom = Room<any, any>;

class RoomLink implements GameLink {
  readonly #room: AnyRoom;

  constructor(room: AnyRoom) {
    this.#room = room;
  }

  playing(): Promise<void> {
    const room = this.#room;
    return new Promise((resolve) => {
      const check = () => {
        try { if (room.state.status !== 'playing') return; } catch { return; }
        room.onStateChange.remove(check);
        resolve();
      };
      room.onStateChange(check);
      check();
    });
  }

  listen(listener: LinkListener): void {
    const room = this.#room;
    room.reconnection.enabled = false;
    room.onMessage('error', (e: { code: string }) => listener.refused(e.code));
    room.onMessage('*', () => undefined);
    room.onLeave((code) => listener.left(code));
    room.onStateChange((state: { ply: number }) => listener.ply(state.ply));
  }

  move(uci: string): void {
    this.#room.send('move', { uci });
  }

  resign(): void {
    this.#room.send('resign');
  }

  async leave(): Promise<void> {
    await this.#room.leave().catch(() => undefined);
  }
}

/** Seats taken by `players`, in turn (seat `i` is player `i` modulo the pool). */
export function colyseusEndpoint(players: LoadPlayer[]): GameEndpoint {
  const pick = (seat: number): LoadPlayer => players[seat % players.length]!;
  return {
    async create(seat, options) {
      const room = await pick(seat).client.create('chess', { color: 'white', ...options });
      return { link: new RoomLink(room), gameId: room.roomId };
    },
    join: async (seat, gameId) => new RoomLink(await pick(seat).client.joinById(gameId)),
    watch: async (seat, gameId) => new RoomLink(await pick(seat).client.joinById(gameId, { spectate: true })),
  };
}
