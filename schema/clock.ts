import { schema, t, type SchemaType } from '@colyseus/schema';

/**
 * A two-sided game clock: each side's remaining ms at `since` (server epoch ms); the `running`
 * side's display is `remaining − (now − since)`. Sent when it changes, not every tick.
 */
export const ClockState = schema({
  white: t.number().default(0),
  black: t.number().default(0),
  /** "white", "black" or "" when no time runs. */
  running: t.string().default(''),
  since: t.number().default(0),
}, 'ClockState');
export type ClockState = SchemaType<typeof ClockState>;

export const SidePair = schema({
  white: t.int16().default(0),
  black: t.int16().default(0),
}, 'SidePair');
export type SidePair = SchemaType<typeof SidePair>;
