/**
 * A statement run on the database's own client, beside the ORM, for a write so frequent that
 * the ORM's path costs more than the write: MikroORM formats every parameter into the SQL text
 * and goes through its query builder's executor for each call. Here the parameters travel as
 * parameters, and on PostgreSQL the statement is prepared once per connection (named), so a
 * write is one bind and execute. Used by the journal (journal.ts), a write every few ms.
 */
import type { Orm } from './orm.ts';

/** Runs the statement `name` (always the same `text` for a name) with `values` ($1, $2, …). */
export type RunStatement = (name: string, text: string, values: unknown[]) => Promise<void>;

interface PgPool { query(config: { name: string; text: string; values: unknown[] }): Promise<unknown> }
interface Pglite { waitReady: Promise<void>; query(text: string, values: unknown[]): Promise<unknown> }

/** The runner for the ORM's database: the `pg` pool on PostgreSQL, the instance on PGlite. */
export function nativeStatements(orm: Orm): RunStatement {
  let client: Promise<PgPool | Pglite> | undefined;
  return async (name, text, values) => {
    client ??= orm.em.getConnection().getNativeClient() as Promise<PgPool | Pglite>;
    const native = await client.catch((error: unknown) => {
      client = undefined; // not connected yet: asked again next time
      throw error;
    });
    if ('waitReady' in native) await native.query(text, values);
    else await native.query({ name, text, values });
  };
}
