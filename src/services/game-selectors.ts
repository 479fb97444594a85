/** Reads of recorded games for the REST API. */
import { ChessMove, Game, Player } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';

export async function findGame({ orm, id }: { orm: Orm; id: string }): Promise<{ game: Game; moves: ChessMove[] } | undefined> {
  const em = orm.em.fork();
  const game = await em.findOne(Game, { id }, { populate: ['white', 'black'] });
  if (!game) return undefined;
  const moves = game.kind === 'chess' ? await em.find(ChessMove, { game }, { orderBy: { ply: 'asc' } }) : [];
  return { game, moves };
}

export async function findPlayerByName({ orm, username }: { orm: Orm; username: string }): Promise<Player | undefined> {
  return await orm.em.fork().findOne(Player, { usernameKey: username.toLowerCase() }) ?? undefined;
}

export async function playerGames({ orm, playerId, page, perPage }: {
  orm: Orm; playerId: string; page: number; perPage: number;
}): Promise<{ games: Game[]; total: number }> {
  const [games, total] = await orm.em.fork().findAndCount(Game,
    { $or: [{ white: playerId }, { black: playerId }] },
    { orderBy: { endedAt: 'desc', id: 'asc' }, limit: perPage, offset: (page - 1) * perPage, populate: ['white', 'black'] });
  return { games, total };
}

export interface Results { games: number; wins: number; losses: number; draws: number }

/** Wins, losses and draws of a player in finished (not aborted) games, in all and by game. */
export async function playerResults({ orm, playerId }: { orm: Orm; playerId: string }): Promise<Results & { byGame: Record<string, Results> }> {
  const rows = await orm.em.fork().getConnection().execute<Array<{ kind: string; games: string; wins: string; draws: string }>>(
    `select kind, count(*) as games,
       count(*) filter (where (white_id = ? and winner = 'white') or (black_id = ? and winner = 'black')) as wins,
       count(*) filter (where winner is null) as draws
     from game where (white_id = ? or black_id = ?) and not aborted group by kind`,
    [playerId, playerId, playerId, playerId]);
  const byGame: Record<string, Results> = {};
  const all: Results = { games: 0, wins: 0, losses: 0, draws: 0 };
  for (const row of rows) {
    const games = Number(row.games);
    const wins = Number(row.wins);
    const draws = Number(row.draws);
    byGame[row.kind] = { games, wins, draws, losses: games - wins - draws };
    all.games += games;
    all.wins += wins;
    all.draws += draws;
    all.losses += games - wins - draws;
  }
  return { ...all, byGame };
}
