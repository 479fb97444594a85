/**
 * From the round to what clients see: the synced state, the room's listing metadata, and the
 * record stored when the game ends. Nothing here decides anything.
 */
import type { ChessRound } from '../../src/games/chess/round.ts';
import { pgnTimeControl } from '../../src/games/clock/time-control.ts';
import type { Side } from '../../src/games/side.ts';
import type { FinishedChessGame } from '../../src/services/chess-games.ts';
import type { CurrentRating } from '../../src/services/rating-selectors.ts';
import type { ChessState } from '../../schema/ChessState.ts';
import type { SeatHolder } from '../shared/game-room.ts';
import { listedPlayers } from '../shared/seat-mirror.ts';

export function mirrorRound(state: ChessState, round: ChessRound): void {
  const game = round.game;
  state.status = round.status;
  state.result = round.outcome && round.outcome.termination !== 'aborted' ? round.outcome.result : '';
  state.termination = round.outcome?.termination ?? '';
  state.fen = game.fen;
  state.ply = game.ply;
  state.turn = game.turn;
  state.lastMove = game.ucis.at(-1) ?? '';
  // Moves change at the end (a move) or shrink (a takeback): sync only the difference.
  while (state.moves.length > game.sans.length) state.moves.pop();
  for (let i = state.moves.length; i < game.sans.length; i++) state.moves.push(game.sans[i]!);
  state.firstMoveBy = round.firstMoveBy ?? 0;
  state.drawOffer = round.drawOffer ?? '';
  state.takebackOffer = round.takebackOffer ?? '';
  state.rematchOffer = round.rematchOffer ?? '';
  const clock = round.clock;
  if (clock) {
    state.clock.white = clock.remaining.white;
    state.clock.black = clock.remaining.black;
    state.clock.running = clock.running ?? '';
    state.clock.since = clock.since;
  }
}

export function listing(state: ChessState) {
  const { players, rating } = listedPlayers(state.players);
  return {
    game: 'chess',
    gameId: state.gameId,
    status: state.status,
    rated: state.rated,
    category: state.category,
    timeControl: state.timeControl,
    spectators: state.spectators,
    players,
    rating,
  };
}

export function finishedGame({ gameId, roomId, rated, round, seats, ratings }: {
  gameId: string; roomId: string; rated: boolean; round: ChessRound;
  seats: ReadonlyMap<string, SeatHolder>; ratings: ReadonlyMap<string, CurrentRating>;
}): FinishedChessGame {
  const player = (side: Side) => {
    const id = seats.get(side)!.player.id;
    const rating = ratings.get(id);
    // Never rated in the category: no rating before (PGN Elo "?"), though the room shows the start's 1500.
    return { id, rating: rating && rating.games > 0 ? rating.rating : undefined };
  };
  return {
    id: gameId,
    roomId,
    rated,
    category: round.category,
    timeControl: pgnTimeControl(round.control),
    players: { white: player('white'), black: player('black') },
    outcome: round.outcome!,
    startedAt: new Date(round.startedAt!),
    endedAt: new Date(round.endedAt!),
    initialFen: round.game.initialFen,
    finalFen: round.game.fen,
    moves: [...round.records],
  };
}
