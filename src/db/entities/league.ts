import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';

/**
 * A league: players enrolled with running stats (`league_player_stats`), teams and the matches
 * they played. `nameKey` is the lower-cased name: league names are unique ignoring case.
 */
export const LeagueSchema = defineEntity({
  name: 'League',
  tableName: 'league',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    name: p.string().length(60),
    nameKey: p.string().length(60).unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class League extends LeagueSchema.class {}
LeagueSchema.setClass(League);
