/**
 * The WebSocket transport: Colyseus's, with every connection guarded (socket-guard.ts), its
 * player identified from its token before it reaches a room (identity.ts), and the heartbeat
 * spread out. Colyseus pings every socket in one synchronous loop each interval (3 s); with
 * thousands of sockets that loop stalls the event loop for tens of milliseconds every 3 s, which
 * becomes everyone's p99 (docs/performance.md). Here a slice of the sockets is pinged every
 * 100 ms instead: each socket is still pinged once per interval, and one that missed two pongs
 * is still terminated (seen by rooms as a drop).
 */
import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import { WebSocketTransport, type TransportOptions } from '@colyseus/ws-transport';
import { setConnectionPlayer } from './identity.ts';
import { guardSocket, type GuardOptions } from './socket-guard.ts';

const SLICE_MS = 100;

type PingedSocket = WebSocket & { pingCount: number };

function noop(): void {}

export interface GameTransportOptions extends TransportOptions {
  guard: GuardOptions;
  /** The player id a token names, or undefined when it is not a valid token. */
  identify: (token: string) => Promise<string | undefined>;
}

export class GameTransport extends WebSocketTransport {
  constructor({ guard, identify, ...options }: GameTransportOptions) {
    super(options);
    this.wss.removeAllListeners('connection');
    this.wss.on('connection', (socket: WebSocket, request: IncomingMessage, upgrade?: unknown) => {
      guardSocket(socket, request, guard);
      void this.#identify(socket, request, identify).then(() => {
        if (socket.readyState === socket.OPEN) void super.onConnection(socket as PingedSocket, request, upgrade as never);
      });
    });
  }

  async #identify(socket: WebSocket, request: IncomingMessage, identify: GameTransportOptions['identify']): Promise<void> {
    const token = new URL(request.url ?? '/', 'ws://server').searchParams.get('_authToken');
    const playerId = token ? await identify(token).catch(() => undefined) : undefined;
    if (playerId !== undefined) setConnectionPlayer(socket, playerId);
  }

  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    const slices = Math.max(1, Math.round(pingInterval / SLICE_MS));
    let cursor: Iterator<WebSocket> | undefined;
    this.pingInterval = setInterval(() => {
      const clients = this.wss.clients;
      let count = Math.ceil(clients.size / slices);
      while (count-- > 0) {
        cursor ??= clients.values();
        const next = cursor.next();
        if (next.done) {
          cursor = undefined;
          return;
        }
        const socket = next.value as PingedSocket;
        if (socket.pingCount >= pingMaxRetries) {
          socket.terminate();
          continue;
        }
        socket.pingCount++;
        socket.ping(noop);
      }
    }, SLICE_MS);
    this.pingInterval.unref();
  }
}
