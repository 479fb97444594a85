/**
 * Finding a draft's journal session. A recorded draft is known by its room id (its public id,
 * `GET /api/drafts/:roomId`), while the DraftRoom opens its journal under a draft id of its own
 * that the draft row does not keep; the session row keeps the room id, so the draft is found by
 * it. A room that was restored after a restart keeps its session (same id), so a draft has one.
 */
import type { Orm } from '../db/orm.ts';

/** The id of the journal session of the draft run in room `roomId` (the latest, should there be more), or undefined. */
export async function draftSessionId({ orm, roomId }: { orm: Orm; roomId: string }): Promise<string | undefined> {
  const [row] = await orm.em.fork().execute<Array<{ id: string }>>(
    `select id from game_session where kind = 'draft' and room_id = ? order by started_at desc, id desc limit 1`, [roomId]);
  return row?.id;
}
