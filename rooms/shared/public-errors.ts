/**
 * What a client is told when its create or join fails. A `ServerError` (a refused join: no token,
 * a taken seat, bad options) goes out as it is; a rule's `Refusal` as invalid criteria with its
 * sentence; a database that cannot be reached as 503 (a warning; the matchmaker answers with that
 * status); anything else is a fault of ours: it is logged with its stack, and the client gets one
 * plain sentence, never the exception's text ("Cannot read properties of undefined…", a database
 * address).
 */
import { ErrorCode, ServerError, type Room } from '@colyseus/core';
import { isDatabaseUnavailable } from '../../src/db/unavailable.ts';
import { Refusal } from '../../src/games/refusal.ts';
import type { Logger } from '../../src/log.ts';

export function publicError(error: unknown, log: Logger, during: string): ServerError {
  if (error instanceof ServerError) return error;
  if (error instanceof Refusal) return new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, error.message);
  if (isDatabaseUnavailable(error)) {
    log.warn({ reason: (error as Error).message, during }, 'database unavailable');
    return new ServerError(DATABASE_UNAVAILABLE, 'the database cannot be reached; try again shortly');
  }
  log.error({ err: error, during }, 'a room failed a client\'s request');
  return new ServerError(ErrorCode.APPLICATION_ERROR, `the server could not complete this ${during}; try again`);
}

/** The status the matchmaker answers when the database is down (as `/ready` and the REST API do). */
export const DATABASE_UNAVAILABLE = 503;

type Hook = (...args: never[]) => unknown;

function guarded<F extends Hook>(hook: F, log: () => Logger, during: string): F {
  return ((...args: never[]) => {
    try {
      const result = hook(...args);
      return result instanceof Promise ? result.catch((error: unknown) => { throw publicError(error, log(), during); }) : result;
    } catch (error) {
      throw publicError(error, log(), during);
    }
  }) as F;
}

/** Makes a room's `onCreate` and `onJoin` fail only with errors a client may read. */
export function guardRoomHooks(room: Room, log: () => Logger): void {
  if (room.onCreate) room.onCreate = guarded(room.onCreate.bind(room), log, 'create');
  if (room.onJoin) room.onJoin = guarded(room.onJoin.bind(room), log, 'join');
}
