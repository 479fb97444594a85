/**
 * Mocha root hooks: the server is booted once for the whole run (Colyseus's matchmaker is a
 * process-wide singleton and cannot be restarted within a process). The database is in-memory
 * PGlite unless DATABASE_URL is set, then that PostgreSQL; presence and driver are local unless
 * REDIS_URL is set. Each test starts with no rooms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineRoom } from '@colyseus/core';
import { Redis } from 'ioredis';
import { ColyseusTestServer } from '@colyseus/testing/TestServer';
import { parseConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { createApp } from '../src/server.ts';
import { booted, setHarness, harness, RttClock, TEST_JWT_SECRET, TEST_PORT } from './support/harness.ts';
import { ManualScheduler } from './support/manual-scheduler.ts';
import { ProbeRoom } from './support/probe-room.ts';

/**
 * Redis outlives test runs: start each run without the login and account counters of earlier
 * ones, nor the process leases (a server of an earlier run is no member whose games to adopt).
 */
async function clearLimitCounters(url: string): Promise<void> {
  const redis = new Redis(url);
  try {
    const keys = (await Promise.all(['login:*', 'accounts:*', 'joins:*', 'lease:*', 'adopting:*'].map((pattern) => redis.keys(pattern)))).flat();
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}

/** The suite server's DATA_DIR (its spool), thrown away after the run. */
let dataDir: string;

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    if (process.env.REDIS_URL) await clearLimitCounters(process.env.REDIS_URL);
    dataDir = mkdtempSync(join(tmpdir(), 'test-data-'));
    const config = parseConfig({
      DATA_DIR: dataDir,
      NODE_ENV: 'test',
      PORT: String(TEST_PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: process.env.DATABASE_URL ?? 'memory://',
      // As `npm start` runs on the embedded database: the journal writes behind, through its local log.
      JOURNAL_WRITE_BEHIND: process.env.DATABASE_URL ? undefined : '1s',
      REDIS_URL: process.env.REDIS_URL,
      JWT_SECRET: TEST_JWT_SECRET,
      JWT_TTL: '1h',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      ADMIN_USERNAMES: 'RootAdmin',
      BODY_LIMIT: '16kb',
      // Tests make many guests from 127.0.0.1; the limit itself is tested on a server of its own.
      ACCOUNT_LIMIT: '1000000',
      JOIN_LIMIT: '1000000',
      MAX_SPECTATORS: '3',
    });
    const log = createLogger(config.logLevel);
    const scheduler = new ManualScheduler();
    const rtt = new RttClock();
    const app = await createApp({ config, log, scheduler, rttClock: rtt.read, extraRooms: { probe: defineRoom(ProbeRoom) } });
    await app.listen();
    setHarness({ app, colyseus: new ColyseusTestServer(app.server), scheduler, rtt });
  },
  async beforeEach() {
    await harness().colyseus.cleanup();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    if (!booted()) return; // beforeAll failed, and said why
    await harness().app.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
    setHarness(undefined);
  },
};
