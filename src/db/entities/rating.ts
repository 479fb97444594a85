import { defineEntity, p } from '@mikro-orm/core';
import { Player } from './player.ts';

/**
 * One rating per player and category (`blitz`, `rapid`, `backgammon`, …). The rating system
 * that owns the category sets the starting values; the row only stores them. Chess categories
 * use Glicko-2 (rating, rd, volatility); `backgammon` uses the FIBS formula, which has no
 * deviation: its rows keep rd and volatility at 0 and count `experience` (the sum of the rated
 * lengths of the matches finished) instead.
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
    /** FIBS experience (backgammon only): the sum of the rated match lengths played; 0 elsewhere. */
    experience: p.integer().default(0),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ properties: ['player', 'category'] }],
  indexes: [{ properties: ['category', 'rating'] }],
});

export class Rating extends RatingSchema.class {}
RatingSchema.setClass(Rating);
