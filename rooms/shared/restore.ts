/**
 * Bringing games in play back at start: every journal session this process's name owns and that
 * has not ended gets its room again, under the same room id, before the server listens (so a
 * client reconnecting at once finds it). The room reads what it needs with `takeRestored` in its
 * `onCreate`: the session is handed over through this module, never through options, so no client
 * can pass one.
 */
import { matchMaker } from '@colyseus/core';
import type { Orm } from '../../src/db/orm.ts';
import type { Logger } from '../../src/log.ts';
import { sessionsInPlay, type SessionInPlay } from '../../src/services/game-sessions.ts';

/** The room each kind of game is played in. */
const ROOM_OF_KIND: Record<string, string> = { chess: 'chess', backgammon: 'backgammon', draft: 'draft' };

export { gameEvents, lastConnections } from '../../src/services/journal-entries.ts';

const handedOver = new Map<string, SessionInPlay>();

/** The session a room being created under `roomId` is to continue, if any (taken once). */
export function takeRestored(roomId: string): SessionInPlay | undefined {
  const session = handedOver.get(roomId);
  handedOver.delete(roomId);
  return session;
}

/** Recreates the rooms of this process's games in play; returns how many came back and how many could not. */
export async function restoreGames({ orm, owner, log }: { orm: Orm; owner: string; log: Logger }): Promise<{ restored: number; failed: number; readMs: number }> {
  const reading = performance.now();
  const sessions = await sessionsInPlay({ orm, owner });
  const readMs = Math.round(performance.now() - reading);
  return { ...await restoreSessions({ sessions, log }), readMs };
}

/**
 * Recreates the rooms of these sessions. With `replaceListings`, a listing left under the same
 * room id (by a process that is gone) is removed first, or the matchmaker would take it for the
 * room and discard the new one.
 */
export async function restoreSessions({ sessions, log, replaceListings = false }: {
  sessions: readonly SessionInPlay[]; log: Logger; replaceListings?: boolean;
}): Promise<{ restored: number; failed: number }> {
  let restored = 0;
  let failed = 0;
  for (const session of sessions) {
    const roomName = ROOM_OF_KIND[session.kind];
    try {
      if (!roomName) throw new Error(`no room plays "${session.kind}"`);
      handedOver.set(session.roomId, session);
      if (replaceListings) await matchMaker.driver.remove(session.roomId);
      await matchMaker.handleCreateRoom(roomName, {}, undefined, session.roomId);
      restored += 1;
    } catch (error) {
      failed += 1;
      log.error({ err: error, sessionId: session.id, roomId: session.roomId, kind: session.kind }, 'could not restore a game in play');
    } finally {
      handedOver.delete(session.roomId);
    }
  }
  return { restored, failed };
}
