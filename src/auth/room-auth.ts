/**
 * The one `onAuth` every room uses (as its static `onAuth`, run at matchmaking): the token must
 * be present, correctly signed, unexpired, and name a player who exists. What it returns is
 * the client's `auth`. Identity never comes from join options.
 */
import { ErrorCode, ServerError } from '@colyseus/core';
import { isAppError } from '../errors.ts';
import { runtime } from '../runtime.ts';
import { findPlayer } from '../services/player-selectors.ts';

export interface PlayerAuth {
  id: string;
  username: string;
  guest: boolean;
}

/**
 * Players found at a recent join, so a player joining game after game (and the thousands of
 * joins of a busy process) cost one database read per half minute, not one each. Accounts are
 * never deleted while the server runs; a token still has to be valid at every join.
 */
const KNOWN_FOR_MS = 30_000;
const KNOWN_MAX = 100_000;
const known = new Map<string, { player: PlayerAuth; until: number }>();

async function knownPlayer(id: string): Promise<PlayerAuth | undefined> {
  const now = Date.now();
  const hit = known.get(id);
  if (hit && hit.until > now) return hit.player;
  known.delete(id);
  const found = await findPlayer({ orm: runtime().db.orm, id });
  if (!found) return undefined;
  const player = { id: found.id, username: found.username, guest: found.guest };
  if (known.size >= KNOWN_MAX) known.delete(known.keys().next().value!);
  known.set(id, { player, until: now + KNOWN_FOR_MS });
  return player;
}

/** Forgets what is known of a player (their name or guest status changed). */
export function forgetPlayer(id: string): void {
  known.delete(id);
}

export async function authenticatePlayer(token: string | undefined | null): Promise<PlayerAuth> {
  if (!token) throw new ServerError(ErrorCode.AUTH_FAILED, 'a token is required: POST /api/auth/guest gives one');
  const { tokens } = runtime();
  let playerId: string;
  try {
    playerId = (await tokens.verify(token)).playerId;
  } catch (error) {
    if (isAppError(error)) throw new ServerError(ErrorCode.AUTH_FAILED, error.message);
    throw error;
  }
  const player = await knownPlayer(playerId);
  if (!player) throw new ServerError(ErrorCode.AUTH_FAILED, 'the player of this token does not exist');
  return player;
}

/**
 * A client's create or join: the token's player, counted against the player's matchmaking limit
 * (join-limiter.ts).
 */
export async function authenticateJoin(token: string | undefined | null): Promise<PlayerAuth> {
  const player = await authenticatePlayer(token);
  await runtime().joinLimiter.consume(player.id);
  return player;
}
