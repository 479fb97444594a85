/**
 * Wires one server process: database (migrated), presence and driver (Redis or local), the
 * rooms, the REST API and metrics. `createApp` does everything but listen; `shutdown` undoes
 * it in order: stop taking joins, let every room finish (and persist), close the transport,
 * presence, driver, Redis and the database.
 */
import { join } from 'node:path';
import {
  defineRoom, defineServer, LocalPresence, matchMaker,
  type MatchMakerDriver, type Presence, type RegisteredHandler, type Server,
} from '@colyseus/core';
import { RedisDriver } from '@colyseus/redis-driver';
import { Encoder } from '@colyseus/schema';
import { RedisPresence } from '@colyseus/redis-presence';
import { Redis } from 'ioredis';
import { BackgammonRoom } from '../rooms/BackgammonRoom.ts';
import { ChessRoom } from '../rooms/ChessRoom.ts';
import { DraftRoom } from '../rooms/DraftRoom.ts';
import { LobbyRoom } from '../rooms/LobbyRoom.ts';
import { createAccountLimiter } from './auth/account-limiter.ts';
import { createJoinLimiter } from './auth/join-limiter.ts';
import { createLoginLimiter } from './auth/login-limiter.ts';
import { resolveJwtSecret } from './auth/secret.ts';
import { createTokens } from './auth/tokens.ts';
import type { Config } from './config.ts';
import { openDatabase } from './db/orm.ts';
import { Journal } from './db/journal.ts';
import { nativeStatements } from './db/native-statement.ts';
import { Heartbeat } from './db/heartbeat.ts';
import { Spool } from './db/spool.ts';
import { restoreGames } from '../rooms/shared/restore.ts';
import { adoptOrphanedGames, type Adoption } from '../rooms/shared/adoption.ts';
import { NodeLease } from './node-lease.ts';
import { drainSpool } from './services/spooled-records.ts';
import { IndexedLocalDriver } from './local-driver.ts';
import { mountHttp } from './http/app.ts';
import { configureCors } from './http/cors.ts';
import { guardMatchmaker } from './http/matchmake-guard.ts';
import { createMetrics } from './http/metrics.ts';
import { colyseusLogger, type Logger } from './log.ts';
import { quietPm2 } from './pm2.ts';
import { GameTransport } from './transport/game-transport.ts';
import { setRuntime, type Runtime } from './runtime.ts';
import { systemScheduler, type Scheduler } from './scheduler.ts';

/** The game rooms this server offers; each is registered here as its issue lands. */
export function gameRooms(): Record<string, RegisteredHandler> {
  return {
    chess: defineRoom(ChessRoom).enableRealtimeListing(),
    backgammon: defineRoom(BackgammonRoom).enableRealtimeListing(),
    draft: defineRoom(DraftRoom),
    // One lobby per process: LobbyRoom.onAuth names the process that took the join as `node`.
    lobby: defineRoom(LobbyRoom).filterBy(['node']),
  };
}

/** The journal's spool: one per process name, since processes may share DATA_DIR (one spool per writer). */
function journalDir(config: Config): string {
  return join(config.dataDir, 'journal', config.nodeName.replace(/[^A-Za-z0-9_.-]/g, '_'));
}

/**
 * Where a new room is created: a lobby on the process its join named; anything else on the
 * process with the fewest rooms (Colyseus's default).
 */
async function selectProcess(roomName: string, options: { node?: unknown } | undefined): Promise<string> {
  if (roomName === 'lobby' && typeof options?.node === 'string') return options.node;
  const processes = await matchMaker.stats.fetchAll();
  return processes.sort((a, b) => a.roomCount - b.roomCount)[0]?.processId ?? matchMaker.processId;
}

/**
 * Listens, or fails at once when the port cannot be bound (Colyseus's own `listen` waits forever
 * on an address in use: its error listener is attached only once listening succeeded).
 */
async function listenOrFail(server: Server, port: number, host: string | undefined): Promise<void> {
  const http = server.transport.server;
  let onError: ((error: Error) => void) | undefined;
  const failed = new Promise<never>((_resolve, reject) => {
    onError = (error: Error & { code?: string }) => reject(error.code === 'EADDRINUSE'
      ? new Error(`port ${port} is already in use${host ? ` on ${host}` : ''}`, { cause: error })
      : error);
    http?.once('error', onError);
  });
  try {
    await Promise.race([server.listen(port, host), failed]);
  } finally {
    if (onError) http?.off('error', onError);
  }
}

export interface AppOptions {
  config: Config;
  log: Logger;
  /** Extra room types (tests register probes here); never overrides a game room. */
  extraRooms?: Record<string, RegisteredHandler>;
  /** Time and deadlines for the rooms; tests pass a manual one. */
  scheduler?: Scheduler;
  /** Monotonic time for measuring network round trips; tests pass one that stands still. */
  rttClock?: () => number;
}

export interface App {
  readonly server: Server;
  readonly runtime: Runtime;
  listen(): Promise<void>;
  /** Graceful: resolves once every room is disposed and every connection is closed. */
  shutdown(): Promise<void>;
}

export async function createApp({
  config, log, extraRooms = {}, scheduler = systemScheduler, rttClock = () => performance.now(),
}: AppOptions): Promise<App> {
  quietPm2();
  // Each room keeps two encode buffers of this size; Colyseus's 16 KB default is a third of a
  // chess game's memory, while a whole 600-ply game encodes in about 3.5 KB (a larger state
  // still encodes: the buffer grows, once, with a warning).
  Encoder.BUFFER_SIZE = 4 * 1024;
  const db = await openDatabase(config.database, log);
  let tokens;
  try {
    const applied = await db.migrate();
    log.info({ database: db.description, applied }, applied.length ? 'database migrated' : 'database is up to date');
    tokens = await createTokens(resolveJwtSecret(config, log), config.jwtTtlSeconds);
  } catch (error) {
    await db.close();
    throw error;
  }

  let presence: Presence;
  let driver: MatchMakerDriver;
  let limiterRedis: Redis | undefined;
  let lease: NodeLease | undefined;
  if (config.redisUrl) {
    presence = new RedisPresence(config.redisUrl);
    driver = new RedisDriver(config.redisUrl);
    limiterRedis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    limiterRedis.on('error', (error) => log.warn({ err: error }, 'redis (login limiter) error'));
    if (config.journal) {
      const leaseRedis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
      leaseRedis.on('error', (error) => log.warn({ err: error }, 'redis (process lease) error'));
      lease = new NodeLease({ redis: leaseRedis, node: config.nodeName, ttlMs: config.leaseTtlMs, log });
    }
  } else {
    presence = new LocalPresence();
    driver = new IndexedLocalDriver();
  }

  const spool = new Spool(join(config.dataDir, 'spool'));
  const statements = nativeStatements(db.orm);
  const journal = config.journal ? new Journal({
    run: statements, dir: journalDir(config), delayMs: config.journalDelayMs, log: log.child({ component: 'journal' }),
    // PGlite runs in this process: statements of 100 items at most keep each one short.
    ...(config.journalWriteBehindMs > 0 ? { writeBehindMs: config.journalWriteBehindMs, syncLog: config.journalSync, maxBatch: 100 } : {}),
  }) : undefined;
  const heartbeat = config.journal ? new Heartbeat({ run: statements, node: config.nodeName, now: () => scheduler.now(), log }) : undefined;
  const rt: Runtime = {
    config, log, db, tokens, scheduler, rttClock, spool, journal,
    loginLimiter: createLoginLimiter(limiterRedis),
    accountLimiter: createAccountLimiter(config.accountLimit, limiterRedis),
    joinLimiter: createJoinLimiter(config.joinLimit, limiterRedis),
    shuttingDown: false,
  };
  setRuntime(rt);
  // Games that ended while the database was away (this process or an earlier one) are written now.
  const spooled = drainSpool({ orm: db.orm, spool, log });
  configureCors(config.corsOrigins);
  const metrics = createMetrics(journal);

  const server = defineServer({
    rooms: { ...extraRooms, ...gameRooms() },
    presence,
    driver,
    // Dead connections are found within 10–15 s; the pings are spread (src/transport/).
    transport: new GameTransport({
      pingInterval: 5000,
      pingMaxRetries: 2,
      guard: { log: log.child({ component: 'socket' }), now: () => scheduler.now() },
      identify: async (token) => (await tokens.verify(token)).playerId,
    }),
    ...(config.publicAddress ? { publicAddress: config.publicAddress } : {}),
    greet: false,
    gracefullyShutdown: false,
    selectProcessIdToCreateRoom: selectProcess,
    logger: colyseusLogger(log),
    express: (app) => mountHttp(app, rt, metrics),
  });
  guardMatchmaker(server, { limitBytes: config.bodyLimitBytes, log: log.child({ component: 'http' }) });
  metrics.trackRoomTypes();

  let shutdown: Promise<void> | undefined;
  let adoption: Adoption | undefined;
  return {
    server,
    runtime: rt,
    async listen() {
      // Games in play come back before the port opens, so a client reconnecting at once finds its room.
      if (journal) {
        await matchMaker.onReady;
        // What the journal spooled while the database was away goes in first: a game restored
        // without its last actions would go on from an older position.
        const { left } = await journal.drain();
        if (left > 0) throw new Error(`the journal spool (${journalDir(config)}) holds ${left} batch(es) the database does not take yet; not starting, so that no game in play is restored without its last actions`);
        await lease?.hold();
        const started = performance.now();
        const { restored, failed, readMs } = await restoreGames({ orm: db.orm, owner: config.nodeName, log });
        if (restored + failed > 0) log.info({ restored, failed, ms: Math.round(performance.now() - started), readMs, node: config.nodeName }, 'games in play restored');
        // Only now: the restore read the last heartbeat of this node's previous run.
        heartbeat?.start();
        if (lease) adoption = adoptOrphanedGames({ orm: db.orm, lease, log, everyMs: Math.max(500, Math.floor(config.leaseTtlMs / 3)) });
      }
      await listenOrFail(server, config.port, config.host);
    },
    shutdown() {
      shutdown ??= (async () => {
        rt.shuttingDown = true;
        log.info({ rooms: matchMaker.stats.local.roomCount, clients: matchMaker.stats.local.ccu }, 'shutting down: no new joins, waiting for rooms to finish');
        try {
          await adoption?.stop();
          await server.gracefullyShutdown(false);
        } finally {
          lease?.stop();
          await lease?.quit();
          spooled.stop();
          await spooled.idle();
          await journal?.close();
          await heartbeat?.stop();
          await limiterRedis?.quit().catch(() => undefined);
          await db.close();
          setRuntime(undefined);
        }
        log.info('shut down');
      })();
      return shutdown;
    },
  };
}
