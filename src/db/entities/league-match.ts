import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { League } from './league.ts';
import { Player } from './player.ts';
import { Team } from './team.ts';

export const MATCH_SIDES = ['radiant', 'dire'] as const;
export type MatchSide = (typeof MATCH_SIDES)[number];

/**
 * A match played in a league, as reported by the organiser (stats come from outside: the
 * server did not run it). `externalId` (e.g. the Dota match id) is unique within the league and
 * makes reporting idempotent. Either side may name one of the league's teams.
 */
export const LeagueMatchSchema = defineEntity({
  name: 'LeagueMatch',
  tableName: 'league_match',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    league: () => p.manyToOne(League).deleteRule('cascade'),
    externalId: p.string().length(64),
    radiantTeam: () => p.manyToOne(Team).nullable(),
    direTeam: () => p.manyToOne(Team).nullable(),
    winner: p.enum(MATCH_SIDES),
    playedAt: p.datetime(),
    durationSeconds: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** Radiant first ('radiant' > 'dire'), each side in the reported order. */
    players: () => p.oneToMany(LeagueMatchPlayer).mappedBy('match').orderBy({ side: 'desc', slot: 'asc' }),
  },
  uniques: [{ properties: ['league', 'externalId'] }],
  indexes: [{ properties: ['league', 'playedAt'] }],
});

export class LeagueMatch extends LeagueMatchSchema.class {}
LeagueMatchSchema.setClass(LeagueMatch);

/** One player's line in a league match: side, K/D/A, gold and experience per minute, and the result. */
export const LeagueMatchPlayerSchema = defineEntity({
  name: 'LeagueMatchPlayer',
  tableName: 'league_match_player',
  properties: {
    match: () => p.manyToOne(LeagueMatch).primary().deleteRule('cascade'),
    player: () => p.manyToOne(Player).primary(),
    side: p.enum(MATCH_SIDES),
    /** Position within the side, in the order the report listed the players (from 0). */
    slot: p.integer(),
    kills: p.integer(),
    deaths: p.integer(),
    assists: p.integer(),
    gpm: p.integer(),
    xpm: p.integer(),
    won: p.boolean(),
  },
  indexes: [{ properties: ['player'] }],
});

export class LeagueMatchPlayer extends LeagueMatchPlayerSchema.class {}
LeagueMatchPlayerSchema.setClass(LeagueMatchPlayer);
