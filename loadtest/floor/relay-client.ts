/**
 * The floor's relay (relay-server.ts) as a `GameEndpoint` for load games: each seat is a new
 * WebSocket (Node's own, the one the Colyseus SDK uses in Node), which says `create`, `join` or
 * `watch` and is joined when the relay answers `joined`. A connection's copy of the game is the
 * `ply` of the last move relayed to it (the relay does not echo a move to its sender, and the
 * load game counts a receiver's own moves as seen when a later ply arrives).
 */
import type { GameEndpoint, GameLink, LinkListener } from '../lib/chess-game.ts';

type FromRelay =
  | { t: 'joined'; game: string; playing: boolean }
  | { t: 'start' }
  | { t: 'move'; ply: number; uci: string }
  | { t: 'end'; reason: string }
  | { t: 'error'; code: string };

class RelayLink implements GameLink {
  readonly #socket: WebSocket;
  #listener: LinkListener | undefined;
  #playing = false;
  readonly #waitingForPlay: Array<() => void> = [];
  /** Settles the join: with the game's id, or with the relay's refusal (or the socket's end). */
  #joined: { resolve(game: string): void; reject(error: Error): void } | undefined;

  private constructor(socket: WebSocket, joined: { resolve(game: string): void; reject(error: Error): void }) {
    this.#socket = socket;
    this.#joined = joined;
    socket.onmessage = (event) => this.#receive(JSON.parse(String(event.data)) as FromRelay);
    socket.onclose = (event) => {
      this.#joined?.reject(new Error(`closed ${event.code} before joining`));
      this.#listener?.left(event.code);
    };
  }

  /** Connects to the relay at `url` and sends `hello`; resolves once joined. */
  static open(url: string, hello: object): Promise<{ link: RelayLink; gameId: string }> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const link: RelayLink = new RelayLink(socket, {
        resolve: (gameId) => resolve({ link, gameId }),
        reject,
      });
      socket.onopen = () => socket.send(JSON.stringify(hello));
      socket.onerror = () => undefined; // the close that follows settles the join or is reported as a leave
    });
  }

  #receive(message: FromRelay): void {
    switch (message.t) {
      case 'joined':
        this.#joined?.resolve(message.game);
        this.#joined = undefined;
        if (message.playing) this.#started();
        break;
      case 'start':
        this.#started();
        break;
      case 'move':
        this.#listener?.ply(message.ply);
        break;
      case 'error':
        if (this.#joined) {
          this.#joined.reject(new Error(message.code));
          this.#joined = undefined;
          this.#socket.close();
        } else {
          this.#listener?.refused(message.code);
        }
        break;
      case 'end':
        break;
    }
  }

  #started(): void {
    this.#playing = true;
    for (const resolve of this.#waitingForPlay.splice(0)) resolve();
  }

  playing(): Promise<void> {
    return this.#playing ? Promise.resolve() : new Promise((resolve) => this.#waitingForPlay.push(resolve));
  }

  listen(listener: LinkListener): void {
    this.#listener = listener;
  }

  move(uci: string): void {
    this.#socket.send(JSON.stringify({ t: 'move', uci }));
  }

  resign(): void {
    this.#socket.send(JSON.stringify({ t: 'resign' }));
  }

  leave(): Promise<void> {
    if (this.#socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.#socket.addEventListener('close', () => resolve());
      this.#socket.close(1000);
    });
  }
}

/** Every seat is a fresh connection to the relay at `url` (http:// or ws://). */
export function relayEndpoint(url: string): GameEndpoint {
  const ws = url.replace(/^http(s?):\/\//, 'ws$1://');
  return {
    create: () => RelayLink.open(ws, { t: 'create' }),
    join: async (_seat, game) => (await RelayLink.open(ws, { t: 'join', game })).link,
    watch: async (_seat, game) => (await RelayLink.open(ws, { t: 'watch', game })).link,
  };
}
