/**
 * The games the lobby can pair, and for each: the settings a seek, a challenge or a pool carries,
 * the rating category they fall in, and the options that create its room. Pools for other games
 * arrive with their rooms.
 */
import { z } from 'zod';
import { backgammonClock, matchLength } from '../games/backgammon/settings.ts';
import { chessTime } from '../games/chess/time-settings.ts';
import { categoryOf } from '../games/clock/time-control.ts';

export interface LobbyGame {
  /** The room type games are played in. */
  room: string;
  /** The game's own settings fields in seek, challenge and pool payloads. */
  settings: z.ZodRawShape;
  category(settings: Record<string, unknown>): string;
  /** Why these settings cannot be rated, if they cannot. */
  unratable(settings: Record<string, unknown>): string | undefined;
  roomOptions(settings: Record<string, unknown>): Record<string, unknown>;
  /** Quick-pairing pools by key (the part after "chess:"), with their settings. */
  pools: Record<string, Record<string, unknown>>;
}

type ChessTime = z.infer<typeof chessTime> | null;
const chessCategory = (time: ChessTime) =>
  categoryOf(time === null ? null : { initialMs: time.initial * 1000, incrementMs: time.increment * 1000 });

/** lichess's quick-pairing clocks, minutes + seconds. */
const CHESS_POOLS = ['1+0', '2+1', '3+0', '3+2', '5+0', '5+3', '10+0', '10+5', '15+10', '30+0', '30+20'];

/**
 * Backgammon quick-pairing pools by match length, each with the USBGF tournament clock: a 12 s
 * delay per action and a reserve of 2 minutes per point of the match.
 */
const BACKGAMMON_POOLS = [1, 5, 7];

export const LOBBY_GAMES: Record<string, LobbyGame> = {
  chess: {
    room: 'chess',
    settings: { time: chessTime.nullable().default(null) },
    category: (settings) => chessCategory(settings.time as ChessTime),
    unratable: (settings) => settings.time === null ? 'a rated game needs a time control' : undefined,
    roomOptions: (settings) => ({ time: settings.time }),
    pools: Object.fromEntries(CHESS_POOLS.map((key) => {
      const [minutes, seconds] = key.split('+').map(Number) as [number, number];
      return [key, { time: { initial: minutes * 60, increment: seconds } }];
    })),
  },
  backgammon: {
    room: 'backgammon',
    settings: { matchLength: matchLength.default(5), clock: backgammonClock.nullable().default(null) },
    category: () => 'backgammon',
    unratable: (settings) => settings.matchLength === 0 ? 'money games are not rated (FIBS rates matches)' : undefined,
    roomOptions: (settings) => ({ matchLength: settings.matchLength, clock: settings.clock }),
    pools: Object.fromEntries(BACKGAMMON_POOLS.map((length) => [String(length), { matchLength: length, clock: { delay: 12, reserve: 120 * length } }])),
  },
};

export const GAME_NAMES = Object.keys(LOBBY_GAMES) as [string, ...string[]];

/** "chess:3+2" → the game and the pool's settings, or undefined for an unknown pool. */
export function findPool(name: string): { pool: string; game: string; settings: Record<string, unknown> } | undefined {
  // Exactly "game:key", each an own entry: "chess:3+0:x", "chess:constructor" or "__proto__:1" is no pool.
  const parts = name.split(':');
  if (parts.length !== 2) return undefined;
  const [game, key] = parts as [string, string];
  const entry = Object.hasOwn(LOBBY_GAMES, game) ? LOBBY_GAMES[game]! : undefined;
  const settings = entry && Object.hasOwn(entry.pools, key) ? entry.pools[key] : undefined;
  return settings ? { pool: name, game, settings } : undefined;
}

export function poolNames(): string[] {
  return Object.entries(LOBBY_GAMES).flatMap(([game, entry]) => Object.keys(entry.pools).map((key) => `${game}:${key}`));
}
