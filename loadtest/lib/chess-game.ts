/**
 * One chess game under load: two players and their spectators, each a real SDK connection.
 * Moves go out at a set pace (± 25 %); each receiver reports how long after the send it had the
 * new position (its state's `ply` reached the move), which is what a player waits for.
 */
import type { Room } from '@colyseus/sdk';
import type { LoadPlayer } from './players.ts';

export interface GameEvents {
  latency(kind: 'player' | 'spectator', ms: number): void;
  error(what: string): void;
  moved(): void;
  /** The game reached its length and was resigned. */
  over(game: LoadGame): void;
}

type AnyRoom = Room<any, any>;

export class LoadGame {
  readonly #line: readonly string[];
  readonly #events: GameEvents;
  readonly #pace: number;
  readonly #plies: number;
  white!: AnyRoom;
  black!: AnyRoom;
  readonly spectators: AnyRoom[] = [];
  #ply = 0;
  /** When each ply was sent (index: ply − 1), and the last ply each receiver has seen. */
  readonly #sentAt: number[] = [];
  readonly #seen = new Map<AnyRoom, number>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  joinMs = 0;

  constructor(line: readonly string[], pace: number, plies: number, events: GameEvents) {
    this.#line = line;
    this.#pace = pace;
    this.#plies = Math.min(plies, line.length);
    this.#events = events;
  }

  async open(white: LoadPlayer, black: LoadPlayer, spectators: LoadPlayer[], options: Record<string, unknown>): Promise<void> {
    const started = performance.now();
    this.white = await white.client.create('chess', { color: 'white', ...options });
    this.black = await black.client.joinById(this.white.roomId);
    for (const watcher of spectators) this.spectators.push(await watcher.client.joinById(this.white.roomId, { spectate: true }));
    await Promise.all(this.#rooms().map((room) => this.#until(room, (s) => s.status === 'playing')));
    this.joinMs = performance.now() - started;
    for (const room of this.#rooms()) this.#seen.set(room, 0);
    for (const room of this.#rooms()) {
      room.reconnection.enabled = false;
      room.onMessage('error', (e: { code: string }) => this.#events.error(`error ${e.code}`));
      room.onMessage('*', () => undefined);
      room.onLeave((code) => { if (!this.#stopped) this.#events.error(`left ${code}`); });
      room.onStateChange((state: { ply: number }) => this.#received(room, state));
    }
  }

  #rooms(): AnyRoom[] {
    return [this.white, this.black, ...this.spectators].filter((room) => room !== undefined);
  }

  #until(room: AnyRoom, predicate: (state: any) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        try { if (!predicate(room.state)) return; } catch { return; }
        room.onStateChange.remove(check);
        resolve();
      };
      room.onStateChange(check);
      check();
    });
  }

  /** Every ply a receiver catches up on counts, however late (late samples are the ones that matter). */
  #received(room: AnyRoom, state: { ply: number }): void {
    const seen = this.#seen.get(room) ?? 0;
    if (state.ply <= seen) return;
    this.#seen.set(room, state.ply);
    const now = performance.now();
    const player = room === this.white || room === this.black;
    for (let ply = seen + 1; ply <= state.ply; ply++) {
      const sentAt = this.#sentAt[ply - 1];
      if (sentAt === undefined) continue;
      const moverIsWhite = ply % 2 === 1;
      if (room === (moverIsWhite ? this.white : this.black)) continue;
      this.#events.latency(player ? 'player' : 'spectator', now - sentAt);
      if (player) this.#events.moved();
    }
  }

  /** Plays one move every `pace` ms (± 25 %), from a random phase so games do not move in step. */
  start(): void {
    this.#schedule(Math.random() * this.#pace);
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => this.#move(), delay);
  }

  #move(): void {
    const mover = this.#ply % 2 === 0 ? this.white : this.black;
    if (this.#ply >= this.#plies) {
      mover.send('resign');
      this.#stopped = true;
      this.#events.over(this);
      return;
    }
    this.#sentAt[this.#ply] = performance.now();
    mover.send('move', { uci: this.#line[this.#ply] });
    this.#ply += 1;
    this.#schedule(this.#pace * (0.75 + Math.random() * 0.5));
  }

  async close(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await Promise.all(this.#rooms().map((room) => room.leave().catch(() => undefined)));
  }
}
