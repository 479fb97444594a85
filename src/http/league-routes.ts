/**
 * Leagues: list and read (anyone), create, enrol players, make teams and report matches
 * (admins), standings with the league MMR and the teams (anyone).
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { League, Player } from '../db/entities/index.ts';
import { AppError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import {
  leagueById, leagueTeams, listLeagues, standings, type Standing, type StoredLeagueMatch, type StoredTeam,
} from '../services/league-selectors.ts';
import { createLeague, createTeam, enrolPlayers, ingestLeagueMatch, isUuid } from '../services/leagues.ts';
import { parseInput } from './errors.ts';
import { requireAdmin } from './player-auth.ts';

/** Ids are compared as stored (lower case). */
const id = z.uuid().transform((value) => value.toLowerCase());
const name = z.string().trim().min(1).max(60);
const mmr = z.number().int().min(0).max(20_000);
const count = (max: number) => z.number().int().min(0).max(max);

const leagueBody = z.object({ name }).strict();

const enrolmentBody = z.object({
  players: z.array(z.object({ playerId: id, mmr: mmr.optional() }).strict()).min(1).max(256),
}).strict();

const teamBody = z.object({
  name,
  captainId: id,
  /** The other players; the captain may be listed too (counted once). */
  memberIds: z.array(id).max(63).default([]),
}).strict();

const line = z.object({
  playerId: id,
  kills: count(1000),
  deaths: count(1000),
  assists: count(1000),
  gpm: count(100_000),
  xpm: count(100_000),
}).strict();

const side = z.object({
  teamId: id.nullable().optional(),
  players: z.array(line).min(1).max(5),
}).strict();

const matchBody = z.object({
  /** The match's id where it was played; a number is taken as its decimal digits. */
  externalId: z.union([z.string().trim().min(1).max(64), z.number().int().min(0).transform(String)]),
  playedAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
  durationSeconds: z.number().int().min(1).max(86_400).nullable().optional(),
  winner: z.enum(['radiant', 'dire']),
  radiant: side,
  dire: side,
}).strict();

export function leagueView(league: League) {
  return { id: league.id, name: league.name, createdAt: league.createdAt.toISOString() };
}

function memberView(player: Player) {
  return { id: player.id, username: player.username, baseMmr: player.mmr ?? null };
}

export function teamView({ team, captain, members }: StoredTeam) {
  return {
    id: team.id,
    leagueId: team.league.id,
    name: team.name,
    draftRoomId: team.draft?.roomId ?? null,
    createdAt: team.createdAt.toISOString(),
    captain: memberView(captain),
    members: members.map(memberView),
  };
}

export function leagueMatchView({ match, lines }: StoredLeagueMatch) {
  const sideView = (side: 'radiant' | 'dire') => ({
    teamId: (side === 'radiant' ? match.radiantTeam : match.direTeam)?.id ?? null,
    players: lines.filter((l) => l.side === side).sort((a, b) => a.slot - b.slot).map((l) => ({
      playerId: l.player.id, username: l.player.username,
      kills: l.kills, deaths: l.deaths, assists: l.assists, gpm: l.gpm, xpm: l.xpm, won: l.won,
    })),
  });
  return {
    id: match.id,
    leagueId: match.league.id,
    externalId: match.externalId,
    playedAt: match.playedAt.toISOString(),
    durationSeconds: match.durationSeconds ?? null,
    winner: match.winner,
    createdAt: match.createdAt.toISOString(),
    radiant: sideView('radiant'),
    dire: sideView('dire'),
  };
}

function standingView({ player, totals, stats, adjustment, leagueMmr }: Standing) {
  return {
    id: player.id,
    username: player.username,
    baseMmr: player.mmr ?? null,
    leagueMmr,
    adjustment: adjustment.adjustment,
    components: { winRate: adjustment.winRate, kda: adjustment.kda, gpm: adjustment.gpm },
    totals,
    stats: {
      winRate: stats.winRate, avgKills: stats.avgKills, avgDeaths: stats.avgDeaths, avgAssists: stats.avgAssists,
      avgKda: stats.avgKda, avgGpm: stats.avgGpm, avgXpm: stats.avgXpm,
    },
  };
}

/** The league id of the path, checked to be a uuid (anything else names no league). */
function leagueIdOf(req: Request): string {
  const value = String(req.params.id);
  if (!isUuid(value)) throw new AppError('NO_SUCH_LEAGUE', `no league ${value}`);
  return value.toLowerCase();
}

function noSuchLeague(leagueId: string): AppError {
  return new AppError('NO_SUCH_LEAGUE', `no league ${leagueId}`);
}

export function leagueRoutes(rt: Runtime): Router {
  const router = Router();
  const orm = rt.db.orm;

  router.get('/api/leagues', async (_req, res) => {
    res.json({ leagues: (await listLeagues({ orm })).map(leagueView) });
  });

  router.post('/api/leagues', async (req, res) => {
    const admin = await requireAdmin(rt, req);
    const input = parseInput(leagueBody, req.body);
    const league = await createLeague({ orm, name: input.name });
    rt.log.info({ leagueId: league.id, by: admin.id }, 'league created');
    res.status(201).json(leagueView(league));
  });

  router.get('/api/leagues/:id', async (req, res) => {
    const leagueId = leagueIdOf(req);
    const found = await leagueById({ orm, id: leagueId });
    if (!found) throw noSuchLeague(leagueId);
    res.json({ ...leagueView(found.league), counts: found.counts });
  });

  router.post('/api/leagues/:id/players', async (req, res) => {
    await requireAdmin(rt, req);
    const leagueId = leagueIdOf(req);
    const { players } = parseInput(enrolmentBody, req.body);
    const enrolled = await enrolPlayers({ orm, leagueId, players });
    res.json({ players: enrolled.map(({ player, added }) => ({ ...memberView(player), added })) });
  });

  router.post('/api/leagues/:id/teams', async (req, res) => {
    await requireAdmin(rt, req);
    const leagueId = leagueIdOf(req);
    const input = parseInput(teamBody, req.body);
    const team = await createTeam({ orm, leagueId, ...input });
    res.status(201).json(teamView(team));
  });

  router.get('/api/leagues/:id/teams', async (req, res) => {
    const leagueId = leagueIdOf(req);
    const teams = await leagueTeams({ orm, leagueId });
    if (!teams) throw noSuchLeague(leagueId);
    res.json({ teams: teams.map(teamView) });
  });

  router.post('/api/leagues/:id/matches', async (req, res) => {
    const admin = await requireAdmin(rt, req);
    const leagueId = leagueIdOf(req);
    const match = parseInput(matchBody, req.body);
    const { created, stored } = await ingestLeagueMatch({ orm, leagueId, match });
    if (created) rt.log.info({ leagueId, matchId: stored.match.id, externalId: match.externalId, by: admin.id }, 'league match stored');
    res.status(created ? 201 : 200).json(leagueMatchView(stored));
  });

  router.get('/api/leagues/:id/standings', async (req, res) => {
    const leagueId = leagueIdOf(req);
    const table = await standings({ orm, leagueId });
    if (!table) throw noSuchLeague(leagueId);
    res.json({
      league: leagueView(table.league),
      minGames: table.minGames,
      averages: table.averages ?? null,
      players: table.players.map(standingView),
    });
  });

  return router;
}
