import { PlayerSchema } from './player.ts';
import { RatingSchema } from './rating.ts';

export { Player } from './player.ts';
export { Rating } from './rating.ts';

/** Every entity the ORM knows; the migrations are generated from these. */
export const entities = [PlayerSchema, RatingSchema];
