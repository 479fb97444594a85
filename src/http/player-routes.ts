/** Player profiles, their games, and the leaderboards. */
import { Router } from 'express';
import { z } from 'zod';
import { USERNAME_PATTERN } from '../auth/usernames.ts';
import { Rating } from '../db/entities/index.ts';
import { AppError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import { findPlayerByName, playerGames, playerResults } from '../services/game-selectors.ts';
import { asOf, leaderboard } from '../services/rating-selectors.ts';
import { parseInput } from './errors.ts';
import { gameSummary } from './game-routes.ts';

/** Categories that have a leaderboard: the rated chess speeds (Glicko-2) and backgammon (FIBS). */
export const RATED_CATEGORIES = ['ultrabullet', 'bullet', 'blitz', 'rapid', 'classical', 'backgammon'] as const;

const paging = z.object({
  page: z.coerce.number().int().min(1).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(20),
}).strict();

export function playerRoutes(rt: Runtime): Router {
  const router = Router();

  async function playerOr404(username: string) {
    // A name no player can have (a NUL, a space, …) is not looked up: nobody has it.
    const player = USERNAME_PATTERN.test(username) ? await findPlayerByName({ orm: rt.db.orm, username }) : undefined;
    if (!player) throw new AppError('NOT_FOUND', `no player named ${username}`);
    return player;
  }

  router.get('/api/players/:username', async (req, res) => {
    const player = await playerOr404(String(req.params.username));
    const now = rt.scheduler.now();
    const [ratings, results] = await Promise.all([
      rt.db.orm.em.fork().find(Rating, { player }, { orderBy: { category: 'asc' } }),
      playerResults({ orm: rt.db.orm, playerId: player.id }),
    ]);
    res.json({
      id: player.id, username: player.username, guest: player.guest, createdAt: player.createdAt.toISOString(),
      ratings: Object.fromEntries(ratings.map((row) => {
        const live = asOf(row, now);
        const view = { rating: Math.round(live.rating), rd: Math.round(live.rd), provisional: live.provisional, games: row.games };
        return [row.category, live.experience === undefined ? view : { ...view, experience: live.experience }];
      })),
      results,
    });
  });

  router.get('/api/players/:username/games', async (req, res) => {
    const { page, perPage } = parseInput(paging, req.query);
    const player = await playerOr404(String(req.params.username));
    const { games, total } = await playerGames({ orm: rt.db.orm, playerId: player.id, page, perPage });
    res.json({ page, perPage, total, games: games.map(gameSummary) });
  });

  router.get('/api/leaderboard/:category', async (req, res) => {
    const category = String(req.params.category);
    if (!RATED_CATEGORIES.includes(category as never)) {
      throw new AppError('NOT_FOUND', `no leaderboard for "${category}"; there are ${RATED_CATEGORIES.join(', ')}`);
    }
    res.json({ category, players: await leaderboard({ orm: rt.db.orm, category, now: rt.scheduler.now() }) });
  });

  return router;
}
