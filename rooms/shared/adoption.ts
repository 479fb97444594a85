/**
 * Games whose process is gone for good are taken over by a peer (several processes on one
 * Redis): every few seconds each process looks for owners of games in play whose lease has
 * lapsed (src/node-lease.ts), claims one, makes its games its own in the journal and restores
 * them here, under their room ids. Their players come back through `client.reconnect(token)`
 * (the matchmaker finds the room on its new process and the held seat takes the token), through
 * GET /api/me/games, or through the lobby; spectators join again.
 */
import { matchMaker } from '@colyseus/core';
import type { Orm } from '../../src/db/orm.ts';
import type { Logger } from '../../src/log.ts';
import type { NodeLease } from '../../src/node-lease.ts';
import { adoptSessions, nodeAliveAt, ownersInPlay, sessionsInPlay } from '../../src/services/game-sessions.ts';
import { restoreSessions } from './restore.ts';

export interface Adoption {
  stop(): Promise<void>;
}

export function adoptOrphanedGames({ orm, lease, log, everyMs }: { orm: Orm; lease: NodeLease; log: Logger; everyMs: number }): Adoption {
  let running: Promise<void> | undefined;
  let stopped = false;
  const scan = async () => {
    for (const owner of await ownersInPlay({ orm, except: lease.node })) {
      if (stopped) return;
      await lease.adoptIfGone(owner, async () => {
        // Its games are suspended from the last moment it was known alive (read before they are ours).
        const aliveAt = await nodeAliveAt({ orm, node: owner });
        const moved = await adoptSessions({ orm, from: owner, to: lease.node });
        if (moved === 0) return;
        // This process's own games are in their rooms already: only the adopted ones are restored.
        const sessions = (await sessionsInPlay({ orm, owner: lease.node }))
          .filter((session) => !matchMaker.getLocalRoomById(session.roomId))
          .map(({ aliveAt: _ours, ...session }) => (aliveAt === undefined ? session : { ...session, aliveAt }));
        const { restored, failed } = await restoreSessions({ sessions, log, replaceListings: true });
        log.info({ from: owner, moved, restored, failed }, 'adopted the games in play of a process that is gone');
      });
    }
  };
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = scan()
      .catch((error: unknown) => log.warn({ err: error }, 'could not look for games to adopt'))
      .finally(() => { running = undefined; });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
