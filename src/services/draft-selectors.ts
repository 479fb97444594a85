/** Reads of recorded drafts for the REST API. */
import { Draft, DraftRound, DraftTeam } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';

export interface StoredDraft {
  draft: Draft;
  /** In turn order (`n` from 1). */
  rounds: DraftRound[];
  /** In the organiser's order (`index` from 0), captains loaded. */
  teams: DraftTeam[];
}

/** A recorded draft by its public id (the room id), with its turns, teams and event log. */
export async function draftById({ orm, roomId }: { orm: Orm; roomId: string }): Promise<StoredDraft | undefined> {
  const em = orm.em.fork();
  const draft = await em.findOne(Draft, { roomId }, { populate: ['organiser'] });
  if (!draft) return undefined;
  const rounds = await em.find(DraftRound, { draft }, { orderBy: { n: 'asc' } });
  const teams = await em.find(DraftTeam, { draft }, { orderBy: { index: 'asc' }, populate: ['captain'] });
  return { draft, rounds, teams };
}
