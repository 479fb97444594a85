/**
 * Reads of the journal of games in play (src/db/journal.ts) and their hand-over between
 * processes. Raw SQL: a restart reads every entry of every game in play at once, and entities
 * for each would cost far more than the rows. Times are read as epoch ms computed by PostgreSQL
 * (MikroORM's raw queries give `timestamptz` as text like "2026-12-01 10:00:00.123+00").
 */
import { IsolationLevel } from '@mikro-orm/core';
import type { Orm } from '../db/orm.ts';

export interface SessionEntry {
  seq: number;
  /** Epoch ms, server time of the action. */
  at: number;
  entry: unknown;
}

export interface SessionInPlay {
  id: string;
  kind: string;
  roomId: string;
  players: string[];
  setup: unknown;
  owner: string;
  startedAt: Date;
  /** Ordered by seq. */
  entries: SessionEntry[];
  /** The last moment the process running it was known alive (its heartbeat, src/db/heartbeat.ts; epoch ms), when known. */
  aliveAt?: number;
}

interface SessionRow { id: string; kind: string; room_id: string; players: string[]; setup: unknown; owner: string; started_ms: number }
interface InPlayRow extends SessionRow { alive_ms: number | null }
interface EntryRow { session_id: string; seq: number; at_ms: number; entry: unknown }

/** A timestamptz column as epoch ms (exact: the journal stores whole milliseconds). */
const epochMs = (column: string) => `floor(extract(epoch from ${column}) * 1000)::float8`;

const toEntry = (row: EntryRow): SessionEntry => ({ seq: row.seq, at: row.at_ms, entry: row.entry });

/**
 * Every game not ended (of `owner` when given), oldest first, with its entries and its owner's
 * last heartbeat: two queries in one snapshot, so a game ending meanwhile is seen either with
 * all its entries or not at all.
 */
export async function sessionsInPlay({ orm, owner }: { orm: Orm; owner?: string }): Promise<SessionInPlay[]> {
  const byOwner = owner === undefined ? '' : ' and s.owner = ?';
  const params = owner === undefined ? [] : [owner];
  return orm.em.fork().transactional(async (em) => {
    const sessions = await em.execute<InPlayRow[]>(
      `select s.id, s.kind, s.room_id, s.players, s.setup, s.owner, ${epochMs('s.started_at')} as started_ms, ${epochMs('h.alive_at')} as alive_ms
       from game_session s left join node_heartbeat h on h.node = s.owner
       where s.ended_at is null${byOwner} order by s.started_at, s.id`, params);
    const entries = await em.execute<EntryRow[]>(
      `select e.session_id, e.seq, ${epochMs('e.at')} as at_ms, e.entry
       from journal_entry e join game_session s on s.id = e.session_id
       where s.ended_at is null${byOwner} order by e.session_id, e.seq`, params);
    const bySession = new Map<string, SessionEntry[]>(sessions.map((session) => [session.id, []]));
    for (const row of entries) bySession.get(row.session_id)?.push(toEntry(row));
    return sessions.map((row) => ({
      id: row.id, kind: row.kind, roomId: row.room_id, players: row.players, setup: row.setup, owner: row.owner,
      startedAt: new Date(row.started_ms), entries: bySession.get(row.id)!, ...(row.alive_ms === null ? {} : { aliveAt: row.alive_ms }),
    }));
  }, { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
}

/** The entries of one session, in order (ended or not). */
export async function sessionEntries({ orm, sessionId }: { orm: Orm; sessionId: string }): Promise<SessionEntry[]> {
  const rows = await orm.em.fork().execute<EntryRow[]>(
    `select seq, ${epochMs('at')} as at_ms, entry from journal_entry where session_id = ? order by seq`, [sessionId]);
  return rows.map(toEntry);
}

/** The games in play a player is in, oldest first. */
export async function playerSessionsInPlay({ orm, playerId }: { orm: Orm; playerId: string }): Promise<Array<{ id: string; kind: string; roomId: string; startedAt: Date }>> {
  const rows = await orm.em.fork().execute<Array<Pick<SessionRow, 'id' | 'kind' | 'room_id' | 'started_ms'>>>(
    `select id, kind, room_id, ${epochMs('started_at')} as started_ms from game_session
     where ended_at is null and players @> ?::jsonb order by started_at, id`, [JSON.stringify([playerId])]);
  return rows.map((row) => ({ id: row.id, kind: row.kind, roomId: row.room_id, startedAt: new Date(row.started_ms) }));
}

/** The last heartbeat of process `node` (epoch ms), if it ever wrote one. */
export async function nodeAliveAt({ orm, node }: { orm: Orm; node: string }): Promise<number | undefined> {
  const [row] = await orm.em.fork().execute<Array<{ alive_ms: number }>>(
    `select ${epochMs('alive_at')} as alive_ms from node_heartbeat where node = ?`, [node]);
  return row?.alive_ms;
}

/** Hands every game in play of process `from` to process `to`; returns how many. */
export async function adoptSessions({ orm, from, to }: { orm: Orm; from: string; to: string }): Promise<number> {
  const result = await orm.em.fork().execute<{ affectedRows: number }>(
    'update game_session set owner = ? where owner = ? and ended_at is null', [to, from], 'run');
  return result.affectedRows;
}

/** The processes that own games in play, other than `except`. */
export async function ownersInPlay({ orm, except }: { orm: Orm; except: string }): Promise<string[]> {
  const rows = await orm.em.fork().execute<Array<{ owner: string }>>(
    'select distinct owner from game_session where ended_at is null and owner <> ?', [except]);
  return rows.map((row) => row.owner);
}

/** One session, ended or not, with its entries; undefined when there is none of that id. */
export async function findSession({ orm, id }: { orm: Orm; id: string }): Promise<(SessionInPlay & { endedAt: Date | undefined }) | undefined> {
  const [row] = await orm.em.fork().execute<Array<SessionRow & { ended_ms: number | null }>>(
    `select id, kind, room_id, players, setup, owner, ${epochMs('started_at')} as started_ms, ${epochMs('ended_at')} as ended_ms
     from game_session where id = ?`, [id]);
  if (!row) return undefined;
  return {
    id: row.id, kind: row.kind, roomId: row.room_id, players: row.players, setup: row.setup, owner: row.owner,
    startedAt: new Date(row.started_ms), endedAt: row.ended_ms === null ? undefined : new Date(row.ended_ms),
    entries: await sessionEntries({ orm, sessionId: id }),
  };
}
