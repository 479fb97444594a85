/**
 * A backgammon match's settings as clients give them, in a room's create options and in the
 * lobby's seeks, challenges and pools alike: the match length (0 = money game) and an optional
 * delay-and-reserve clock in seconds.
 */
import { z } from 'zod';
import { MAX_MATCH_LENGTH } from './match.ts';

export const backgammonClock = z.object({
  delay: z.number().int().min(0).max(120),
  reserve: z.number().int().min(0).max(4 * 3600),
}).strict().refine((c) => c.delay + c.reserve > 0, 'delay and reserve cannot both be 0');

export const matchLength = z.number().int().min(0).max(MAX_MATCH_LENGTH);
