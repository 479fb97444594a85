/** PROTOCOL §1: guest, register (converting the calling guest), login, me and my games in play; new accounts limited per address. */
import { ServerError } from '@colyseus/core';
import { Router } from 'express';
import { z } from 'zod';
import { forgetPlayer } from '../auth/room-auth.ts';
import { username, usernameKey } from '../auth/usernames.ts';
import type { Player } from '../db/entities/index.ts';
import { AppError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import { checkCredentials, createGuest, registerPlayer } from '../services/players.ts';
import { findPlayerWithRatings } from '../services/player-selectors.ts';
import { gamesInPlay } from '../../rooms/shared/games-in-play.ts';
import { parseInput } from './errors.ts';
import { isAdmin, optionalPlayer, requirePlayer } from './player-auth.ts';

const password = z.string().min(8, 'must be at least 8 characters').max(128, 'must be at most 128 characters');
const registration = z.object({ username, password }).strict();
const credentials = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(128) }).strict();

export function playerView(player: Player) {
  return { id: player.id, username: player.username, guest: player.guest };
}

export function authRoutes(rt: Runtime): Router {
  const router = Router();
  const session = async (player: Player) => ({
    token: await rt.tokens.sign({ playerId: player.id, username: player.username, guest: player.guest }),
    player: playerView(player),
  });

  router.post('/api/auth/guest', async (req, res) => {
    await rt.accountLimiter.consume(req.ip ?? 'unknown');
    const player = await createGuest({ orm: rt.db.orm });
    rt.log.info({ playerId: player.id }, 'guest created');
    res.status(201).json(await session(player));
  });

  router.post('/api/auth/register', async (req, res) => {
    const input = parseInput(registration, req.body);
    const caller = await optionalPlayer(rt, req);
    if (!caller) await rt.accountLimiter.consume(req.ip ?? 'unknown'); // a new account, not a guest's conversion
    const player = await registerPlayer({ orm: rt.db.orm, ...input, guestId: caller?.id });
    forgetPlayer(player.id);
    rt.log.info({ playerId: player.id, converted: caller !== undefined }, 'player registered');
    res.status(201).json(await session(player));
  });

  router.post('/api/auth/login', async (req, res) => {
    const input = parseInput(credentials, req.body);
    const attempt = { usernameKey: usernameKey(input.username), address: req.ip ?? 'unknown' };
    await rt.loginLimiter.check(attempt);
    const player = await checkCredentials({ orm: rt.db.orm, ...input });
    if (!player) {
      await rt.loginLimiter.recordFailure(attempt);
      rt.log.warn({ username: attempt.usernameKey, address: attempt.address }, 'login failed');
      throw new AppError('INVALID_CREDENTIALS', 'wrong username or password');
    }
    await rt.loginLimiter.recordSuccess(attempt);
    rt.log.info({ playerId: player.id }, 'player logged in');
    res.json(await session(player));
  });

  router.get('/api/me', async (req, res) => {
    const { id } = await requirePlayer(rt, req);
    const found = await findPlayerWithRatings({ orm: rt.db.orm, id });
    if (!found) throw new AppError('UNKNOWN_PLAYER', 'the player of this token does not exist');
    const { player, ratings } = found;
    res.json({
      ...playerView(player),
      admin: isAdmin(rt, player),
      createdAt: player.createdAt.toISOString(),
      ratings: Object.fromEntries(ratings.map((rating) => [rating.category, {
        rating: rating.rating,
        rd: rating.rd,
        volatility: rating.volatility,
        games: rating.games,
        updatedAt: rating.updatedAt.toISOString(),
      }])),
    });
  });

  /** A join counted against JOIN_LIMIT over REST: the matchmaker's 429 as this API's RATE_LIMITED. */
  const spendJoin = async (playerId: string) => {
    try {
      await rt.joinLimiter.consume(playerId);
    } catch (error) {
      if (error instanceof ServerError && error.code === 429) throw new AppError('RATE_LIMITED', error.message);
      throw error;
    }
  };

  /**
   * The caller's games in play, each with a fresh seat reservation to take their seat back (after
   * a restart, or from another device). A reservation counts as a join (JOIN_LIMIT).
   */
  router.get('/api/me/games', async (req, res) => {
    const player = playerView(await requirePlayer(rt, req));
    const games = await gamesInPlay({ orm: rt.db.orm, journal: rt.journal, player, log: rt.log, beforeReserving: () => spendJoin(player.id) });
    res.json({ games });
  });

  return router;
}
