/**
 * From the match at the table to what clients see (the synced state), to the room's listing
 * metadata, and to the record of a finished match. Nothing here decides anything.
 */
import type { ArraySchema } from '@colyseus/schema';
import { DICE_DERIVATION } from '../../src/games/backgammon/dice.ts';
import type { MatchState } from '../../src/games/backgammon/events.ts';
import type { BackgammonTable } from '../../src/games/backgammon/table.ts';
import type { DelayClock } from '../../src/games/clock/delay-clock.ts';
import type { Side } from '../../src/games/side.ts';
import type { CurrentRating } from '../../src/services/rating-selectors.ts';
import type { FinishedBackgammonMatch } from '../../src/services/backgammon-matches.ts';
import type { BackgammonState } from '../../schema/BackgammonState.ts';
import type { SeatHolder } from '../shared/game-room.ts';
import type { BackgammonSettings } from './options.ts';
import { listedPlayers } from '../shared/seat-mirror.ts';

/** Replaces an array's items only where they differ, so the patch carries only the changes. */
function sync(target: ArraySchema<number>, source: readonly number[]): void {
  while (target.length > source.length) target.pop();
  for (let i = 0; i < source.length; i++) {
    if (i < target.length) {
      if (target[i] !== source[i]) target[i] = source[i]!;
    } else {
      target.push(source[i]!);
    }
  }
}

export function mirrorMatch(state: BackgammonState, match: MatchState): void {
  state.status = match.status;
  state.phase = match.phase;
  state.turn = match.turn;
  sync(state.points, match.position.points);
  state.bar.white = match.position.bar.white;
  state.bar.black = match.position.bar.black;
  state.off.white = match.position.off.white;
  state.off.black = match.position.off.black;
  sync(state.dice, match.dice);
  sync(state.diceLeft, match.diceLeft);
  state.cube.value = match.cube.value;
  state.cube.owner = match.cube.owner;
  state.cube.offeredBy = match.cube.offeredBy;
  state.resignation.by = match.resignation?.by ?? '';
  state.resignation.points = match.resignation?.points ?? 0;
  state.score.white = match.score.white;
  state.score.black = match.score.black;
  state.crawford = match.crawford;
  state.gameNumber = match.gameNumber;
  state.winner = match.winner;
  state.termination = match.termination;
  state.lastGame.winner = match.lastGame?.winner ?? '';
  state.lastGame.points = match.lastGame?.points ?? 0;
  state.lastGame.kind = match.lastGame?.kind ?? '';
  state.lastGame.termination = match.lastGame?.termination ?? '';
}

export function mirrorClock(state: BackgammonState, clock: DelayClock | undefined): void {
  if (!clock) return;
  state.clock.white = clock.reserve.white;
  state.clock.black = clock.reserve.black;
  state.clock.delay = clock.control.delayMs;
  state.clock.running = clock.running ?? '';
  state.clock.since = clock.since;
}

/** The match, its clock, and its seed once it is over. */
export function mirrorTable(state: BackgammonState, table: BackgammonTable): void {
  mirrorMatch(state, table.state);
  mirrorClock(state, table.clock);
  state.diceSeed = table.revealedSeed ?? '';
}

/** The record of a finished match that began (with its dice revealed). */
export function finishedMatch({ gameId, roomId, settings, table, seats, ratings }: {
  gameId: string; roomId: string; settings: BackgammonSettings; table: BackgammonTable;
  seats: ReadonlyMap<string, SeatHolder>; ratings: ReadonlyMap<string, CurrentRating>;
}): FinishedBackgammonMatch {
  const state = table.state;
  const dice = table.dice!;
  const player = (side: Side) => {
    const { id, username } = seats.get(side)!.player;
    return { id, username, rating: ratings.get(id)?.rating };
  };
  return {
    id: gameId,
    roomId,
    rated: settings.rated,
    players: { white: player('white'), black: player('black') },
    matchLength: settings.matchLength,
    jacoby: table.match.options.jacoby,
    clock: settings.control,
    score: { ...state.score },
    winner: state.winner || undefined,
    termination: state.termination || 'aborted',
    dice: { derivation: DICE_DERIVATION, commit: dice.commit, seed: dice.reveal(), clientSeeds: { ...dice.clientSeeds } },
    events: [...table.events],
    eventTimes: [...table.eventTimes],
    startedAt: new Date(table.startedAt!),
    endedAt: new Date(table.endedAt!),
  };
}

export function listing(state: BackgammonState, timeControl: string) {
  const { players, rating } = listedPlayers(state.players);
  return {
    game: 'backgammon',
    gameId: state.gameId,
    status: state.status,
    rated: state.rated,
    category: 'backgammon',
    matchLength: state.matchLength,
    timeControl,
    spectators: state.spectators,
    players,
    rating,
  };
}
