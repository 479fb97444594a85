/**
 * What seeks, pools and challenges share on the way to a game: whether an offer may be rated for
 * its players, holding both players while their game is made (so no other pairing, on any
 * process, takes either meanwhile), and the `start` function each is given, which makes the game
 * (start-game.ts), logs the match, and answers a failure with `MATCH_FAILED`.
 */
import type { PlayerAuth } from '../../src/auth/room-auth.ts';
import { Refusal } from '../../src/games/refusal.ts';
import type { Logger } from '../../src/log.ts';
import type { LobbyGame } from '../../src/lobby/catalog.ts';
import type { LobbyExchange } from './exchange.ts';
import { startGame, type GameToStart } from './start-game.ts';

/** Refuses a rated offer with a guest among its players, or with settings that cannot be rated. */
export function checkRated(rated: boolean, settings: Record<string, unknown>, game: LobbyGame, players: readonly PlayerAuth[]): void {
  if (!rated) return;
  if (players.some((player) => player.guest)) throw new Refusal('REGISTRATION_REQUIRED', 'rated games are for registered players');
  const why = game.unratable(settings);
  if (why) throw new Refusal('INVALID_PAYLOAD', why);
}

/** Runs `work` with these players claimed, so no other pairing can take them meanwhile. */
export async function together(exchange: LobbyExchange, playerIds: readonly string[], work: () => Promise<void>): Promise<void> {
  const release = await exchange.claim(playerIds);
  if (!release) throw new Refusal('PLAYER_BUSY', 'a player is being paired elsewhere right now; try again');
  try {
    await work();
  } finally {
    await release();
  }
}

/** Starts a matched game; refused with `MATCH_FAILED` (and logged) when it cannot be created. */
export type StartMatch = (game: GameToStart) => Promise<void>;

export function matchStarter(exchange: LobbyExchange, log: Logger): StartMatch {
  return async (game) => {
    try {
      const roomId = await startGame(exchange, game);
      log.info({ roomId, game: game.game, rated: game.rated, players: game.players.map((p) => p.id) }, 'players matched');
    } catch (error) {
      log.error({ err: error }, 'could not start a matched game');
      throw new Refusal('MATCH_FAILED', 'the game could not be created; try again');
    }
  };
}
