/**
 * Leagues and drafts in the service and REST tests: players made straight in the database with
 * tokens signed by the server's own signer (no password hashing), the configured admin, and the
 * league routes' bodies.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Player } from '../../src/db/entities/index.ts';
import type { DraftSettings } from '../../src/games/draft/options.ts';
import type { FinishedDraft } from '../../src/services/drafts.ts';
import { api, guest, harness, uniqueName } from './harness.ts';

export const orm = () => harness().app.runtime.db.orm;

export interface TestPlayer { id: string; username: string; token: string }

async function tokenFor(player: Player): Promise<string> {
  return harness().app.runtime.tokens.sign({ playerId: player.id, username: player.username, guest: player.guest });
}

/** A registered (non-guest, non-admin) player with a token; `mmr` is its base MMR. */
export async function registeredPlayer({ prefix = 'lg', mmr = null }: { prefix?: string; mmr?: number | null } = {}): Promise<TestPlayer> {
  const em = orm().em.fork();
  const username = uniqueName(prefix);
  const player = em.create(Player, { username, usernameKey: username.toLowerCase(), guest: false, mmr });
  await em.flush();
  return { id: player.id, username, token: await tokenFor(player) };
}

export function players(n: number, options: { prefix?: string; mmr?: number | null } = {}): Promise<TestPlayer[]> {
  return Promise.all(Array.from({ length: n }, () => registeredPlayer(options)));
}

/** The admin of test/hooks.ts (ADMIN_USERNAMES=RootAdmin), registered through the API on first use. */
export async function adminToken(): Promise<string> {
  const find = () => orm().em.fork().findOne(Player, { usernameKey: 'rootadmin' });
  let admin = await find();
  if (!admin) {
    // The password test/http/auth.test.ts uses for the same admin, so either may come first.
    const response = await api('/api/auth/register', { method: 'POST', body: { username: 'RootAdmin', password: 'correct horse battery' } });
    assert.ok(response.status === 201 || response.status === 409, JSON.stringify(response.body));
    admin = await find();
  }
  assert.ok(admin, 'the admin exists');
  return tokenFor(admin);
}

/** Tokens of everyone who is not an admin: none, a guest, a registered player. */
export async function nonAdmins(): Promise<Array<{ who: string; token: string | undefined; status: number; code: string }>> {
  const visitor = await guest();
  const plain = await registeredPlayer({ prefix: 'na' });
  return [
    { who: 'no token', token: undefined, status: 401, code: 'UNAUTHORIZED' },
    { who: 'a guest', token: visitor.token, status: 403, code: 'FORBIDDEN' },
    { who: 'a registered player', token: plain.token, status: 403, code: 'FORBIDDEN' },
  ];
}

/** A league name no other test (or earlier run on the same database) has used. */
export function leagueName(prefix = 'League'): string {
  return `${prefix} ${uniqueName('l')}`;
}

export interface Line { kills: number; deaths: number; assists: number; gpm: number; xpm: number }

export const line = (playerId: string, stats: Line) => ({ playerId, ...stats });

/** A match body for POST /api/leagues/:id/matches (and ingestLeagueMatch, with a Date). */
export function matchBody({ externalId = uniqueName('m'), radiant, dire, winner = 'radiant', playedAt = '2026-11-20T18:00:00.000Z', durationSeconds = 2400 }: {
  externalId?: string;
  radiant: Array<ReturnType<typeof line>>;
  dire: Array<ReturnType<typeof line>>;
  winner?: 'radiant' | 'dire';
  playedAt?: string;
  durationSeconds?: number | null;
}) {
  return { externalId, playedAt, durationSeconds, winner, radiant: { players: radiant }, dire: { players: dire } };
}

export const STATS: Line = { kills: 5, deaths: 3, assists: 7, gpm: 450, xpm: 500 };

export const T0 = Date.parse('2026-11-24T20:00:00Z');

/**
 * A completed snake draft of two teams of three (captain + two picks) from a pool of five: one
 * player is left undrafted. Captain A has a base MMR already; everybody else has none.
 */
export async function playersDraft({ leagueId = null, status = 'completed', names = ['Alpha', 'Beta'] }: {
  leagueId?: string | null; status?: FinishedDraft['status']; names?: [string, string] | string[];
} = {}): Promise<{ draft: FinishedDraft; organiser: TestPlayer; captains: TestPlayer[]; pool: TestPlayer[] }> {
  const organiser = await registeredPlayer({ prefix: 'org' });
  const captains = [await registeredPlayer({ prefix: 'cap', mmr: 4444 }), await registeredPlayer({ prefix: 'cap' })];
  const pool = await players(5, { prefix: 'pool' });
  const settings: DraftSettings = {
    kind: 'players', style: 'snake', pickSeconds: 30, ...(leagueId ? { leagueId } : {}),
    teams: [
      { name: names[0], captainId: captains[0]!.id, captainMmr: 5000 },
      { name: names[1], captainId: captains[1]!.id, captainMmr: 4800 },
    ],
    pool: pool.map((p, i) => ({ playerId: p.id, name: p.username, mmr: 3000 + 100 * i })),
  };
  // Snake: team 0, team 1, team 1, team 0.
  const picks = [[0, pool[4]!], [1, pool[3]!], [1, pool[0]!], [0, pool[2]!]] as const;
  const draft: FinishedDraft = {
    roomId: `d${randomUUID().slice(0, 8)}`,
    kind: 'players', style: 'snake', leagueId, organiserId: organiser.id, status, settings,
    teams: [
      { index: 0, name: names[0]!, captainId: captains[0]!.id, members: [pool[4]!.id, pool[2]!.id], bans: [], totalMmr: 5000 + 3400 + 3200, side: null, order: null },
      { index: 1, name: names[1]!, captainId: captains[1]!.id, members: [pool[3]!.id, pool[0]!.id], bans: [], totalMmr: 4800 + 3300 + 3000, side: null, order: null },
    ],
    rounds: picks.map(([team, player], i) => ({
      n: i + 1, team, captainId: captains[team]!.id, action: 'pick', choice: player.id,
      auto: i === 2, timedOut: i === 2, wasTie: false, tieRolls: [], at: T0 + 1000 * (i + 1),
    })),
    events: [
      { type: 'connected', at: T0, team: 0, captainId: captains[0]!.id },
      ...picks.map(([team, player], i) => ({ type: 'pick' as const, at: T0 + 1000 * (i + 1), n: i + 1, team, choice: player.id, auto: i === 2 })),
      { type: 'completed', at: T0 + 5000 },
    ],
    createdAt: new Date(T0 - 60_000), startedAt: new Date(T0), endedAt: new Date(T0 + 5000),
  };
  return { draft, organiser, captains, pool };
}
