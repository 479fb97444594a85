/**
 * Whether an error means the database cannot be reached (down, restarting, refusing
 * connections, the network cut), as opposed to a query that failed. Such a request is answered
 * `503 DATABASE_UNAVAILABLE` with `Retry-After`, like `/ready`, and not as a server fault.
 *
 * Recognised: MikroORM's `ConnectionException`; the socket errors node-postgres passes on
 * (`ECONNREFUSED`, `ECONNRESET`, `ETIMEDOUT`, …); PostgreSQL's SQLSTATE class 08 (connection
 * exception), 57P01–57P03 (the server shutting down or starting) and 53300 (too many
 * connections); and the messages node-postgres, pg-pool and knex/tarn use for a lost or
 * unobtainable connection. MikroORM wraps the driver's error with its fields copied, and other
 * layers may put it in `cause`, so the chain is followed.
 */
import { ConnectionException } from '@mikro-orm/core';

const SOCKET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
]);

const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

const MESSAGES = [
  /^Connection terminated/i, // node-postgres: "… unexpectedly", "… due to connection timeout"
  /timeout exceeded when trying to connect/i, // pg-pool
  /is not queryable/i, // node-postgres: a client that has met a connection error
  /timeout acquiring a connection/i, // knex (tarn)
];

interface ErrorFields { code?: unknown; sqlState?: unknown; message?: unknown; cause?: unknown }

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof ConnectionException) return true;
    const { code, sqlState, message, cause } = current as ErrorFields;
    for (const state of [code, sqlState]) {
      if (typeof state !== 'string') continue;
      if (SOCKET_CODES.has(state) || SQLSTATES.has(state) || /^08[0-9A-Z]{3}$/.test(state)) return true;
    }
    if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
    current = cause;
  }
  return false;
}
