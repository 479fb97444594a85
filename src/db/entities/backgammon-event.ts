import { defineEntity, p } from '@mikro-orm/core';
import type { MatchEvent } from '../../games/backgammon/events.ts';
import { Game } from './game.ts';

/**
 * One event of a recorded backgammon match's log (src/games/backgammon/events.ts), in order:
 * `seq` is 1 for the first event, so the state after event `seq` is `replay(…, seq)`.
 */
export const BackgammonEventSchema = defineEntity({
  name: 'BackgammonEvent',
  tableName: 'backgammon_event',
  properties: {
    game: () => p.manyToOne(Game).primary().deleteRule('cascade'),
    seq: p.integer().primary(),
    /** The event's `type`, also inside `event`, as a column for queries. */
    type: p.string().length(16),
    /** The event exactly as the match made it (type included). */
    event: p.json<MatchEvent>(),
    /** When the server applied it. */
    at: p.datetime(),
  },
});

export class BackgammonEvent extends BackgammonEventSchema.class {}
BackgammonEventSchema.setClass(BackgammonEvent);
