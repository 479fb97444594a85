/** Resolving the bearer token of a request to a player that exists. */
import type { Request } from 'express';
import { bearerToken } from '../auth/tokens.ts';
import type { Player } from '../db/entities/index.ts';
import { AppError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import { findPlayer } from '../services/player-selectors.ts';

/** The player named by the request's token; `undefined` when the request carries none. */
export async function optionalPlayer(rt: Runtime, req: Request): Promise<Player | undefined> {
  const token = bearerToken(req.get('authorization'));
  if (token === undefined) return undefined;
  const { playerId } = await rt.tokens.verify(token);
  const player = await findPlayer({ orm: rt.db.orm, id: playerId });
  if (!player) throw new AppError('UNKNOWN_PLAYER', 'the player of this token does not exist');
  return player;
}

export async function requirePlayer(rt: Runtime, req: Request): Promise<Player> {
  const player = await optionalPlayer(rt, req);
  if (!player) throw new AppError('UNAUTHORIZED', 'this route needs an Authorization: Bearer token');
  return player;
}

export function isAdmin(rt: Runtime, player: Player): boolean {
  return !player.guest && rt.config.adminUsernames.has(player.usernameKey);
}

/** The player of the request's token if an admin: 401 without a token, 403 FORBIDDEN otherwise. */
export async function requireAdmin(rt: Runtime, req: Request): Promise<Player> {
  const player = await requirePlayer(rt, req);
  if (!isAdmin(rt, player)) throw new AppError('FORBIDDEN', 'only an admin may do this');
  return player;
}
