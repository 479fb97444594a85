/**
 * The WebSocket transport, with its heartbeat spread out. Colyseus pings every socket in one
 * synchronous loop each interval (3 s); with thousands of sockets that loop stalls the event
 * loop for tens of milliseconds every 3 s, which becomes everyone's p99 (docs/performance.md).
 * Here a slice of the sockets is pinged every 100 ms instead: each socket is still pinged once
 * per interval, and one that missed two pongs is still terminated (seen by rooms as a drop).
 */
import type WebSocket from 'ws';
import { WebSocketTransport } from '@colyseus/ws-transport';

const SLICE_MS = 100;

type PingedSocket = WebSocket & { pingCount: number };

function noop(): void {}

export class GameTransport extends WebSocketTransport {
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
