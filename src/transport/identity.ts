/**
 * Who a WebSocket connection is: the player named by the token it was opened with (the SDK sends
 * it as `_authToken`), verified once when the connection arrives. A seat reservation names the
 * player it was made for; a room admits a connection only when the two agree, so a reservation
 * that leaks (a `matched` message, a log line) is worth nothing to anyone else.
 */
import { ErrorCode, ServerError, type Client } from '@colyseus/core';
import type WebSocket from 'ws';

const players = new WeakMap<WebSocket, string>();

export function setConnectionPlayer(socket: WebSocket, playerId: string): void {
  players.set(socket, playerId);
}

/** The player whose valid token opened this client's connection, if any. */
export function connectionPlayer(client: Client): string | undefined {
  return players.get(client.ref as WebSocket);
}

/** Refuses a join whose connection does not carry the token of the player its seat is for. */
export function checkConnectionPlayer(client: Client, playerId: string): void {
  const connected = connectionPlayer(client);
  if (connected === playerId) return;
  throw new ServerError(ErrorCode.AUTH_FAILED, connected === undefined
    ? 'this connection carries no valid token: connect with the token of the player the seat was reserved for'
    : 'this seat is reserved for another player: connect with the token of the player it was reserved for');
}
