/**
 * Finished backgammon matches for the recording, REST and verify-dice tests: a real event log,
 * made by driving `BackgammonMatch` to its end with the real provably fair dice and seeded
 * random decisions, shaped as the record the room hands to `recordBackgammonMatch`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Player } from '../../src/db/entities/index.ts';
import { createDice, type MatchDice } from '../../src/games/backgammon/dice.ts';
import { BackgammonMatch } from '../../src/games/backgammon/match.ts';
import type { Termination } from '../../src/games/backgammon/scoring.ts';
import type { Side } from '../../src/games/side.ts';
import type { FinishedBackgammonMatch } from '../../src/services/backgammon-matches.ts';
import { prng } from '../games/backgammon/helpers.ts';
import { harness, uniqueName } from './harness.ts';

export const orm = () => harness().app.runtime.db.orm;

export interface TestPlayer { id: string; username: string }

/** A registered (non-guest) player, straight into the database. */
export async function registeredPlayer(): Promise<TestPlayer> {
  const em = orm().em.fork();
  const username = uniqueName('bg');
  const player = em.create(Player, { username, usernameKey: username.toLowerCase(), guest: false });
  await em.flush();
  return { id: player.id, username };
}

export interface PlayedMatch { match: BackgammonMatch; dice: MatchDice }

/**
 * A match played to its end with seeded decisions: doubles now and then, mostly taken, a random
 * legal play each turn. `abortAfter` aborts it once that many events are in the log.
 */
export function playMatch({ seed, matchLength, jacoby = false, abortAfter }: {
  seed: number; matchLength: number; jacoby?: boolean; abortAfter?: number;
}): PlayedMatch {
  const rand = prng(seed);
  const dice = createDice({
    seed: createHash('sha256').update(`server seed ${seed}`).digest('hex'),
    clientSeeds: { white: `white|${seed}`, black: `black-${seed}` },
  });
  const match = new BackgammonMatch({ matchLength, jacoby }, (k) => dice.roll(k));
  match.start();
  for (let guard = 0; match.status === 'playing'; guard++) {
    if (guard > 50_000) throw new Error('the match does not end');
    if (abortAfter !== undefined && match.events.length >= abortAfter) { match.abort(); break; }
    const s = match.state;
    if (s.phase === 'between-games') match.startNextGame();
    else if (match.mustRollAutomatically) match.roll((s.turn || 'white') as Side);
    else if (s.phase === 'roll') {
      if (rand() < 0.05) match.double(s.turn as Side);
      else match.roll(s.turn as Side);
    } else if (s.phase === 'cube') {
      if (rand() < 0.8) match.take(match.toAct!);
      else match.drop(match.toAct!);
    } else if (s.phase === 'move') {
      const plays = match.legalPlays();
      match.move(s.turn as Side, plays[Math.floor(rand() * plays.length)]!.steps);
    } else {
      throw new Error(`nothing to do in phase ${s.phase}`);
    }
  }
  return { match, dice };
}

const STARTED_AT = Date.parse('2026-11-24T12:00:00Z');

/** The record the room would hand over for `played`, between `white` and `black`. */
export function finishedRecord(played: PlayedMatch, { white, black, rated = true, clock = { delayMs: 12_000, reserveMs: 600_000 } }: {
  white: TestPlayer; black: TestPlayer; rated?: boolean; clock?: FinishedBackgammonMatch['clock'];
}): FinishedBackgammonMatch {
  const { match, dice } = played;
  const state = match.state;
  const eventTimes = match.events.map((_, index) => STARTED_AT + index * 1000);
  return {
    id: randomUUID(),
    roomId: `room${Math.floor(Math.random() * 1e6)}`,
    rated,
    players: { white: { ...white, rating: undefined }, black: { ...black, rating: undefined } },
    matchLength: match.options.matchLength,
    jacoby: match.options.jacoby,
    clock,
    score: { ...state.score },
    winner: state.winner || undefined,
    termination: state.termination as Termination,
    dice: { derivation: dice.derivation, commit: dice.commit, seed: dice.reveal(), clientSeeds: { ...dice.clientSeeds } },
    events: [...match.events],
    eventTimes,
    startedAt: new Date(STARTED_AT),
    endedAt: new Date(STARTED_AT + match.events.length * 1000),
  };
}

/** Two new registered players and a match between them, played to the end. */
export async function newFinishedMatch(options: {
  seed: number; matchLength: number; jacoby?: boolean; abortAfter?: number; rated?: boolean;
  players?: { white: TestPlayer; black: TestPlayer };
}): Promise<FinishedBackgammonMatch> {
  const players = options.players ?? { white: await registeredPlayer(), black: await registeredPlayer() };
  const played = playMatch(options);
  return finishedRecord(played, { ...players, ...(options.rated === undefined ? {} : { rated: options.rated }) });
}
