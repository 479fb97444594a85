import { z } from 'zod';

/** `?at=`: how many events of a game's log to replay, a whole number (its upper bound is checked against the game). */
export const replayQuery = z.object({
  at: z.string().regex(/^\d{1,9}$/, 'must be a whole number of events, 0 or more').transform(Number).optional(),
}).strict();
