import { BackgammonEventSchema } from './backgammon-event.ts';
import { BackgammonMatchSchema } from './backgammon-match.ts';
import { ChessMoveSchema } from './chess-move.ts';
import { GameSchema } from './game.ts';
import { PlayerSchema } from './player.ts';
import { RatingSchema } from './rating.ts';

export { BackgammonEvent } from './backgammon-event.ts';
export { BackgammonMatchRecord } from './backgammon-match.ts';
export { ChessMove } from './chess-move.ts';
export { Game, GAME_KINDS, type GameKind } from './game.ts';
export { Player } from './player.ts';
export { Rating } from './rating.ts';

/** Every entity the ORM knows; the migrations are generated from these. */
export const entities = [PlayerSchema, RatingSchema, GameSchema, ChessMoveSchema, BackgammonMatchSchema, BackgammonEventSchema];
