/**
 * How every room reads a payload and answers a refusal: a payload is a plain object or nothing
 * (src/plain-data.ts: not a `Date`, an array, a `__proto__` key…), of the message's shape, else
 * `INVALID_PAYLOAD`; a refusal goes to its sender alone as `error { code, message, request }`;
 * anything unexpected is logged and answered `INTERNAL_ERROR`. The connection stays open.
 */
import type { Client } from '@colyseus/core';
import type { z } from 'zod';
import { Refusal } from '../../src/games/refusal.ts';
import { describeIssues } from '../../src/input-issues.ts';
import { plainDataProblem } from '../../src/plain-data.ts';
import type { Logger } from '../../src/log.ts';

export function parsePayload<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new Refusal('INVALID_PAYLOAD', 'payload must be an object, or nothing');
    const problem = plainDataProblem(raw);
    if (problem) throw new Refusal('INVALID_PAYLOAD', problem);
  }
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw new Refusal('INVALID_PAYLOAD', describeIssues(parsed.error.issues, 'payload'));
}

export function replyRefusal(client: Client, request: string, error: unknown, log: Logger): void {
  if (error instanceof Refusal) {
    client.send('error', { code: error.code, message: error.message, request });
    return;
  }
  log.error({ err: error, request, sessionId: client.sessionId }, 'message handler failed');
  client.send('error', { code: 'INTERNAL_ERROR', message: 'the server could not handle this message', request });
}
