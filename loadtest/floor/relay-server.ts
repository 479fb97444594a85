/**
 * The benchmark's floor: the least any authoritative chess server has to do for a game in play,
 * measured in the same run as the project's server so that the two can be compared on any
 * machine. A plain `ws` server (the WebSocket library under Colyseus's transport) and chess.js:
 * one `Chess` per game, each move checked by its `move()` and relayed to the opponent and the
 * spectators. No accounts, no clocks, no journal or database, no synced state: whatever the
 * project's server spends beyond this is the price of what it does beyond it.
 *
 * Started by the benchmark (loadtest/lib/server.ts) like the project's server: `PORT` and
 * `HOST` from the environment, pinned to the server's core, preloaded with bench-control.ts.
 *
 * HTTP: `GET /ready` (200 once listening), `GET /metrics` (prom-client's process metrics, the live
 * heap after the last full collection, and the games and connections, under the names the
 * benchmark reads from the project's server).
 *
 * WebSocket protocol, one JSON object per text frame (`t` is the kind):
 * - client → server: `{ t: 'create' }` (opens a game, the sender plays white);
 *   `{ t: 'join', game }` (black); `{ t: 'watch', game }` (a spectator);
 *   `{ t: 'move', uci }` (`e2e4`, `e7e8q`); `{ t: 'resign' }`.
 * - server → client: `{ t: 'joined', game, playing }` (the answer to create, join and watch);
 *   `{ t: 'start' }` (to everyone there, when black arrives); `{ t: 'move', ply, uci }` (a move
 *   accepted, to everyone but its sender; `ply` counts the moves played so far);
 *   `{ t: 'end', reason }` (mate or resignation, to everyone but the player who ended it);
 *   `{ t: 'error', code }` (a refusal, to its sender only; nothing changes).
 * A connection takes one place in one game; a game is forgotten when it ends or its last
 * connection closes.
 */
import { Chess, type Square } from 'chess.js';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { WebSocketServer, type WebSocket } from 'ws';

type Role = 'white' | 'black' | 'spectator';

interface Game {
  readonly id: string;
  readonly chess: Chess;
  white: WebSocket | undefined;
  black: WebSocket | undefined;
  readonly spectators: Set<WebSocket>;
  /** Moves played so far (sent with each relayed move, so a receiver knows where it is). */
  ply: number;
  /** Mated or resigned: no more moves. */
  ended: boolean;
}

/** A connection's place: the game it is in, and as whom. */
interface Place { game: Game; role: Role }

const games = new Map<string, Game>();
let connections = 0;

const members = (game: Game): WebSocket[] =>
  [game.white, game.black, ...game.spectators].filter((socket) => socket !== undefined);

function send(socket: WebSocket, message: object): void {
  socket.send(JSON.stringify(message));
}

/** Sends one frame to everyone in the game but `except` (its sender), encoded once. */
function relay(game: Game, message: object, except: WebSocket): void {
  const frame = JSON.stringify(message);
  for (const socket of members(game)) if (socket !== except) socket.send(frame);
}

/**
 * Reads a frame as plain data: a JSON object (text, not binary) with a string `t`, and `game`
 * and `uci` when present checked for type and form; other fields are ignored, and only own
 * properties are read. Anything else is `undefined` (refused).
 */
function parse(data: Buffer, binary: boolean): { t: string; game?: string; uci?: string } | undefined {
  if (binary) return undefined;
  let message: unknown;
  try {
    message = JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
  const { t, game, uci } = message as Record<string, unknown>;
  if (typeof t !== 'string') return undefined;
  if (game !== undefined && (typeof game !== 'string' || game.length > 64)) return undefined;
  if (uci !== undefined && (typeof uci !== 'string' || !/^[a-h][1-8][a-h][1-8][qrbn]?$/.test(uci))) return undefined;
  return { t, ...(game === undefined ? {} : { game }), ...(uci === undefined ? {} : { uci }) };
}

/** Handles one frame of a connection; answers a refusal with `error`, and returns its new place. */
function handle(socket: WebSocket, place: Place | undefined, data: Buffer, binary: boolean): Place | undefined {
  const refuse = (code: string) => { send(socket, { t: 'error', code }); return place; };
  const message = parse(data, binary);
  if (!message) return refuse('BAD_MESSAGE');
  switch (message.t) {
    case 'create': {
      if (place) return refuse('ALREADY_IN_A_GAME');
      const game: Game = { id: randomUUID(), chess: new Chess(), white: socket, black: undefined, spectators: new Set(), ply: 0, ended: false };
      games.set(game.id, game);
      send(socket, { t: 'joined', game: game.id, playing: false });
      return { game, role: 'white' };
    }
    case 'join':
    case 'watch': {
      if (place) return refuse('ALREADY_IN_A_GAME');
      const game = message.game === undefined ? undefined : games.get(message.game);
      if (!game) return refuse('NO_SUCH_GAME');
      if (message.t === 'watch') {
        game.spectators.add(socket);
        send(socket, { t: 'joined', game: game.id, playing: game.black !== undefined });
        return { game, role: 'spectator' };
      }
      if (game.black) return refuse('GAME_FULL');
      game.black = socket;
      send(socket, { t: 'joined', game: game.id, playing: true });
      relay(game, { t: 'start' }, socket);
      return { game, role: 'black' };
    }
    case 'move': {
      if (!place || place.role === 'spectator') return refuse('NOT_A_PLAYER');
      const { game } = place;
      if (game.ended) return refuse('GAME_OVER');
      if (!game.black) return refuse('NOT_STARTED');
      if (game.chess.turn() !== place.role[0]) return refuse('NOT_YOUR_TURN');
      const uci = message.uci;
      if (uci === undefined) return refuse('BAD_MESSAGE');
      let san: string;
      try {
        san = game.chess.move({ from: uci.slice(0, 2) as Square, to: uci.slice(2, 4) as Square, ...(uci.length > 4 ? { promotion: uci[4] } : {}) }).san;
      } catch {
        return refuse('ILLEGAL_MOVE');
      }
      game.ply += 1;
      relay(game, { t: 'move', ply: game.ply, uci }, socket);
      // The SAN chess.js already made for the move says mate for free; draws are not judged.
      if (san.endsWith('#')) end(game, 'checkmate', socket);
      return place;
    }
    case 'resign': {
      if (!place || place.role === 'spectator') return refuse('NOT_A_PLAYER');
      if (place.game.ended) return refuse('GAME_OVER');
      end(place.game, 'resignation', socket);
      return place;
    }
    default:
      return refuse('BAD_MESSAGE');
  }
}

/** Ends a game: everyone but `by` is told why, and it is forgotten (its connections stay open). */
function end(game: Game, reason: string, by: WebSocket): void {
  game.ended = true;
  relay(game, { t: 'end', reason }, by);
  games.delete(game.id);
}

/** A connection that closes leaves its place; a game nobody is in any more is forgotten. */
function leave(socket: WebSocket, place: Place | undefined): void {
  if (!place) return;
  const { game } = place;
  if (game.white === socket) game.white = undefined;
  else if (game.black === socket) game.black = undefined;
  else game.spectators.delete(socket);
  if (members(game).length === 0) games.delete(game.id);
}

function metricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // The project's server's series, by the same names (src/http/metrics.ts): what the benchmark's
  // scrape reads. The heap in use after the last full collection is what is alive.
  const live = new Gauge({ name: 'nodejs_heap_live_bytes', help: 'V8 heap in use right after the last full garbage collection', registers: [registry] });
  new PerformanceObserver((list) => {
    const full = list.getEntries().some((entry) => (entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
    if (full) live.set(process.memoryUsage().heapUsed);
  }).observe({ entryTypes: ['gc'] });
  const byType = (name: string, help: string, read: () => number) => new Gauge({
    name, help, labelNames: ['room_type'], registers: [registry], collect() { this.set({ room_type: 'chess' }, read()); },
  });
  byType('game_rooms', 'Games open', () => games.size);
  byType('game_clients', 'Open WebSocket connections', () => connections);
  return registry;
}

const registry = metricsRegistry();

const http = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/ready') {
    response.end('ready');
  } else if (request.method === 'GET' && request.url === '/metrics') {
    registry.metrics().then((text) => {
      response.setHeader('Content-Type', registry.contentType);
      response.end(text);
    }, () => { response.statusCode = 500; response.end(); });
  } else {
    response.statusCode = 404;
    response.end();
  }
});

// Colyseus's transport's own limit on a client frame; no compression, as there.
const sockets = new WebSocketServer({ server: http, maxPayload: 4 * 1024, perMessageDeflate: false });
sockets.on('connection', (socket) => {
  connections += 1;
  let place: Place | undefined;
  socket.on('message', (data: Buffer, binary: boolean) => {
    try {
      place = handle(socket, place, data, binary);
    } catch {
      socket.close(1011); // nothing one client sends may stop the process
    }
  });
  socket.on('error', () => socket.terminate());
  socket.on('close', () => {
    connections -= 1;
    leave(socket, place);
    place = undefined;
  });
});

http.listen(Number(process.env.PORT ?? 2568), process.env.HOST ?? '127.0.0.1');
