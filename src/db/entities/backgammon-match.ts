import { defineEntity, p } from '@mikro-orm/core';
import { Game } from './game.ts';

/**
 * What a recorded backgammon match has beyond the common `game` row: its rules, final score and
 * everything needed to check its dice (the committed and revealed server seed and both client
 * seeds). One row per backgammon game row, sharing its id; the events are `backgammon_event`.
 */
export const BackgammonMatchSchema = defineEntity({
  name: 'BackgammonMatchRecord',
  tableName: 'backgammon_match',
  properties: {
    game: () => p.oneToOne(Game).primary().owner().deleteRule('cascade'),
    /** Points to win; 0 for a money game. */
    matchLength: p.integer(),
    jacoby: p.boolean(),
    /** The clock: delay per move and the reserve each player started with; null without a clock. */
    clockDelayMs: p.integer().nullable(),
    clockReserveMs: p.integer().nullable(),
    scoreWhite: p.integer(),
    scoreBlack: p.integer(),
    /** The dice derivation name, `hmac-sha256-v1` (docs/dice.md). */
    diceDerivation: p.string().length(32),
    /** sha-256 of the server seed, hex, as published before the first roll. */
    diceCommit: p.string().length(64),
    /** The server seed, hex, revealed at the end of the match. */
    diceSeed: p.string().length(64),
    clientSeedWhite: p.string().length(64),
    clientSeedBlack: p.string().length(64),
  },
});

export class BackgammonMatchRecord extends BackgammonMatchSchema.class {}
BackgammonMatchSchema.setClass(BackgammonMatchRecord);
