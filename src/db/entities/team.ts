import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Draft } from './draft.ts';
import { League } from './league.ts';
import { Player } from './player.ts';

/**
 * A team of a league: a captain and its members (`team_member`, the captain first). A team made
 * by a player draft links to that draft. Names are unique within a league, ignoring case.
 */
export const TeamSchema = defineEntity({
  name: 'Team',
  tableName: 'team',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    league: () => p.manyToOne(League).deleteRule('cascade'),
    name: p.string().length(80),
    nameKey: p.string().length(80),
    captain: () => p.manyToOne(Player),
    /** The player draft this team came out of; null for a team the organiser made by hand. */
    draft: () => p.manyToOne(Draft).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    members: () => p.oneToMany(TeamMember).mappedBy('team').orderBy({ slot: 'asc' }),
  },
  uniques: [{ properties: ['league', 'nameKey'] }],
});

export class Team extends TeamSchema.class {}
TeamSchema.setClass(Team);

/** One player of a team; `slot` 0 is the captain, then the players in the order they joined. */
export const TeamMemberSchema = defineEntity({
  name: 'TeamMember',
  tableName: 'team_member',
  properties: {
    team: () => p.manyToOne(Team).primary().deleteRule('cascade'),
    player: () => p.manyToOne(Player).primary(),
    slot: p.integer(),
  },
  indexes: [{ properties: ['player'] }],
});

export class TeamMember extends TeamMemberSchema.class {}
TeamMemberSchema.setClass(TeamMember);
