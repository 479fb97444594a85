/**
 * Reads of recorded backgammon matches for the REST API: the match row and its event log, the
 * state after any event (replay), the `.mat` file.
 */
import { BackgammonEvent, BackgammonMatchRecord, Game } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';
import { replay, type MatchEvent, type MatchOptions } from '../games/backgammon/events.ts';
import { matchId, positionId } from '../games/backgammon/gnubg-id.ts';
import { toMat } from '../games/backgammon/mat.ts';
import type { BySide } from '../games/side.ts';

export interface StoredEvent { n: number; at: Date; event: MatchEvent }

export interface StoredBackgammonMatch {
  game: Game;
  match: BackgammonMatchRecord;
  /** The log in order; `n` is 1 for the first event. */
  events: StoredEvent[];
}

/** A recorded backgammon match with its log; undefined for an unknown id or another game. */
export async function findBackgammonMatch({ orm, id }: { orm: Orm; id: string }): Promise<StoredBackgammonMatch | undefined> {
  const em = orm.em.fork();
  const game = await em.findOne(Game, { id, kind: 'backgammon' }, { populate: ['white', 'black'] });
  if (!game) return undefined;
  return loadDetails({ orm, game });
}

/** The backgammon rows of a game row already loaded (kind 'backgammon'). */
export async function loadDetails({ orm, game }: { orm: Orm; game: Game }): Promise<StoredBackgammonMatch | undefined> {
  const em = orm.em.fork();
  const match = await em.findOne(BackgammonMatchRecord, { game: game.id });
  if (!match) return undefined;
  const rows = await em.find(BackgammonEvent, { game: game.id }, { orderBy: { seq: 'asc' } });
  return { game, match, events: rows.map((row) => ({ n: row.seq, at: row.at, event: row.event })) };
}

export function matchOptionsOf(match: BackgammonMatchRecord): MatchOptions {
  return { matchLength: match.matchLength, jacoby: match.jacoby };
}

/** Everything about a match's rules and dice, and its log: what `verify-dice` needs. */
export function backgammonView({ match, events }: Pick<StoredBackgammonMatch, 'match' | 'events'>) {
  const clock = match.clockDelayMs == null || match.clockReserveMs == null
    ? null : { delayMs: match.clockDelayMs, reserveMs: match.clockReserveMs };
  return {
    matchLength: match.matchLength,
    jacoby: match.jacoby,
    clock,
    score: { white: match.scoreWhite, black: match.scoreBlack },
    dice: {
      derivation: match.diceDerivation,
      commit: match.diceCommit,
      seed: match.diceSeed,
      clientSeeds: { white: match.clientSeedWhite, black: match.clientSeedBlack },
    },
    events: events.map(eventView),
  };
}

export function eventView({ n, at, event }: StoredEvent) {
  return { n, at: at.toISOString(), ...event };
}

/** The match as it stood after its first `at` events (all of them without `at`). */
export function replayView(stored: Pick<StoredBackgammonMatch, 'match' | 'events'>, at = stored.events.length) {
  const state = replay(matchOptionsOf(stored.match), stored.events.map((row) => row.event), at);
  const current = at > 0 ? stored.events[at - 1] : undefined;
  return {
    at,
    event: current ? eventView(current) : null,
    position: { points: [...state.position.points], bar: { ...state.position.bar }, off: { ...state.position.off } },
    positionId: positionId(state.position, state.turn || 'white'),
    matchId: matchId(state),
    turn: state.turn,
    dice: [...state.dice],
    diceLeft: [...state.diceLeft],
    cube: { ...state.cube },
    score: { ...state.score },
    crawford: state.crawford,
    gameNumber: state.gameNumber,
    phase: state.phase,
    status: state.status,
  };
}

/** The match's `.mat` text, the players named by their usernames. */
export function matText(stored: StoredBackgammonMatch, { site }: { site?: string } = {}): string {
  const { game, match, events } = stored;
  const players: BySide<string> = { white: game.white.username, black: game.black.username };
  return toMat(matchOptionsOf(match), events.map((row) => row.event), {
    players,
    event: `${game.rated ? 'Rated' : 'Casual'} ${match.matchLength === 0 ? 'money game' : `${match.matchLength}-point match`}`,
    ...(site ? { site } : {}),
    date: game.startedAt,
  });
}
