/**
 * The backgammon room's create options (PROTOCOL §4): match length (0 = money game), an optional
 * delay-and-reserve clock in seconds, the Jacoby rule for money play, and the creator's dice
 * seed. `rated` and `seats` come only from the server (the lobby), see rooms/shared/server-options.ts.
 */
import { ErrorCode, ServerError } from '@colyseus/core';
import { z } from 'zod';
import { CLIENT_SEED_MAX_LENGTH, isClientSeed } from '../../src/games/backgammon/dice.ts';
import { backgammonClock, matchLength } from '../../src/games/backgammon/settings.ts';
import type { DelayControl } from '../../src/games/clock/delay-clock.ts';
import { parseOptions } from '../shared/server-options.ts';

export const clientSeed = z.string().max(CLIENT_SEED_MAX_LENGTH).refine(isClientSeed, `is 1–${CLIENT_SEED_MAX_LENGTH} visible ASCII characters`);

/** The create options; also what a join may carry (the creator joins with them). */
export const backgammonOptions = z.object({
  matchLength: matchLength.default(1),
  clock: backgammonClock.nullable().default(null),
  jacoby: z.boolean().default(false),
  clientSeed: clientSeed.optional(),
  spectate: z.boolean().optional(),
  rated: z.boolean().optional(),
  seats: z.object({ white: z.string(), black: z.string() }).strict().optional(),
}).strict();

export interface BackgammonSettings {
  matchLength: number;
  control: DelayControl | null;
  jacoby: boolean;
  rated: boolean;
  seats: { white: string; black: string } | undefined;
}

function refuse(message: string): never {
  throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, message);
}

export function parseBackgammonOptions(raw: unknown): BackgammonSettings {
  const { matchLength: length, clock, jacoby, rated = false, seats } = parseOptions(backgammonOptions, raw, 'backgammon options');
  if (jacoby && length > 0) refuse('the Jacoby rule is for money games (matchLength 0) only');
  return {
    matchLength: length,
    control: clock === null ? null : { delayMs: clock.delay * 1000, reserveMs: clock.reserve * 1000 },
    jacoby, rated, seats,
  };
}

/** "12+600" (delay + reserve, seconds) or "-" without a clock, for listings and records. */
export function formatDelayControl(control: DelayControl | null): string {
  return control === null ? '-' : `${control.delayMs / 1000}+${control.reserveMs / 1000}`;
}
