/**
 * What a line of a game's journal holds (rooms/shared/room-journal.ts writes them): an event of
 * the game by a seat (null: the server), or a seat's connection (its session id and reconnection
 * token, for a restart to hold the seat for exactly that client). Read back here for restoring a
 * game and for replaying a finished one.
 */
import type { SessionEntry } from './game-sessions.ts';

export type KeptEntry<Event> =
  | { seat: string | null; event: Event }
  | { seat: string; connection: { sessionId: string; token: string } };

/** The game events of a session, in order, with their seat and time. */
export function gameEvents<Event>(entries: readonly SessionEntry[]): Array<{ seat: string | null; event: Event; at: number }> {
  const events: Array<{ seat: string | null; event: Event; at: number }> = [];
  for (const { entry, at } of entries) {
    const kept = entry as KeptEntry<Event>;
    if ('event' in kept) events.push({ seat: kept.seat, event: kept.event, at });
  }
  return events;
}

/** Each seat's last journaled connection. */
export function lastConnections(entries: readonly SessionEntry[]): Map<string, { sessionId: string; token: string }> {
  const connections = new Map<string, { sessionId: string; token: string }>();
  for (const { entry } of entries) {
    const kept = entry as KeptEntry<unknown>;
    if ('connection' in kept) connections.set(kept.seat, kept.connection);
  }
  return connections;
}
