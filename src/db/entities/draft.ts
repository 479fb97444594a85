import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import type { DraftEvent } from '../../games/draft/events.ts';
import type { TieRoll } from '../../games/draft/order.ts';
import { League } from './league.ts';
import { Player } from './player.ts';
import { Team } from './team.ts';

export const DRAFT_KINDS = ['players', 'heroes'] as const;
/** How a recorded draft ended (only finished drafts are recorded). */
export const DRAFT_END_STATUSES = ['completed', 'abandoned'] as const;
export const DRAFT_STYLES = ['snake', 'normal', 'shuffle'] as const;
export const DRAFT_ACTIONS = ['pick', 'ban'] as const;

/**
 * A finished draft (players or Captain's Mode heroes), written once when it ends: the options
 * it ran with, its turns (`draft_round`), its teams (`draft_team`) and the whole event log.
 * `roomId` is its public id (`GET /api/drafts/:roomId`) and makes recording idempotent.
 */
export const DraftSchema = defineEntity({
  name: 'Draft',
  tableName: 'draft',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    roomId: p.string().length(32).unique(),
    kind: p.enum(DRAFT_KINDS),
    /** Player drafts only. */
    style: p.enum(DRAFT_STYLES).nullable(),
    league: () => p.manyToOne(League).nullable(),
    organiser: () => p.manyToOne(Player),
    status: p.enum(DRAFT_END_STATUSES),
    /** The parsed options exactly as the organiser gave them. */
    settings: p.json<Record<string, unknown>>(),
    /** The log of src/games/draft/events.ts, in order. */
    events: p.json<DraftEvent[]>(),
    createdAt: p.datetime(),
    startedAt: p.datetime().nullable(),
    endedAt: p.datetime(),
    rounds: () => p.oneToMany(DraftRound).mappedBy('draft').orderBy({ n: 'asc' }),
    teams: () => p.oneToMany(DraftTeam).mappedBy('draft').orderBy({ index: 'asc' }),
  },
  indexes: [{ properties: ['league'] }],
});

export class Draft extends DraftSchema.class {}
DraftSchema.setClass(Draft);

/**
 * One turn of a draft: a pick (player or hero) or a ban, by the team at `team` (its index in the
 * organiser's list). `choice` is null for a ban that timed out (nothing banned).
 */
export const DraftRoundSchema = defineEntity({
  name: 'DraftRound',
  tableName: 'draft_round',
  properties: {
    draft: () => p.manyToOne(Draft).primary().deleteRule('cascade'),
    n: p.integer().primary(),
    team: p.integer(),
    captain: () => p.manyToOne(Player),
    action: p.enum(DRAFT_ACTIONS),
    choice: p.string().length(64).nullable(),
    auto: p.boolean(),
    timedOut: p.boolean(),
    wasTie: p.boolean(),
    /** Every round of d6 rolls of a shuffle tie: `[[{ team, roll }…]…]`. */
    tieRolls: p.json<TieRoll[][]>(),
    at: p.datetime(),
  },
});

export class DraftRound extends DraftRoundSchema.class {}
DraftRoundSchema.setClass(DraftRound);

/**
 * A team as the draft left it. Player drafts: `members` are the drafted player ids in pick order
 * (captain not included) and `totalMmr` their total with the captain's; heroes: `members` are the
 * picked hero ids, `bans` the banned ones, with the side and pick order the captains chose.
 * `leagueTeam` is the league team a completed, league-linked player draft made of it.
 */
export const DraftTeamSchema = defineEntity({
  name: 'DraftTeam',
  tableName: 'draft_team',
  properties: {
    draft: () => p.manyToOne(Draft).primary().deleteRule('cascade'),
    index: p.integer().primary(),
    name: p.string().length(60),
    captain: () => p.manyToOne(Player),
    members: p.json<string[]>(),
    bans: p.json<string[]>(),
    totalMmr: p.integer().nullable(),
    side: p.enum(['radiant', 'dire']).nullable(),
    pickOrder: p.enum(['first', 'second']).nullable(),
    leagueTeam: () => p.manyToOne(Team).nullable(),
  },
});

export class DraftTeam extends DraftTeamSchema.class {}
DraftTeamSchema.setClass(DraftTeam);
