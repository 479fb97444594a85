import { schema, t, type SchemaType } from '@colyseus/schema';

/** A seated player as every client sees them. */
export const Seat = schema({
  id: t.string().default(''),
  username: t.string().default(''),
  /** Rounded rating in the game's category at the time they sat down. */
  rating: t.uint16().default(0),
  provisional: t.boolean().default(true),
  connected: t.boolean().default(false),
}, 'Seat');
export type Seat = SchemaType<typeof Seat>;
