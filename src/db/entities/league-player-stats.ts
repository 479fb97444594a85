import { defineEntity, p } from '@mikro-orm/core';
import { League } from './league.ts';
import { Player } from './player.ts';

/**
 * A player enrolled in a league and their running totals over its matches (docs/leagues.md §1):
 * the derived averages and the league MMR are computed from these when read. Totals of GPM and
 * XPM are sums of the per-game values. Updated under a row lock, in the match's transaction.
 */
export const LeaguePlayerStatsSchema = defineEntity({
  name: 'LeaguePlayerStats',
  tableName: 'league_player_stats',
  properties: {
    league: () => p.manyToOne(League).primary().deleteRule('cascade'),
    player: () => p.manyToOne(Player).primary(),
    gamesPlayed: p.integer().default(0),
    wins: p.integer().default(0),
    losses: p.integer().default(0),
    totalKills: p.integer().default(0),
    totalDeaths: p.integer().default(0),
    totalAssists: p.integer().default(0),
    totalGpm: p.integer().default(0),
    totalXpm: p.integer().default(0),
    enrolledAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['player'] }],
});

export class LeaguePlayerStats extends LeaguePlayerStatsSchema.class {}
LeaguePlayerStatsSchema.setClass(LeaguePlayerStats);
