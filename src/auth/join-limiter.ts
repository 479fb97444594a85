/**
 * Matchmaking requests are limited per player: creating or joining a room (any `create`, `join`,
 * `joinOrCreate` or `joinById`; a reconnection is not counted) `JOIN_LIMIT` times a minute, 30 by
 * default, in Redis across processes when configured, in memory otherwise.
 *
 * Why: a request is cheap to send and dear to answer. A created room lives until its seat
 * reservation expires, and every room that opens or closes is announced to every lobby member
 * on every process; a join reserves a seat and reads the player's ratings. 30 a minute is far
 * above what a person does (a game, a rematch, a few games watched, a reload), and a player who
 * floods is refused with 429, not the server's other players slowed down. Together with the
 * new-account limit (account-limiter.ts) an address cannot multiply it much.
 */
import type { Redis } from 'ioredis';
import { ServerError } from '@colyseus/core';
import { spend, windowLimiter } from './login-limiter.ts';

export const JOIN_WINDOW_SECONDS = 60;
/** The matchmaker answers with this status (Colyseus uses a ServerError's code as the HTTP status). */
export const TOO_MANY_REQUESTS = 429;

export interface JoinLimiter {
  /** Counts one request of `playerId`; throws a 429 `ServerError` once the minute's are spent. */
  consume(playerId: string): Promise<void>;
}

export function createJoinLimiter(perMinute: number, redis?: Redis): JoinLimiter {
  const byPlayer = windowLimiter('joins:player', perMinute, JOIN_WINDOW_SECONDS, redis);
  return {
    consume: (playerId) => spend(byPlayer, playerId, (seconds) =>
      new ServerError(TOO_MANY_REQUESTS, `too many rooms created or joined; try again in ${seconds} s`)),
  };
}
