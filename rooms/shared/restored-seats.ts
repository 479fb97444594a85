/**
 * A seat in a game brought back after a restart, held for the player who had it: the stock SDK
 * reconnects by itself with the session id and reconnection token it had (a WebSocket straight to
 * `/<process>/<roomId>?sessionId=…&reconnectionToken=…`), and `client.reconnect(token)` asks the
 * matchmaker with the same token. Both only work when the room expects that token, which it does
 * after `allowReconnection(client)`; a restored room has no client to pass, so the expectation is
 * set up here the way Colyseus's own dev-mode restore does it (`_reserveSeat` with a token), with
 * what `allowReconnection` adds on top: the returning client gets the player's auth and
 * participant, and the reservation is cleaned up when it is used or withdrawn.
 *
 * This leans on Colyseus internals (`_reserveSeat`, `_reconnections`, `_reservedSeats`,
 * `_reservedSeatTimeouts`) of @colyseus/core 0.18.17; the restart tests (test/restart/) reconnect
 * through them with the stock SDK, so an upgrade that changes them fails there first.
 */
import type { Client, Room } from '@colyseus/core';

interface Deferred<T> {
  then(onFulfilled?: (value: T) => unknown, onRejected?: (reason: unknown) => unknown): Promise<unknown>;
  reject(reason?: unknown): void;
}

interface RoomInternals {
  _reserveSeat(sessionId: string, joinOptions: unknown, auth: unknown, seconds: number, allowReconnection: boolean, token: string): Promise<boolean>;
  _reconnections: Record<string, [string, Deferred<Client>] | undefined>;
  _reservedSeats: Record<string, unknown>;
  _reservedSeatTimeouts: Record<string, NodeJS.Timeout | undefined>;
  resetAutoDisposeTimeout(seconds?: number): void;
}

/** Long enough never to end by itself (the room withdraws it); short enough for a Node timer. */
const HELD_SECONDS = 24 * 3600;

/**
 * Holds the seat of session `sessionId` for whoever comes back with `token`. Returns the function
 * that withdraws it (the player came back another way, or the seat is released).
 */
export function holdRestoredSeat(room: Room, { sessionId, token, auth, userData }: {
  sessionId: string; token: string; auth: unknown; userData: unknown;
}): () => void {
  const internals = room as unknown as RoomInternals;
  if (internals._reconnections[token]) return () => undefined;
  void internals._reserveSeat(sessionId, {}, auth, HELD_SECONDS, true, token);
  // The hold ends when the room says so, not after a time: its timer (which would call onLeave) is dropped.
  clearTimeout(internals._reservedSeatTimeouts[sessionId]);
  delete internals._reservedSeatTimeouts[sessionId];
  const held = internals._reconnections[token]![1];
  const cleanUp = () => {
    delete internals._reconnections[token];
    delete internals._reservedSeats[sessionId];
  };
  held.then((client) => {
    client.auth = auth;
    client.userData = userData;
    cleanUp();
  }, () => {
    cleanUp();
    internals.resetAutoDisposeTimeout();
  });
  return () => held.reject(new Error('seat taken back or released'));
}
