/**
 * The chess room's create options (PROTOCOL §3). Clients give a time control, a colour and,
 * for casual games, a start position; `rated` and `seats` come only from the server (the lobby,
 * a rematch), see rooms/shared/server-options.ts. A start position that cannot start a game is
 * refused with a message "INVALID_POSITION: " and the reason (src/games/chess/position-check.ts).
 */
import { ErrorCode, ServerError } from '@colyseus/core';
import { z } from 'zod';
import { STANDARD_FEN } from '../../src/games/chess/game.ts';
import { chessTime } from '../../src/games/chess/time-settings.ts';
import { illegalPosition } from '../../src/games/chess/position-check.ts';
import type { TimeControl } from '../../src/games/clock/time-control.ts';
import { parseOptions } from '../shared/server-options.ts';


/** The create options; also what a join may carry (the creator joins with them). */
export const chessOptions = z.object({
  time: chessTime.nullable().default(null),
  color: z.enum(['white', 'black', 'random']).default('random'),
  fen: z.string().max(100).optional(),
  spectate: z.boolean().optional(),
  rated: z.boolean().optional(),
  seats: z.object({ white: z.string(), black: z.string() }).strict().optional(),
}).strict();

export interface ChessSettings {
  control: TimeControl | null;
  color: 'white' | 'black' | 'random';
  fen: string;
  rated: boolean;
  /** Player ids the seats belong to (server-created rooms). */
  seats: { white: string; black: string } | undefined;
}

export function parseChessOptions(raw: unknown): ChessSettings {
  const { time: t, color, fen = STANDARD_FEN, rated = false, seats } = parseOptions(chessOptions, raw, 'chess options');
  const refuse = (message: string) => { throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, message); };
  const problem = fen === STANDARD_FEN ? undefined : illegalPosition(fen);
  if (problem) refuse(`INVALID_POSITION: ${problem}`);
  if (rated && fen !== STANDARD_FEN) refuse('a rated game starts from the standard position');
  if (rated && t === null) refuse('a rated game needs a time control');
  return {
    control: t === null ? null : { initialMs: t.initial * 1000, incrementMs: t.increment * 1000 },
    color, fen, rated, seats,
  };
}

/** The options that recreate these settings for a rematch, colours swapped by the caller. */
export function rematchOptions(settings: ChessSettings): Record<string, unknown> {
  return {
    time: settings.control && { initial: settings.control.initialMs / 1000, increment: settings.control.incrementMs / 1000 },
    ...(settings.fen !== STANDARD_FEN ? { fen: settings.fen } : {}),
    rated: settings.rated,
  };
}
