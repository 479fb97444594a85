/**
 * `npm run migrate` applies the committed migrations to the configured database (the server
 * also does this at start). `npm run migration:create` writes a new migration from the change
 * between the entities and the committed migrations, computed on a throwaway in-memory
 * database so no server or PostgreSQL is needed to author one:
 * `npm run migration:create -- add-game-table`.
 */
import { parseConfig, ConfigError } from '../config.ts';
import { createLogger } from '../log.ts';
import { openDatabase } from './orm.ts';

const command = process.argv[2];

async function run(): Promise<void> {
  const config = parseConfig(process.env);
  const log = createLogger(config.logLevel);
  if (command === 'up') {
    const database = await openDatabase(config.database, log);
    try {
      const applied = await database.migrate();
      log.info({ database: database.description, applied }, applied.length ? 'migrations applied' : 'database is up to date');
    } finally {
      await database.close();
    }
  } else if (command === 'create') {
    const database = await openDatabase({ kind: 'pglite-memory' }, log);
    try {
      await database.migrate();
      const name = process.argv[3];
      if (name !== undefined && !/^[a-z0-9-]+$/.test(name)) throw new Error('a migration name is lower-case words joined by dashes');
      const result = await database.orm.migrator.create(undefined, false, false, name);
      if (result.fileName) log.info({ file: result.fileName }, 'migration created');
      else log.info('entities match the migrations: nothing to create');
    } finally {
      await database.close();
    }
  } else {
    throw new Error(`usage: node src/db/migrate.ts up | create [name] (got "${command ?? ''}")`);
  }
}

run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
});
