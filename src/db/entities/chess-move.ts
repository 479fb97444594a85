import { defineEntity, p } from '@mikro-orm/core';
import { Game } from './game.ts';

/** One ply of a recorded chess game, with the mover's clock after it and the time it took. */
export const ChessMoveSchema = defineEntity({
  name: 'ChessMove',
  tableName: 'chess_move',
  properties: {
    game: () => p.manyToOne(Game).primary().deleteRule('cascade'),
    ply: p.integer().primary(),
    san: p.string().length(16),
    uci: p.string().length(8),
    /** The mover's remaining time after the move (increment included); null without a clock. */
    clockMs: p.integer().nullable(),
    spentMs: p.integer(),
  },
});

export class ChessMove extends ChessMoveSchema.class {}
ChessMoveSchema.setClass(ChessMove);
