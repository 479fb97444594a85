/**
 * Every HTTP error is `{ error: { code, message } }` with the status its code calls for; an
 * unexpected error is logged and answered 500 without its details. What a client caused (a bad
 * body, a path that is not valid percent-encoding) is its 4xx, and a database that cannot be
 * reached is `503 DATABASE_UNAVAILABLE` with `Retry-After`, logged as a warning, not a fault.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError, isAppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { describeIssues, firstIssues } from '../input-issues.ts';

const STATUS_BY_CODE: Record<string, number> = {
  INVALID_PAYLOAD: 400,
  INVALID_JSON: 400,
  USERNAME_RESERVED: 400,
  INVALID_OPTIONS: 400,
  DUPLICATE_PLAYER: 400,
  SAME_TEAM: 400,
  UNAUTHORIZED: 401,
  INVALID_TOKEN: 401,
  TOKEN_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  UNKNOWN_PLAYER: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NO_SUCH_LEAGUE: 404,
  NO_SUCH_PLAYER: 404,
  NO_SUCH_TEAM: 404,
  USERNAME_TAKEN: 409,
  ALREADY_REGISTERED: 409,
  LEAGUE_EXISTS: 409,
  TEAM_EXISTS: 409,
  MATCH_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  NOT_READY: 503,
  DATABASE_UNAVAILABLE: 503,
};

/** Seconds a client is told to wait when the database cannot be reached. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

export function statusOf(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}

/** Parses `value` with `schema` or throws `INVALID_PAYLOAD` listing each bad field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new AppError('INVALID_PAYLOAD', describeIssues(result.error.issues, 'body'), { fields: firstIssues(result.error.issues) });
}

export const notFound: RequestHandler = (req) => {
  throw new AppError('NOT_FOUND', `no route for ${req.method} ${req.path}`);
};

/** body-parser's errors carry a `type`; the router's failure to decode a path is a URIError. */
function clientError(error: { type?: string; status?: number }): AppError | undefined {
  switch (error.type) {
    case 'entity.too.large': return new AppError('PAYLOAD_TOO_LARGE', 'the request body is too large');
    case 'entity.parse.failed': return new AppError('INVALID_JSON', 'the request body is not valid JSON');
    case 'request.size.invalid': return new AppError('INVALID_PAYLOAD', 'the request body is not as long as its Content-Length says');
    case 'request.aborted': return new AppError('INVALID_PAYLOAD', 'the request body was cut short');
    case 'encoding.unsupported': return new AppError('UNSUPPORTED_MEDIA_TYPE', 'a compressed request body is not supported (Content-Encoding must be identity)');
    case 'charset.unsupported': return new AppError('UNSUPPORTED_MEDIA_TYPE', 'the request body charset is not supported');
  }
  if (error instanceof URIError && error.status === 400) {
    return new AppError('INVALID_PAYLOAD', 'the path is not valid percent-encoding');
  }
  return undefined;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let known = isAppError(error) ? error : clientError(error as { type?: string });
    if (!known && isDatabaseUnavailable(error)) {
      log.warn({ reason: (error as Error).message, method: req.method, path: req.path }, 'database unavailable');
      known = new AppError('DATABASE_UNAVAILABLE', 'the database cannot be reached; try again shortly',
        { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
    }
    if (!known) {
      log.error({ err: error, method: req.method, path: req.path }, 'request failed');
      res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error' } });
      return;
    }
    const status = statusOf(known.code);
    const details = known.details as { retryAfterSeconds?: number; fields?: unknown } | undefined;
    if (details?.retryAfterSeconds) res.setHeader('Retry-After', String(details.retryAfterSeconds));
    res.status(status).json({
      error: { code: known.code, message: known.message, ...(details?.fields ? { fields: details.fields } : {}) },
    });
  };
}
