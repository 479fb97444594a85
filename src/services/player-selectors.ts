/** Reads about players, for the REST API and for room joins. */
import { Player, Rating } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';

export async function findPlayer({ orm, id }: { orm: Orm; id: string }): Promise<Player | undefined> {
  return await orm.em.fork().findOne(Player, { id }) ?? undefined;
}

export async function findPlayerWithRatings({ orm, id }: { orm: Orm; id: string }): Promise<{ player: Player; ratings: Rating[] } | undefined> {
  const em = orm.em.fork();
  const player = await em.findOne(Player, { id });
  if (!player) return undefined;
  const ratings = await em.find(Rating, { player }, { orderBy: { category: 'asc' } });
  return { player, ratings };
}
