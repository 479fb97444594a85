/**
 * Recording a finished backgammon match: the common `game` row, its `backgammon_match` row
 * (rules, score, dice commit and revealed seed), every event of its log in order and, when it
 * counts for rating, both players' new FIBS ratings, in one transaction. Idempotent on the game
 * id: recording the same match twice stores it once and returns what was stored the first time.
 *
 * The common game row in backgammon's words: `result` "1-0"/"0-1" by the match winner (null when
 * aborted), `plies` the number of plays (`play` events; passes and cube actions not counted),
 * `initialPosition`/`finalPosition` gnubg Position IDs (the first game's start seen by white; the
 * last position seen by the player on roll, white when nobody is), `timeControl` "12s+600s"
 * (delay + reserve) or "-". Ratings use the FIBS formula (src/ratings/fibs.ts) in the
 * `backgammon` category: `rating` holds the FIBS rating, `experience` the FIBS experience, and
 * rd/volatility stay 0 (rating-selectors.ts reads such rows without any Glicko-2 math).
 */
import { BackgammonEvent, BackgammonMatchRecord, Game, Player, Rating } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';
import { replay, type MatchEvent, type MatchOptions } from '../games/backgammon/events.ts';
import { positionId } from '../games/backgammon/gnubg-id.ts';
import { startingPosition, type Position } from '../games/backgammon/position.ts';
import type { Termination } from '../games/backgammon/scoring.ts';
import { opposite, type BySide, type Side } from '../games/side.ts';
import { FIBS_INITIAL, fibsRatingChange } from '../ratings/fibs.ts';
import { lockRatings, ratingChange, ratingsIfRecordedTwice, storedRatings, type RatingChange, type RecordedRatings } from './rating-rows.ts';
import { BACKGAMMON_CATEGORY } from './rating-selectors.ts';

export type { RatingChange, RecordedRatings };

const EVENT_INSERT_CHUNK = 1000;

export interface FinishedBackgammonMatch {
  id: string;                 // uuid, the game id (idempotency key)
  roomId: string;
  rated: boolean;
  players: BySide<{ id: string; username: string; rating: number | undefined }>;
  matchLength: number;        // 0 = money game
  jacoby: boolean;
  clock: { delayMs: number; reserveMs: number } | null;
  score: BySide<number>;
  winner: Side | undefined;   // undefined when aborted
  termination: Termination;   // from src/games/backgammon/scoring.ts
  dice: { derivation: string; commit: string; seed: string; clientSeeds: BySide<string> };
  events: readonly MatchEvent[];   // the full log from BackgammonMatch.events
  /** Epoch ms of each event, same length (an event without a time is stored at `endedAt`). */
  eventTimes: readonly number[];
  startedAt: Date;
  endedAt: Date;
}

/**
 * A match is rated when it was asked to be, has a winner and was not aborted. A money game
 * counts as a 1-point match (fibs.ts `ratedLength`).
 */
export function countsForRating(match: Pick<FinishedBackgammonMatch, 'rated' | 'winner' | 'termination'>): boolean {
  return match.rated && match.termination !== 'aborted' && match.winner !== undefined;
}

/** The game row's time control: "12s+600s" (delay per move + reserve), "-" without a clock. */
export function backgammonTimeControl(clock: FinishedBackgammonMatch['clock']): string {
  if (!clock) return '-';
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`;
  return `${seconds(clock.delayMs)}+${seconds(clock.reserveMs)}`;
}

/** The gnubg Position ID of a position, seen by the player on roll (white when none). */
export function positionIdFor(position: Position, turn: Side | ''): string {
  return positionId(position, turn || 'white');
}

function initialPositionOf(events: readonly MatchEvent[]): Position {
  const start = events.find((event) => event.type === 'game-start');
  return start?.type === 'game-start' && start.position ? start.position : startingPosition();
}

/** Applies the FIBS result of the match to both locked rows; returns the change per side. */
function rate(rows: BySide<Rating>, winner: Side, matchLength: number, at: Date): BySide<RatingChange> {
  const loser = opposite(winner);
  const before = { white: rows.white.rating, black: rows.black.rating };
  const result = fibsRatingChange({
    winner: { rating: rows[winner].rating, experience: rows[winner].experience },
    loser: { rating: rows[loser].rating, experience: rows[loser].experience },
    matchLength,
  });
  const after = { [winner]: result.winner, [loser]: result.loser } as BySide<{ rating: number; experience: number }>;
  for (const side of ['white', 'black'] as const) {
    Object.assign(rows[side], { rating: after[side].rating, experience: after[side].experience, games: rows[side].games + 1, updatedAt: at });
  }
  return { white: ratingChange(before.white, after.white.rating), black: ratingChange(before.black, after.black.rating) };
}

export async function recordBackgammonMatch({ orm, match }: { orm: Orm; match: FinishedBackgammonMatch }): Promise<RecordedRatings> {
  const rated = countsForRating(match);
  const options: MatchOptions = { matchLength: match.matchLength, jacoby: match.jacoby };
  const final = replay(options, match.events);
  try {
    return await orm.em.transactional(async (em) => {
      // Locking first serialises two recordings of one rated match, so the second sees the first.
      const ratingRows = rated
        ? await lockRatings(em, { white: match.players.white.id, black: match.players.black.id }, BACKGAMMON_CATEGORY, { ...FIBS_INITIAL, rd: 0, volatility: 0 }, match.endedAt)
        : undefined;
      const existing = await em.findOne(Game, { id: match.id });
      if (existing) return storedRatings(existing);

      const ratings: RecordedRatings = ratingRows ? rate(ratingRows, match.winner!, match.matchLength, match.endedAt) : undefined;
      const aborted = match.termination === 'aborted' || match.winner === undefined;
      const game = em.create(Game, {
        id: match.id,
        kind: 'backgammon',
        roomId: match.roomId,
        rated: match.rated,
        category: BACKGAMMON_CATEGORY,
        timeControl: backgammonTimeControl(match.clock),
        white: em.getReference(Player, match.players.white.id),
        black: em.getReference(Player, match.players.black.id),
        whiteRatingBefore: ratings?.white.before ?? match.players.white.rating ?? null,
        blackRatingBefore: ratings?.black.before ?? match.players.black.rating ?? null,
        whiteRatingAfter: ratings?.white.after ?? null,
        blackRatingAfter: ratings?.black.after ?? null,
        result: aborted ? null : match.winner === 'white' ? '1-0' : '0-1',
        termination: match.termination,
        winner: aborted ? null : match.winner ?? null,
        aborted,
        plies: match.events.filter((event) => event.type === 'play').length,
        initialPosition: positionIdFor(initialPositionOf(match.events), 'white'),
        finalPosition: positionIdFor(final.position, final.turn),
        startedAt: match.startedAt,
        endedAt: match.endedAt,
      });
      em.create(BackgammonMatchRecord, {
        game,
        matchLength: match.matchLength,
        jacoby: match.jacoby,
        clockDelayMs: match.clock?.delayMs ?? null,
        clockReserveMs: match.clock?.reserveMs ?? null,
        scoreWhite: match.score.white,
        scoreBlack: match.score.black,
        diceDerivation: match.dice.derivation,
        diceCommit: match.dice.commit,
        diceSeed: match.dice.seed,
        clientSeedWhite: match.dice.clientSeeds.white,
        clientSeedBlack: match.dice.clientSeeds.black,
      });
      // The game row first (the events reference it), then the log as plain multi-row inserts:
      // a long match has thousands of events and the unit of work has nothing to track in them.
      await em.flush();
      const fallback = match.endedAt.getTime();
      const rows = match.events.map((event, index) => ({
        game: match.id, seq: index + 1, type: event.type, event, at: new Date(match.eventTimes[index] ?? fallback),
      }));
      // Chunks keep each statement well under PostgreSQL's 65,535 bind parameters.
      for (let from = 0; from < rows.length; from += EVENT_INSERT_CHUNK) {
        await em.insertMany(BackgammonEvent, rows.slice(from, from + EVENT_INSERT_CHUNK));
      }
      return ratings;
    });
  } catch (error) {
    return ratingsIfRecordedTwice(orm, match.id, error);
  }
}
