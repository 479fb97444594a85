/**
 * A REST body, once parsed, is plain data (src/plain-data.ts: no `__proto__`, `constructor` or
 * `prototype` key at any depth, not nested too deep, no NUL character). Anything else is
 * `400 INVALID_PAYLOAD` naming where.
 */
import type { RequestHandler } from 'express';
import { AppError } from '../errors.ts';
import { plainDataProblem } from '../plain-data.ts';

export const plainBody: RequestHandler = (req, _res, next) => {
  const problem = plainDataProblem(req.body as unknown, 'body');
  if (problem) throw new AppError('INVALID_PAYLOAD', problem);
  next();
};
