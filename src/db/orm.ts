/**
 * The ORM factory: PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite (real
 * PostgreSQL in WebAssembly) in a locked directory, or in memory for `memory://`. Both run the
 * same committed migrations.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver, SqlEntityManager } from '@mikro-orm/sql';
import { Migrator } from '@mikro-orm/migrations';
import { describeDatabase, type DatabaseConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { acquireDirLock, type DirLock } from './dir-lock.ts';
import { entities } from './entities/index.ts';

export type Orm = MikroORM<AbstractSqlDriver, SqlEntityManager>;

export interface Database {
  readonly orm: Orm;
  readonly description: string;
  /** Applies every committed migration not yet applied; returns their names. */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

export const MIGRATIONS_PATH = fileURLToPath(new URL('./migrations', import.meta.url));

/** PostgreSQL advisory lock key held while migrating, so processes starting together migrate once. */
const MIGRATION_LOCK = 7_312_024;

function baseOptions(log: Logger) {
  const ormLog = log.child({ component: 'orm' });
  return {
    entities,
    extensions: [Migrator],
    migrations: {
      path: MIGRATIONS_PATH,
      glob: '!(*.d).ts',
      emit: 'ts' as const,
      snapshotName: '.snapshot',
      // The committed snapshot changes only through `npm run migration:create`, never at start.
      snapshotOnMigrate: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    // At trace level the queries are logged, never their parameters (no 'query-params'): a
    // player row carries a password hash, and a client's input would land in the log.
    debug: log.isLevelEnabled('trace') ? ['query' as const, 'schema' as const, 'discovery' as const, 'info' as const] : false,
    logger: (message: string) => ormLog.trace(message),
  };
}

export async function openDatabase(database: DatabaseConfig, log: Logger): Promise<Database> {
  let lock: DirLock | undefined;
  let orm: Orm;
  if (database.kind === 'postgres') {
    const { MikroORM: PostgresOrm } = await import('@mikro-orm/postgresql');
    orm = await PostgresOrm.init({ ...baseOptions(log), clientUrl: database.url, pool: { min: 0, max: 10 } }) as unknown as Orm;
  } else {
    if (database.kind === 'pglite') {
      mkdirSync(database.dataDir, { recursive: true });
      lock = acquireDirLock(`${database.dataDir}.lock`, `the embedded database ${database.dataDir}`);
    }
    try {
      const { MikroORM: PgliteOrm } = await import('@mikro-orm/pglite');
      const dbName = database.kind === 'pglite' ? database.dataDir : 'memory://';
      orm = await PgliteOrm.init({ ...baseOptions(log), dbName }) as unknown as Orm;
    } catch (error) {
      lock?.release();
      throw error;
    }
  }
  return {
    orm,
    description: describeDatabase(database),
    async migrate() {
      if (database.kind !== 'postgres') return (await orm.migrator.up()).map((migration) => migration.name);
      return orm.em.transactional(async (em) => {
        await em.execute('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
        const applied = await orm.migrator.up({ transaction: em.getTransactionContext() });
        return applied.map((migration) => migration.name);
      });
    },
    async close() {
      try {
        await orm.close(true);
      } finally {
        lock?.release();
      }
    },
  };
}
