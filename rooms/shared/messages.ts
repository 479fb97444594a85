/**
 * How every room reads a payload and answers a refusal: a payload of the wrong shape is
 * `INVALID_PAYLOAD`; a refusal goes to its sender alone as `error { code, message, request }`;
 * anything unexpected is logged and answered `INTERNAL_ERROR`. The connection stays open.
 */
import type { Client } from '@colyseus/core';
import type { z } from 'zod';
import { Refusal } from '../../src/games/refusal.ts';
import type { Logger } from '../../src/log.ts';

export function parsePayload<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw new Refusal('INVALID_PAYLOAD', parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'} ${i.message}`).join('; '));
}

export function replyRefusal(client: Client, request: string, error: unknown, log: Logger): void {
  if (error instanceof Refusal) {
    client.send('error', { code: error.code, message: error.message, request });
    return;
  }
  log.error({ err: error, request, sessionId: client.sessionId }, 'message handler failed');
  client.send('error', { code: 'INTERNAL_ERROR', message: 'the server could not handle this message', request });
}
