/**
 * A chess clock as clients give it, in seconds (`{ initial, increment }`), in a room's create
 * options and in the lobby's seeks, challenges and pools alike.
 */
import { z } from 'zod';

export const chessTime = z.object({
  initial: z.number().int().min(0).max(3 * 3600),
  increment: z.number().int().min(0).max(180),
}).strict().refine((t) => t.initial + t.increment > 0, 'initial and increment cannot both be 0');
