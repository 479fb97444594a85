import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { openDatabase, MIGRATIONS_PATH, type Database } from '../../src/db/orm.ts';
import type { DatabaseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { harness } from '../support/harness.ts';

/**
 * An empty database of the kind this run uses: a new PostgreSQL database next to DATABASE_URL's
 * (dropped afterwards), or a fresh in-memory PGlite.
 */
async function emptyDatabase(): Promise<{ config: DatabaseConfig; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { config: { kind: 'pglite-memory' }, drop: async () => undefined };
  const name = `migrations_test_${process.pid}_${Date.now()}`;
  const connection = harness().app.runtime.db.orm.em.getConnection();
  await connection.execute(`create database "${name}"`);
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: fresh.toString() },
    drop: async () => { await connection.execute(`drop database if exists "${name}" with (force)`); },
  };
}

describe('migrations', function () {
  this.timeout(60_000);
  let empty: Awaited<ReturnType<typeof emptyDatabase>>;
  let database: Database;

  before(async () => {
    empty = await emptyDatabase();
    database = await openDatabase(empty.config, createLogger('silent'));
  });

  after(async () => {
    await database?.close();
    await empty?.drop();
  });

  it('applies every committed migration to an empty database, in order', async () => {
    const files = readdirSync(MIGRATIONS_PATH).filter((file) => /^Migration\d+.*\.ts$/.test(file)).sort();
    assert.ok(files.length > 0);
    const applied = await database.migrate();
    assert.deepEqual(applied, files.map((file) => file.replace(/\.ts$/, '')));
  });

  it('creates the tables the entities map to, with names unique ignoring case', async () => {
    const tables = await database.orm.em.getConnection().execute<{ table_name: string }[]>(
      `select table_name from information_schema.tables where table_schema = 'public' order by table_name`);
    const names = tables.map((row) => row.table_name);
    const expected = ['player', 'rating', 'game', 'chess_move', 'backgammon_match', 'backgammon_event',
      'league', 'team', 'team_member', 'league_match', 'league_match_player', 'league_player_stats',
      'draft', 'draft_round', 'draft_team', 'game_session', 'journal_entry'];
    for (const table of expected) assert.ok(names.includes(table), `${table} in ${names.join(', ')}`);
    const indexes = await database.orm.em.getConnection().execute<{ indexdef: string }[]>(
      `select indexdef from pg_indexes where tablename = 'player'`);
    assert.ok(indexes.some((index) => /UNIQUE.*\(username_key\)/.test(index.indexdef)));
    const leagueMatch = await database.orm.em.getConnection().execute<{ indexdef: string }[]>(
      `select indexdef from pg_indexes where tablename = 'league_match'`);
    assert.ok(leagueMatch.some((index) => /UNIQUE.*\(league_id, external_id\)/.test(index.indexdef)), 'a match is stored once per league');
  });

  it('leaves nothing between the entities and the migrations (no migration forgotten)', async () => {
    assert.equal(await database.orm.migrator.checkSchema(), false);
  });

  it('applies nothing the second time', async () => {
    assert.deepEqual(await database.migrate(), []);
  });
});
