/**
 * Recording a finished chess game: the game, its moves and, when it counts for rating, both
 * players' new Glicko-2 ratings, in one transaction. Idempotent on the game id: recording the
 * same game twice stores it once and returns what was stored the first time.
 */
import { ChessMove, Game, Player } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';
import type { Category } from '../games/clock/time-control.ts';
import type { Outcome } from '../games/chess/outcome.ts';
import type { BySide } from '../games/side.ts';
import { LICHESS, rateGame, type Score } from '../ratings/glicko2.ts';
import { asOf } from './rating-selectors.ts';
import { lockRatings, ratingChange, ratingsIfRecordedTwice, storedRatings, type RatingChange, type RecordedRatings } from './rating-rows.ts';

export interface FinishedChessGame {
  id: string;
  roomId: string;
  rated: boolean;
  category: Category;
  /** PGN notation: "180+2", "-". */
  timeControl: string;
  /** Each player's rating in the category before the game; undefined for one never rated in it. */
  players: BySide<{ id: string; rating: number | undefined }>;
  outcome: Outcome;
  startedAt: Date;
  endedAt: Date;
  initialFen: string;
  finalFen: string;
  moves: ReadonlyArray<{ san: string; uci: string; clockMs: number | null; spentMs: number }>;
}

export type { RatingChange, RecordedRatings };

/** lichess rates a game only if it is rated, finished (not aborted) and both players moved. */
export function countsForRating(game: Pick<FinishedChessGame, 'rated' | 'outcome' | 'moves'>): boolean {
  return game.rated && game.outcome.termination !== 'aborted' && game.moves.length >= 2;
}

function whiteScore(outcome: Outcome): Score {
  return outcome.winner === 'white' ? 1 : outcome.winner === 'black' ? 0 : 0.5;
}

export async function recordChessGame({ orm, game }: { orm: Orm; game: FinishedChessGame }): Promise<RecordedRatings> {
  const rated = countsForRating(game);
  try {
    return await orm.em.transactional(async (em) => {
      // Locking first serialises two recordings of one rated game, so the second sees the first.
      const rows = rated
        ? await lockRatings(em, { white: game.players.white.id, black: game.players.black.id }, game.category, { ...LICHESS.initial, experience: 0 }, game.endedAt)
        : undefined;
      const existing = await em.findOne(Game, { id: game.id });
      if (existing) return storedRatings(existing);

      let ratings: RecordedRatings;
      if (rows) {
        const at = game.endedAt.getTime();
        const before = { white: asOf(rows.white, at), black: asOf(rows.black, at) };
        const after = rateGame({ white: before.white, black: before.black, score: whiteScore(game.outcome) });
        for (const side of ['white', 'black'] as const) {
          const { rating, rd, volatility } = after[side];
          Object.assign(rows[side], { rating, rd, volatility, games: rows[side].games + 1, updatedAt: game.endedAt });
        }
        ratings = {
          white: ratingChange(before.white.rating, after.white.rating),
          black: ratingChange(before.black.rating, after.black.rating),
        };
      }

      const record = em.create(Game, {
        id: game.id,
        kind: 'chess',
        roomId: game.roomId,
        rated: game.rated,
        category: game.category,
        timeControl: game.timeControl,
        white: em.getReference(Player, game.players.white.id),
        black: em.getReference(Player, game.players.black.id),
        whiteRatingBefore: ratings?.white.before ?? game.players.white.rating ?? null,
        blackRatingBefore: ratings?.black.before ?? game.players.black.rating ?? null,
        whiteRatingAfter: ratings?.white.after ?? null,
        blackRatingAfter: ratings?.black.after ?? null,
        result: game.outcome.termination === 'aborted' ? null : game.outcome.result,
        termination: game.outcome.termination,
        winner: game.outcome.winner ?? null,
        aborted: game.outcome.termination === 'aborted',
        plies: game.moves.length,
        initialPosition: game.initialFen,
        finalPosition: game.finalFen,
        startedAt: game.startedAt,
        endedAt: game.endedAt,
      });
      game.moves.forEach((move, index) => {
        em.create(ChessMove, { game: record, ply: index + 1, ...move });
      });
      return ratings;
    });
  } catch (error) {
    return ratingsIfRecordedTwice(orm, game.id, error);
  }
}
