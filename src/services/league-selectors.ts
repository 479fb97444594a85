/**
 * Reads about leagues for the REST API: the list, one league, its teams, a reported match and
 * the standings (stats totals, the averages derived from them and the league MMR of
 * docs/leagues.md §2, computed from the stored totals when read).
 */
import type { EntityManager } from '@mikro-orm/core';
import { League, LeagueMatch, LeagueMatchPlayer, LeaguePlayerStats, Player, Team, TeamMember } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';
import {
  deriveStats, LEAGUE_MMR_MIN_GAMES, leagueAverages, leagueMmr, performanceAdjustment,
  type Adjustment, type LeagueAverages, type LeaguePlayerAverages, type LeaguePlayerTotals,
} from '../ratings/league-mmr.ts';

export async function listLeagues({ orm }: { orm: Orm }): Promise<League[]> {
  return orm.em.fork().find(League, {}, { orderBy: { createdAt: 'desc', id: 'asc' } });
}

export interface LeagueCounts { players: number; teams: number; matches: number }

export async function leagueById({ orm, id }: { orm: Orm; id: string }): Promise<{ league: League; counts: LeagueCounts } | undefined> {
  const em = orm.em.fork();
  const league = await em.findOne(League, { id });
  if (!league) return undefined;
  const players = await em.count(LeaguePlayerStats, { league });
  const teams = await em.count(Team, { league });
  const matches = await em.count(LeagueMatch, { league });
  return { league, counts: { players, teams, matches } };
}

export interface StoredTeam { team: Team; captain: Player; members: Player[] }

/** The league's teams (by name), each with its captain and members, the captain first; undefined without the league. */
export async function leagueTeams({ orm, leagueId }: { orm: Orm; leagueId: string }): Promise<StoredTeam[] | undefined> {
  const em = orm.em.fork();
  if (await em.count(League, { id: leagueId }) === 0) return undefined;
  const teams = await em.find(Team, { league: leagueId }, { orderBy: { nameKey: 'asc' }, populate: ['captain', 'draft'] });
  if (teams.length === 0) return [];
  const members = await em.find(TeamMember, { team: { $in: teams.map((team) => team.id) } }, {
    orderBy: { team: 'asc', slot: 'asc' }, populate: ['player'],
  });
  return teams.map((team) => ({
    team,
    captain: team.captain,
    members: members.filter((member) => member.team.id === team.id).map((member) => member.player),
  }));
}

export interface StoredLeagueMatch { match: LeagueMatch; lines: LeagueMatchPlayer[] }

/** A reported match with its players' lines (radiant first, then dire, in the reported order). */
export async function loadLeagueMatch(em: EntityManager, where: { id: string } | { league: string; externalId: string }): Promise<StoredLeagueMatch | undefined> {
  const match = await em.findOne(LeagueMatch, where, { refresh: true });
  if (!match) return undefined;
  const lines = await em.find(LeagueMatchPlayer, { match }, { orderBy: { side: 'desc', slot: 'asc' }, populate: ['player'], refresh: true });
  return { match, lines };
}

export interface Standing {
  player: Player;
  totals: LeaguePlayerTotals;
  stats: LeaguePlayerAverages;
  /** The adjustment and its three components (all 0 below the minimum number of games). */
  adjustment: Adjustment;
  /** Base MMR + adjustment; null without a base MMR or below the minimum number of games. */
  leagueMmr: number | null;
}

export interface Standings {
  league: League;
  minGames: number;
  /** Over the players with enough games; undefined while nobody has. */
  averages: LeagueAverages | undefined;
  players: Standing[];
}

function totalsOf(row: LeaguePlayerStats): LeaguePlayerTotals {
  const { gamesPlayed, wins, losses, totalKills, totalDeaths, totalAssists, totalGpm, totalXpm } = row;
  return { gamesPlayed, wins, losses, totalKills, totalDeaths, totalAssists, totalGpm, totalXpm };
}

/** Higher first; null after every number. */
function descending(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

/**
 * The enrolled players by league MMR (highest first); players without one after them, by base
 * MMR (highest first, none last), then by name.
 */
export async function standings({ orm, leagueId }: { orm: Orm; leagueId: string }): Promise<Standings | undefined> {
  const em = orm.em.fork();
  const league = await em.findOne(League, { id: leagueId });
  if (!league) return undefined;
  const rows = await em.find(LeaguePlayerStats, { league }, { populate: ['player'] });
  const derived = rows.map((row) => ({ row, totals: totalsOf(row), stats: deriveStats(totalsOf(row)) }));
  const averages = leagueAverages(derived.map((d) => d.stats));
  const players: Standing[] = derived.map(({ row, totals, stats }) => {
    const adjustment = performanceAdjustment(stats, averages);
    const base = row.player.mmr ?? null;
    const counted = base !== null && stats.gamesPlayed >= LEAGUE_MMR_MIN_GAMES;
    return { player: row.player, totals, stats, adjustment, leagueMmr: counted ? leagueMmr(base, adjustment.adjustment) : null };
  });
  players.sort((a, b) => descending(a.leagueMmr, b.leagueMmr)
    || descending(a.player.mmr ?? null, b.player.mmr ?? null)
    || a.player.usernameKey.localeCompare(b.player.usernameKey)
    || a.player.id.localeCompare(b.player.id));
  return { league, minGames: LEAGUE_MMR_MIN_GAMES, averages, players };
}
