/**
 * `/health`: the process is up. `/ready`: it can serve games: the database and the presence
 * (Redis when configured) answer within a second, and the process is not shutting down.
 */
import { matchMaker } from '@colyseus/core';
import { Router } from 'express';
import type { Runtime } from '../runtime.ts';

const CHECK_TIMEOUT_MS = 1000;

async function probe(check: () => Promise<void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (error) {
    return (error as Error).message || 'failed';
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(rt: Runtime): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });

  router.get('/ready', async (_req, res) => {
    const [database, presence] = await Promise.all([
      probe(async () => {
        const connection = await rt.db.orm.checkConnection();
        if (!connection.ok) throw new Error(connection.reason);
      }),
      probe(async () => { await matchMaker.presence.hget('ready-probe', 'probe'); }),
    ]);
    const ready = !rt.shuttingDown && database === 'ok' && presence === 'ok';
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : rt.shuttingDown ? 'shutting-down' : 'not-ready',
      checks: { database, presence },
    });
  });

  return router;
}
