/**
 * Leagues: creating one, enrolling players (with their base MMR), making teams, and ingesting
 * the matches the organiser reports, each in one transaction. A match is idempotent on
 * (league, externalId): reporting it again stores nothing and answers the stored match, or
 * refuses with MATCH_CONFLICT when the report differs from what is stored. The players' running
 * totals (`league_player_stats`) change in the match's transaction, under row locks taken in
 * player-id order, so concurrent reports about the same players neither lose an update nor
 * deadlock.
 */
import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import {
  League, LeagueMatch, LeagueMatchPlayer, LeaguePlayerStats, Player, Team, TeamMember, type MatchSide,
} from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';
import { AppError } from '../errors.ts';
import { loadLeagueMatch, type StoredLeagueMatch, type StoredTeam } from './league-selectors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** League and team names are unique ignoring case. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

function firstDuplicate(ids: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}

/** The league, or NO_SUCH_LEAGUE; `lock` takes its row for update (naming teams in it). */
export async function requireLeague(em: EntityManager, leagueId: string, { lock = false } = {}): Promise<League> {
  const league = isUuid(leagueId)
    ? await em.findOne(League, { id: leagueId }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {})
    : null;
  if (!league) throw new AppError('NO_SUCH_LEAGUE', `no league ${leagueId}`);
  return league;
}

/** Every one of these players by id, or NO_SUCH_PLAYER naming the ones that do not exist. */
export async function requirePlayers(em: EntityManager, ids: readonly string[]): Promise<Map<string, Player>> {
  const wanted = [...new Set(ids)];
  const valid = wanted.filter(isUuid);
  const found = valid.length > 0 ? await em.find(Player, { id: { $in: valid } }) : [];
  const byId = new Map(found.map((player) => [player.id, player]));
  const missing = wanted.filter((id) => !byId.has(id));
  if (missing.length > 0) throw new AppError('NO_SUCH_PLAYER', `no player ${missing.join(', ')}`);
  return byId;
}

/**
 * Enrols the players not enrolled yet (stats rows with zero totals), inserted in player-id
 * order; returns the ids that were not enrolled before.
 */
export async function enrol(em: EntityManager, leagueId: string, playerIds: readonly string[], now = new Date()): Promise<Set<string>> {
  const ids = [...new Set(playerIds)].sort();
  if (ids.length === 0) return new Set();
  const before = await em.find(LeaguePlayerStats, { league: leagueId, player: { $in: ids } });
  const enrolled = new Set(before.map((row) => row.player.id));
  const added = ids.filter((id) => !enrolled.has(id));
  if (added.length > 0) {
    await em.upsertMany(LeaguePlayerStats, added.map((id) => ({
      league: em.getReference(League, leagueId), player: em.getReference(Player, id),
      gamesPlayed: 0, wins: 0, losses: 0, totalKills: 0, totalDeaths: 0, totalAssists: 0, totalGpm: 0, totalXpm: 0,
      enrolledAt: now,
    })), { onConflictFields: ['league', 'player'], onConflictAction: 'ignore' });
  }
  return new Set(added);
}

/** The lower-cased names of the league's teams. */
export async function teamNamesTaken(em: EntityManager, leagueId: string): Promise<Set<string>> {
  return new Set((await em.find(Team, { league: leagueId }, { fields: ['nameKey'] })).map((team) => team.nameKey));
}

/** `name`, or `name (2)`, `name (3)`…: the first not in `taken`, which it joins. */
export function freeTeamName(taken: Set<string>, name: string): string {
  const base = name.trim();
  let candidate = base;
  for (let n = 2; taken.has(nameKey(candidate)); n++) candidate = `${base} (${n})`;
  taken.add(nameKey(candidate));
  return candidate;
}

export async function createLeague({ orm, name }: { orm: Orm; name: string }): Promise<League> {
  const trimmed = name.trim();
  const key = nameKey(trimmed);
  const exists = () => new AppError('LEAGUE_EXISTS', `there is already a league named "${trimmed}"`);
  try {
    return await orm.em.transactional(async (em) => {
      if (await em.count(League, { nameKey: key }) > 0) throw exists();
      return em.create(League, { name: trimmed, nameKey: key });
    });
  } catch (error) {
    // Two creations of one name at once: the unique index decides.
    if (error instanceof UniqueConstraintViolationException) throw exists();
    throw error;
  }
}

export interface Enrolment { playerId: string; mmr?: number | undefined }
export interface Enrolled { player: Player; added: boolean }

/**
 * Enrols the players in the league (zero totals for those not enrolled yet) and sets the base
 * MMR of those given one. Idempotent: enrolling someone again changes nothing but their MMR.
 */
export async function enrolPlayers({ orm, leagueId, players }: { orm: Orm; leagueId: string; players: readonly Enrolment[] }): Promise<Enrolled[]> {
  const ids = players.map((entry) => entry.playerId);
  const duplicate = firstDuplicate(ids);
  if (duplicate) throw new AppError('DUPLICATE_PLAYER', `player ${duplicate} is listed twice`);
  return orm.em.transactional(async (em) => {
    await requireLeague(em, leagueId);
    const byId = await requirePlayers(em, ids);
    const added = await enrol(em, leagueId, ids);
    return players.map(({ playerId, mmr }) => {
      const player = byId.get(playerId)!;
      if (mmr !== undefined) player.mmr = mmr;
      return { player, added: added.has(playerId) };
    });
  });
}

/**
 * A team in the league: its captain, then `memberIds` (the captain, if listed there too, counts
 * once). Every member is enrolled in the league. Names are unique in a league ignoring case.
 */
export async function createTeam({ orm, leagueId, name, captainId, memberIds }: {
  orm: Orm; leagueId: string; name: string; captainId: string; memberIds: readonly string[];
}): Promise<StoredTeam> {
  const duplicate = firstDuplicate(memberIds);
  if (duplicate) throw new AppError('DUPLICATE_PLAYER', `player ${duplicate} is listed twice`);
  const ids = [captainId, ...memberIds.filter((id) => id !== captainId)];
  const trimmed = name.trim();
  const exists = () => new AppError('TEAM_EXISTS', `this league already has a team named "${trimmed}"`);
  try {
    return await orm.em.transactional(async (em) => {
      // The league's row lock orders team creations (and drafts) naming teams in it.
      await requireLeague(em, leagueId, { lock: true });
      const byId = await requirePlayers(em, ids);
      if (await em.count(Team, { league: leagueId, nameKey: nameKey(trimmed) }) > 0) throw exists();
      const captain = byId.get(captainId)!;
      const team = em.create(Team, { league: em.getReference(League, leagueId), name: trimmed, nameKey: nameKey(trimmed), captain, draft: null });
      ids.forEach((id, slot) => em.create(TeamMember, { team, player: byId.get(id)!, slot }));
      await enrol(em, leagueId, ids);
      return { team, captain, members: ids.map((id) => byId.get(id)!) };
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw exists();
    throw error;
  }
}

export interface LeagueMatchLine {
  playerId: string;
  kills: number;
  deaths: number;
  assists: number;
  gpm: number;
  xpm: number;
}

export interface LeagueMatchSideReport {
  /** One of the league's teams, if the side was one. */
  teamId?: string | null | undefined;
  players: readonly LeagueMatchLine[];
}

export interface LeagueMatchReport {
  /** The match's id where it was played (e.g. the Dota match id): unique within the league. */
  externalId: string;
  playedAt: Date;
  durationSeconds?: number | null | undefined;
  winner: MatchSide;
  radiant: LeagueMatchSideReport;
  dire: LeagueMatchSideReport;
}

const SIDES: readonly MatchSide[] = ['radiant', 'dire'];

function checkShape(report: LeagueMatchReport): void {
  const ids = [...report.radiant.players, ...report.dire.players].map((line) => line.playerId);
  const duplicate = firstDuplicate(ids);
  if (duplicate) {
    const both = report.radiant.players.some((l) => l.playerId === duplicate) && report.dire.players.some((l) => l.playerId === duplicate);
    throw new AppError('DUPLICATE_PLAYER', `player ${duplicate} is listed ${both ? 'on both sides' : 'twice'}`);
  }
  const radiantTeam = report.radiant.teamId ?? null;
  if (radiantTeam !== null && radiantTeam === (report.dire.teamId ?? null)) {
    throw new AppError('SAME_TEAM', 'a team cannot play on both sides');
  }
}

/** A comparable form of a report or of a stored match: same key, same match. */
function fingerprint(report: {
  playedAt: Date; durationSeconds: number | null; winner: MatchSide;
  teams: Record<MatchSide, string | null>;
  lines: Array<LeagueMatchLine & { side: MatchSide }>;
}): string {
  const lines = [...report.lines]
    .sort((a, b) => a.playerId.localeCompare(b.playerId))
    .map(({ side, playerId, kills, deaths, assists, gpm, xpm }) => [side, playerId, kills, deaths, assists, gpm, xpm]);
  return JSON.stringify([report.playedAt.getTime(), report.durationSeconds, report.winner, report.teams.radiant, report.teams.dire, lines]);
}

function reportFingerprint(report: LeagueMatchReport): string {
  return fingerprint({
    playedAt: report.playedAt, durationSeconds: report.durationSeconds ?? null, winner: report.winner,
    teams: { radiant: report.radiant.teamId ?? null, dire: report.dire.teamId ?? null },
    lines: SIDES.flatMap((side) => report[side].players.map((line) => ({ ...line, side }))),
  });
}

function storedFingerprint({ match, lines }: StoredLeagueMatch): string {
  return fingerprint({
    playedAt: match.playedAt, durationSeconds: match.durationSeconds ?? null, winner: match.winner,
    teams: { radiant: match.radiantTeam?.id ?? null, dire: match.direTeam?.id ?? null },
    lines: lines.map((line) => ({
      side: line.side, playerId: line.player.id,
      kills: line.kills, deaths: line.deaths, assists: line.assists, gpm: line.gpm, xpm: line.xpm,
    })),
  });
}

/** The stored match answers a repeated report, unless the report says something else. */
function sameOrConflict(stored: StoredLeagueMatch, report: LeagueMatchReport): { created: false; stored: StoredLeagueMatch } {
  if (storedFingerprint(stored) !== reportFingerprint(report)) {
    throw new AppError('MATCH_CONFLICT', `match ${report.externalId} is already stored in this league with different details`);
  }
  return { created: false, stored };
}

/**
 * Stores a reported match and adds it to its players' league totals, enrolling players not yet
 * enrolled. Idempotent on (league, externalId); safe against the same report arriving twice at
 * once (the unique index decides) and against reports about the same players at once (their
 * stats rows are locked in player-id order before anything is read).
 */
export async function ingestLeagueMatch({ orm, leagueId, match: report }: {
  orm: Orm; leagueId: string; match: LeagueMatchReport;
}): Promise<{ created: boolean; stored: StoredLeagueMatch }> {
  checkShape(report);
  const externalId = report.externalId.trim();
  const lines = SIDES.flatMap((side) => report[side].players.map((line, slot) => ({ ...line, side, slot })));
  const playerIds = lines.map((line) => line.playerId);
  try {
    return await orm.em.transactional(async (em) => {
      const league = await requireLeague(em, leagueId);
      const players = await requirePlayers(em, playerIds);
      const teams: Record<MatchSide, Team | null> = { radiant: null, dire: null };
      for (const side of SIDES) {
        const teamId = report[side].teamId ?? null;
        if (teamId === null) continue;
        const team = isUuid(teamId) ? await em.findOne(Team, { id: teamId, league }) : null;
        if (!team) throw new AppError('NO_SUCH_TEAM', `no team ${teamId} in this league`);
        teams[side] = team;
      }

      // Stats rows first, locked in player-id order: a second report of this match waits here
      // for the first to commit, then finds it stored.
      await enrol(em, leagueId, playerIds);
      const rows = await em.find(LeaguePlayerStats, { league, player: { $in: playerIds } }, {
        orderBy: { player: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true,
      });
      const existing = await loadLeagueMatch(em, { league: league.id, externalId });
      if (existing) return sameOrConflict(existing, report);

      const match = em.create(LeagueMatch, {
        league, externalId, radiantTeam: teams.radiant, direTeam: teams.dire, winner: report.winner,
        playedAt: report.playedAt, durationSeconds: report.durationSeconds ?? null,
      });
      const stored: LeagueMatchPlayer[] = lines.map((line) => em.create(LeagueMatchPlayer, {
        match, player: players.get(line.playerId)!, side: line.side, slot: line.slot,
        kills: line.kills, deaths: line.deaths, assists: line.assists, gpm: line.gpm, xpm: line.xpm,
        won: line.side === report.winner,
      }));
      for (const line of lines) {
        const row = rows.find((r) => r.player.id === line.playerId)!;
        const won = line.side === report.winner;
        row.gamesPlayed += 1;
        row.wins += won ? 1 : 0;
        row.losses += won ? 0 : 1;
        row.totalKills += line.kills;
        row.totalDeaths += line.deaths;
        row.totalAssists += line.assists;
        row.totalGpm += line.gpm;
        row.totalXpm += line.xpm;
      }
      return { created: true, stored: { match, lines: stored } };
    });
  } catch (error) {
    // The same match reported twice at once: the unique index decided; answer the stored one.
    if (error instanceof UniqueConstraintViolationException && isUuid(leagueId)) {
      const stored = await loadLeagueMatch(orm.em.fork(), { league: leagueId, externalId });
      if (stored) return sameOrConflict(stored, report);
    }
    throw error;
  }
}
