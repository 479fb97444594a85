/**
 * Recording a finished draft: the draft row (options and event log), every turn and every team,
 * in one transaction, once (idempotent on the room id). A completed player draft linked to a
 * league also makes its teams league teams (captain first, then the drafted players in pick
 * order), enrols the captains and drafted players in the league, and gives each of them who has
 * no base MMR yet the MMR the organiser gave them in the draft.
 */
import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { Draft, DraftRound, DraftTeam, League, Player, Team, TeamMember } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';
import type { DraftEvent } from '../games/draft/events.ts';
import type { DraftSettings } from '../games/draft/options.ts';
import type { TieRoll } from '../games/draft/order.ts';
import { enrol, freeTeamName, isUuid, nameKey, teamNamesTaken } from './leagues.ts';

export interface FinishedDraftTeam {
  index: number; name: string; captainId: string;
  /** players draft: drafted player ids in pick order (captain not included); heroes: picked hero ids */
  members: string[];
  /** heroes draft: banned hero ids; players draft: [] */
  bans: string[];
  totalMmr: number | null;            // players draft only
  side: 'radiant' | 'dire' | null;    // heroes draft only
  order: 'first' | 'second' | null;   // heroes draft only
}
export interface FinishedDraftRound {
  n: number; team: number; captainId: string; action: 'pick' | 'ban';
  /** player id or hero id; null for a ban that timed out */
  choice: string | null;
  auto: boolean; timedOut: boolean; wasTie: boolean; tieRolls: TieRoll[][]; at: number;
}
export interface FinishedDraft {
  roomId: string;                     // the draft's public id: GET /api/drafts/:roomId
  kind: 'players' | 'heroes';
  style: 'snake' | 'normal' | 'shuffle' | null;
  leagueId: string | null;
  organiserId: string;                // Player id of the admin who created it
  status: 'completed' | 'abandoned';
  settings: DraftSettings;            // the parsed options as given (stored as JSON)
  teams: FinishedDraftTeam[];
  rounds: FinishedDraftRound[];
  events: DraftEvent[];
  createdAt: Date; startedAt: Date | null; endedAt: Date;
}

/** The MMRs the organiser gave in a player draft's options: captains' and the pool's. */
function mmrsOf(settings: DraftSettings): Map<string, number> {
  if (settings.kind !== 'players') return new Map();
  return new Map([
    ...settings.teams.map((team) => [team.captainId, team.captainMmr] as const),
    ...settings.pool.map((entry) => [entry.playerId, entry.mmr] as const),
  ]);
}

/** The league teams of a completed player draft, its players enrolled, missing base MMRs given. */
async function joinLeague(em: EntityManager, draft: FinishedDraft, record: Draft, teams: DraftTeam[]): Promise<void> {
  const leagueId = record.league!.id;
  const mmrs = mmrsOf(draft.settings);
  const taken = await teamNamesTaken(em, leagueId);
  const everyone: string[] = [];
  for (const finished of draft.teams) {
    const ids = [finished.captainId, ...finished.members.filter((id) => id !== finished.captainId)];
    // Two teams of a draft may share a name, or an earlier team of the league have it.
    const name = freeTeamName(taken, finished.name);
    const team = em.create(Team, {
      league: em.getReference(League, leagueId), name, nameKey: nameKey(name),
      captain: em.getReference(Player, finished.captainId), draft: record,
    });
    ids.forEach((id, slot) => em.create(TeamMember, { team, player: em.getReference(Player, id), slot }));
    teams.find((row) => row.index === finished.index)!.leagueTeam = team;
    everyone.push(...ids);
  }
  await enrol(em, leagueId, everyone);
  for (const id of new Set(everyone)) {
    const mmr = mmrs.get(id);
    // Only a player with no base MMR yet: a set MMR is the organiser's latest word.
    if (mmr !== undefined) await em.nativeUpdate(Player, { id, mmr: null }, { mmr });
  }
}

async function stored(orm: Orm, roomId: string): Promise<boolean> {
  return await orm.em.fork().count(Draft, { roomId }) > 0;
}

export async function recordDraft({ orm, draft }: { orm: Orm; draft: FinishedDraft }): Promise<{ created: boolean }> {
  try {
    return await orm.em.transactional(async (em) => {
      if (await em.count(Draft, { roomId: draft.roomId }) > 0) return { created: false };
      const makesTeams = draft.status === 'completed' && draft.kind === 'players';
      // Teams are named under the league's row lock (as createTeam does); a league that does
      // not exist (the route checks it does) leaves the draft unlinked rather than unrecorded.
      const league = draft.leagueId !== null && isUuid(draft.leagueId)
        ? await em.findOne(League, { id: draft.leagueId }, makesTeams ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {})
        : null;
      const record = em.create(Draft, {
        roomId: draft.roomId, kind: draft.kind, style: draft.style, league,
        organiser: em.getReference(Player, draft.organiserId), status: draft.status,
        settings: draft.settings, events: draft.events,
        createdAt: draft.createdAt, startedAt: draft.startedAt, endedAt: draft.endedAt,
      });
      for (const round of draft.rounds) {
        em.create(DraftRound, {
          draft: record, n: round.n, team: round.team, captain: em.getReference(Player, round.captainId),
          action: round.action, choice: round.choice, auto: round.auto, timedOut: round.timedOut,
          wasTie: round.wasTie, tieRolls: round.tieRolls, at: new Date(round.at),
        });
      }
      const teams = draft.teams.map((team) => em.create(DraftTeam, {
        draft: record, index: team.index, name: team.name, captain: em.getReference(Player, team.captainId),
        members: team.members, bans: team.bans, totalMmr: team.totalMmr, side: team.side, pickOrder: team.order,
        leagueTeam: null,
      }));
      if (league && makesTeams) await joinLeague(em, draft, record, teams);
      return { created: true };
    });
  } catch (error) {
    // The same draft recorded twice at once: the unique room id decided.
    if (error instanceof UniqueConstraintViolationException && await stored(orm, draft.roomId)) return { created: false };
    throw error;
  }
}
