/**
 * What the rooms of this process share: config, logger, database, token verifier and the
 * scheduler (time and deadlines). Colyseus constructs rooms itself (no constructor arguments), so the server sets this
 * once at start and rooms read it; routes receive the same object explicitly.
 */
import type { Config } from './config.ts';
import type { Journal } from './db/journal.ts';
import type { Database } from './db/orm.ts';
import type { Spool } from './db/spool.ts';
import type { Logger } from './log.ts';
import type { Tokens } from './auth/tokens.ts';
import type { LoginLimiter } from './auth/login-limiter.ts';
import type { AccountLimiter } from './auth/account-limiter.ts';
import type { JoinLimiter } from './auth/join-limiter.ts';
import type { Scheduler } from './scheduler.ts';

export interface Runtime {
  readonly config: Config;
  readonly log: Logger;
  readonly db: Database;
  /** Where finished games wait while the database cannot take them (db/spool.ts). */
  readonly spool: Spool;
  /** Where every accepted action of a game in play is kept before it is shown (db/journal.ts); undefined with JOURNAL=off. */
  readonly journal: Journal | undefined;
  readonly tokens: Tokens;
  readonly loginLimiter: LoginLimiter;
  readonly accountLimiter: AccountLimiter;
  readonly joinLimiter: JoinLimiter;
  readonly scheduler: Scheduler;
  /** Monotonic ms for network round trips (lag), separate from game time. */
  readonly rttClock: () => number;
  /** Set when the process starts shutting down: /ready answers 503 from then on. */
  shuttingDown: boolean;
}

let current: Runtime | undefined;

export function setRuntime(runtime: Runtime | undefined): void {
  current = runtime;
}

export function runtime(): Runtime {
  if (!current) throw new Error('the server runtime is not set: rooms run only inside a started server');
  return current;
}
