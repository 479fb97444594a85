import { defineEntity, p } from '@mikro-orm/core';
import { Player } from './player.ts';

/**
 * One rating per player and category (`blitz`, `rapid`, `backgammon`, …). The rating system
 * that owns the category sets the starting values; the row only stores them.
 */
export const RatingSchema = defineEntity({
  name: 'Rating',
  tableName: 'rating',
  properties: {
    id: p.integer().primary(),
    player: () => p.manyToOne(Player).deleteRule('cascade'),
    category: p.string().length(24),
    rating: p.double().$type<number>(),
    rd: p.double().$type<number>(),
    volatility: p.double().$type<number>(),
    games: p.integer().default(0),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ properties: ['player', 'category'] }],
  indexes: [{ properties: ['category', 'rating'] }],
});

export class Rating extends RatingSchema.class {}
RatingSchema.setClass(Rating);
