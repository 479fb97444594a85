/**
 * A REST body, once parsed, is plain data (src/plain-data.ts: no `__proto__`, `constructor` or
 * `prototype` key at any depth, not nested too deep) with no NUL character in any string or key
 * (PostgreSQL cannot store one in text or jsonb, so no valid value has one; unchecked, it would
 * reach the database and fail there). Anything else is `400 INVALID_PAYLOAD` naming where.
 */
import type { RequestHandler } from 'express';
import { AppError } from '../errors.ts';
import { plainDataProblem } from '../plain-data.ts';

/** Where `value` (plain data) has a NUL in a string or a key, or undefined. */
function nulProblem(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? `${path} contains a NUL character` : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\0')) return `${path} has a key with a NUL character`;
    const problem = nulProblem(item, `${path}.${key}`);
    if (problem) return problem;
  }
  return undefined;
}

export const plainBody: RequestHandler = (req, _res, next) => {
  const body: unknown = req.body;
  const problem = plainDataProblem(body, 'body') ?? nulProblem(body, 'body');
  if (problem) throw new AppError('INVALID_PAYLOAD', problem);
  next();
};
