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

export async function authenticatePlayer(token: string | undefined | null): Promise<PlayerAuth> {
  if (!token) throw new ServerError(ErrorCode.AUTH_FAILED, 'a token is required: POST /api/auth/guest gives one');
  const { tokens, db } = runtime();
  let playerId: string;
  try {
    playerId = (await tokens.verify(token)).playerId;
  } catch (error) {
    if (isAppError(error)) throw new ServerError(ErrorCode.AUTH_FAILED, error.message);
    throw error;
  }
  const player = await findPlayer({ orm: db.orm, id: playerId });
  if (!player) throw new ServerError(ErrorCode.AUTH_FAILED, 'the player of this token does not exist');
  return { id: player.id, username: player.username, guest: player.guest };
}
