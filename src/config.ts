/**
 * Every setting of the server comes from the environment and is parsed here, once.
 * `parseConfig(env)` is pure: it returns the typed config or throws a `ConfigError`
 * whose message is a single line naming each bad variable and what is wrong with it.
 */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type DatabaseConfig =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string }      // a directory, guarded by an exclusive lock
  | { kind: 'pglite-memory' };               // a throwaway in-memory database

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string | undefined;
  /** Where the embedded database and the generated JWT secret live. */
  dataDir: string;
  database: DatabaseConfig;
  redisUrl: string | undefined;
  publicAddress: string | undefined;
  /** Undefined outside production when unset: generated once into `dataDir` (see auth/secret.ts). */
  jwtSecret: string | undefined;
  jwtTtlSeconds: number;
  logLevel: LogLevel;
  /** Lower-cased usernames of registered players who may use admin routes. */
  adminUsernames: ReadonlySet<string>;
  /** `'*'` for any origin, or the exact origins allowed to call the API from a browser. */
  corsOrigins: '*' | readonly string[];
  /** Express `trust proxy`: false, true, or the number of proxy hops to trust. */
  trustProxy: boolean | number;
  bodyLimitBytes: number;
  /** New accounts one address may create per 10 minutes (auth/account-limiter.ts). */
  accountLimit: number;
  /** Matchmaking requests (create, join) one player may make per minute (auth/join-limiter.ts). */
  joinLimit: number;
  shutdownTimeoutMs: number;
  /** Spectators one game room admits. */
  maxSpectators: number;
  /** Whether games in play are journaled (off only to measure what the journal costs). */
  journal: boolean;
  /** How long the journal gathers writes from every room before one flush. */
  journalDelayMs: number;
  /**
   * With the embedded database: how often the journal's local log is written to the database
   * (db/journal.ts, write-behind); 0 writes every batch to the database at once.
   */
  journalWriteBehindMs: number;
  /** With write-behind: whether each append to the journal's local log is fdatasynced (survives a power cut, not only the process). */
  journalSync: boolean;
  /** `--single-threaded-gc` for `npm start`: `auto` when the process has under two cores (cpu-budget.ts). */
  singleThreadedGc: 'auto' | 'on' | 'off';
  /** This process's name in the journal: the games it runs are restored by the next start of the same name. */
  nodeName: string;
  /** How long a process's lease lasts unrenewed: a process gone longer has its games adopted (with Redis). */
  leaseTtlMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DURATION = /^(\d+)\s*(ms|s|m|h|d)?$/;
const DURATION_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "30d", "90s", "500ms", "15" (seconds) → milliseconds. */
function durationMs(value: string): number | undefined {
  const match = DURATION.exec(value.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 's') as keyof typeof DURATION_MS;
  return Number(match[1]) * DURATION_MS[unit];
}

const duration = (what: string) =>
  z.string().transform((value, ctx) => {
    const ms = durationMs(value);
    if (ms === undefined || ms <= 0) {
      ctx.addIssue({ code: 'custom', message: `must be a positive ${what} such as 30s, 15m, 12h or 7d (got "${value}")` });
      return z.NEVER;
    }
    return ms;
  });

const BYTES = /^(\d+)\s*(b|kb|mb)?$/i;
const BYTE_UNITS = { b: 1, kb: 1024, mb: 1024 * 1024 } as const;

const csv = z.string().transform((value) =>
  value.split(',').map((item) => item.trim()).filter((item) => item.length > 0));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.string().regex(/^\d+$/, 'must be an integer').transform(Number)
    .pipe(z.number().int().min(0).max(65535, 'must be between 0 and 65535')).default(2567),
  HOST: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string()
    .refine((url) => url === 'memory://' || /^postgres(ql)?:\/\/[^\s]+$/.test(url),
      'must be postgres://user@host:port/db, postgresql://…, or memory://')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\/[^\s]+$/, 'must be redis://host:port or rediss://…').optional(),
  PUBLIC_ADDRESS: z.string()
    .regex(/^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]+)*\/?$/,
      'must be host[:port][/path] with no scheme, e.g. game.example.com/2568')
    .optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL: duration('duration').default(30 * 86_400_000),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  ADMIN_USERNAMES: csv.default([]),
  CORS_ORIGINS: csv.pipe(z.array(z.union([
    z.literal('*'),
    z.string().regex(/^https?:\/\/[^/\s]+$/, 'each origin must be scheme://host[:port] with no path, or *'),
  ]))).default(['*']),
  TRUST_PROXY: z.string().transform((value, ctx) => {
    if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    if (/^\d+$/.test(value)) return Number(value);
    ctx.addIssue({ code: 'custom', message: `must be true, false or a number of proxy hops (got "${value}")` });
    return z.NEVER;
  }).default(false),
  BODY_LIMIT: z.string().transform((value, ctx) => {
    const match = BYTES.exec(value.trim());
    const bytes = match ? Number(match[1]) * BYTE_UNITS[(match[2] ?? 'b').toLowerCase() as keyof typeof BYTE_UNITS] : 0;
    if (!bytes) {
      ctx.addIssue({ code: 'custom', message: `must be a size such as 64kb or 1mb (got "${value}")` });
      return z.NEVER;
    }
    return bytes;
  }).default(64 * 1024),
  ACCOUNT_LIMIT: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1')).default(10),
  JOIN_LIMIT: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1')).default(30),
  SHUTDOWN_TIMEOUT: duration('duration').default(30_000),
  MAX_SPECTATORS: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number)
    .pipe(z.number().int().max(10_000, 'must be at most 10000')).default(200),
  JOURNAL: z.enum(['on', 'off']).default('on'),
  JOURNAL_DELAY: duration('duration').default(2),
  JOURNAL_WRITE_BEHIND: duration('duration').optional(),
  JOURNAL_SYNC: z.enum(['on', 'off']).default('off'),
  SINGLE_THREADED_GC: z.enum(['auto', 'on', 'off']).default('auto'),
  LEASE_TTL: duration('duration').default(30_000),
  NODE_NAME: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1 to 64 letters, digits or _ . : -').optional(),
}).superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required when NODE_ENV=production' });
  }
  if (env.JOURNAL_WRITE_BEHIND && env.DATABASE_URL !== undefined && env.DATABASE_URL !== 'memory://') {
    ctx.addIssue({ code: 'custom', path: ['JOURNAL_WRITE_BEHIND'], message: 'is for the embedded database only (without DATABASE_URL): on PostgreSQL other processes read the journal' });
  }
});

/** The names this module reads; `.env.example` and the README list the same. */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as readonly string[];

/** Unset and empty are the same thing (`REDIS_URL=` in a .env file means "no Redis"). */
function presentValues(env: Record<string, string | undefined>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') values[name] = value.trim();
  }
  return values;
}

/** Values that may hold a password: never echoed back in an error. */
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'DATABASE_URL', 'REDIS_URL']);

export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = presentValues(env);
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      let detail = issue.code === 'invalid_value' && 'values' in issue
        ? `must be one of ${issue.values.join(', ')}`
        : issue.message;
      const value = present[variable];
      if (value !== undefined && !detail.includes('(got') && !SECRET_VARIABLES.has(variable)) {
        detail += ` (got "${value}")`;
      }
      return `${variable} ${detail}`;
    });
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const values = parsed.data;
  const dataDir = resolve(values.DATA_DIR);
  return {
    nodeEnv: values.NODE_ENV,
    port: values.PORT,
    host: values.HOST,
    dataDir,
    database: databaseConfig(values.DATABASE_URL, dataDir),
    redisUrl: values.REDIS_URL,
    publicAddress: values.PUBLIC_ADDRESS,
    jwtSecret: values.JWT_SECRET,
    jwtTtlSeconds: Math.floor(values.JWT_TTL / 1000),
    logLevel: values.LOG_LEVEL,
    adminUsernames: new Set(values.ADMIN_USERNAMES.map((name) => name.toLowerCase())),
    corsOrigins: values.CORS_ORIGINS.includes('*') ? '*' : values.CORS_ORIGINS,
    trustProxy: values.TRUST_PROXY,
    bodyLimitBytes: values.BODY_LIMIT,
    accountLimit: values.ACCOUNT_LIMIT,
    joinLimit: values.JOIN_LIMIT,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT,
    journal: values.JOURNAL === 'on',
    journalDelayMs: values.JOURNAL_DELAY,
    journalWriteBehindMs: values.JOURNAL_WRITE_BEHIND ?? (values.DATABASE_URL === undefined ? 1000 : 0),
    journalSync: values.JOURNAL_SYNC === 'on',
    singleThreadedGc: values.SINGLE_THREADED_GC,
    nodeName: values.NODE_NAME ?? `${hostname()}:${values.PORT}`,
    leaseTtlMs: values.LEASE_TTL,
    maxSpectators: values.MAX_SPECTATORS,
  };
}

function databaseConfig(url: string | undefined, dataDir: string): DatabaseConfig {
  if (url === undefined) return { kind: 'pglite', dataDir: resolve(dataDir, 'pglite') };
  if (url === 'memory://') return { kind: 'pglite-memory' };
  return { kind: 'postgres', url };
}

/** Where logs may show the database without leaking a password. */
export function describeDatabase(database: DatabaseConfig): string {
  switch (database.kind) {
    case 'postgres': {
      const url = new URL(database.url);
      if (url.password) url.password = '***';
      return `postgresql ${url.host}${url.pathname}`;
    }
    case 'pglite': return `pglite ${database.dataDir}`;
    case 'pglite-memory': return 'pglite in memory';
  }
}
