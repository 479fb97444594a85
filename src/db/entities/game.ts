import { defineEntity, p } from '@mikro-orm/core';
import { ChessMove } from './chess-move.ts';
import { Player } from './player.ts';

export const GAME_KINDS = ['chess', 'backgammon'] as const;
export type GameKind = (typeof GAME_KINDS)[number];

/**
 * A finished two-player game, written once when it ends (with its moves and, if rated, the
 * rating change in the same transaction). Ratings "before" are what the players had when the
 * game was recorded; "after" only exist for rated games.
 */
export const GameSchema = defineEntity({
  name: 'Game',
  tableName: 'game',
  properties: {
    id: p.uuid().primary(),
    kind: p.enum(() => [...GAME_KINDS]),
    roomId: p.string().length(32),
    rated: p.boolean(),
    category: p.string().length(16),
    /** In the game's own notation: "180+2" (seconds) for chess, "-" without a clock. */
    timeControl: p.string().length(32),
    white: () => p.manyToOne(Player),
    black: () => p.manyToOne(Player),
    whiteRatingBefore: p.double().$type<number>().nullable(),
    blackRatingBefore: p.double().$type<number>().nullable(),
    whiteRatingAfter: p.double().$type<number>().nullable(),
    blackRatingAfter: p.double().$type<number>().nullable(),
    /** "1-0", "0-1", "1/2-1/2"; null for an aborted game. */
    result: p.string().length(8).nullable(),
    termination: p.string().length(16),
    winner: p.string().length(8).nullable(),
    aborted: p.boolean(),
    plies: p.integer(),
    /** FEN for chess. */
    initialPosition: p.text(),
    finalPosition: p.text(),
    startedAt: p.datetime(),
    endedAt: p.datetime(),
    moves: () => p.oneToMany(ChessMove).mappedBy('game').orderBy({ ply: 'asc' }),
  },
  indexes: [
    { properties: ['white', 'endedAt'] },
    { properties: ['black', 'endedAt'] },
    { properties: ['kind', 'endedAt'] },
  ],
});

export class Game extends GameSchema.class {}
GameSchema.setClass(Game);
