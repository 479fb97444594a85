/** The lobby's client messages (PROTOCOL §6), one schema each. */
import { z } from 'zod';
import { GAME_NAMES, LOBBY_GAMES } from '../../src/lobby/catalog.ts';

export const ratingRange = z.tuple([z.number().int().min(0).max(4000), z.number().int().min(0).max(4000)])
  .refine(([min, max]) => min <= max, 'min is above max');

const color = z.enum(['white', 'black', 'random']).default('random');

/** One strict object per game: its settings plus the fields every offer has. */
function perGame<Extra extends z.ZodRawShape>(extra: Extra) {
  const options = GAME_NAMES.map((name) => z.object({
    game: z.literal(name), rated: z.boolean().default(false), color, ...extra, ...LOBBY_GAMES[name]!.settings,
  }).strict());
  return z.discriminatedUnion('game', options as [typeof options[number], ...typeof options]);
}

/** A seek or a challenge as parsed: common fields, plus the game's own settings. */
export interface OfferInput {
  game: string;
  rated: boolean;
  color: 'white' | 'black' | 'random';
  [setting: string]: unknown;
}

export const seek = perGame({ ratingRange: ratingRange.optional() }) as unknown as z.ZodType<OfferInput & { ratingRange?: [number, number] }>;
export const challenge = perGame({ to: z.string().trim().min(1).max(32) }) as unknown as z.ZodType<OfferInput & { to: string }>;
export const byId = z.object({ id: z.string().min(1).max(64) }).strict();
export const queue = z.object({ pool: z.string().min(1).max(40), rated: z.boolean().optional() }).strict();
export const queueLeave = z.object({ pool: z.string().min(1).max(40).optional() }).strict();
export const range = z.object({ ratingRange: ratingRange.nullable() }).strict();

/** The settings part of a parsed seek or challenge (what the game's catalog entry defined). */
export function settingsOf(input: Record<string, unknown>): Record<string, unknown> {
  const game = LOBBY_GAMES[input.game as string]!;
  return Object.fromEntries(Object.keys(game.settings).map((key) => [key, input[key]]));
}
