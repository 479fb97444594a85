import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api } from '../support/harness.ts';
import {
  adminToken, leagueName, line, matchBody, nonAdmins, players, registeredPlayer, STATS, type Line, type TestPlayer,
} from '../support/leagues.ts';

let admin: string;

async function newLeague(): Promise<{ id: string; name: string }> {
  const response = await api('/api/leagues', { method: 'POST', token: admin, body: { name: leagueName() } });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body;
}

/** POST as the admin, or with `as` (a token, or null for none). */
const post = (path: string, body: unknown, as?: string | null) => api(path, { method: 'POST', token: as === undefined ? admin : as ?? undefined, body });

describe('REST: leagues', () => {
  before(async () => {
    admin = await adminToken();
  });

  describe('who may change a league', () => {
    it('refuses every admin route without a token (401), to a guest and to a registered non-admin (403), and changes nothing', async () => {
      const league = await newLeague();
      const [a, b] = await players(2);
      const routes: Array<[string, unknown]> = [
        ['/api/leagues', { name: leagueName() }],
        [`/api/leagues/${league.id}/players`, { players: [{ playerId: a!.id, mmr: 3000 }] }],
        [`/api/leagues/${league.id}/teams`, { name: 'Team', captainId: a!.id, memberIds: [b!.id] }],
        [`/api/leagues/${league.id}/matches`, matchBody({ radiant: [line(a!.id, STATS)], dire: [line(b!.id, STATS)] })],
      ];
      for (const { who, token, status, code } of await nonAdmins()) {
        for (const [path, body] of routes) {
          const response = await post(path, body, token ?? null);
          assert.equal(response.status, status, `${who} POST ${path}: ${JSON.stringify(response.body)}`);
          assert.equal(response.body.error.code, code, `${who} POST ${path}`);
        }
      }
      const view = await api(`/api/leagues/${league.id}`);
      assert.deepEqual(view.body.counts, { players: 0, teams: 0, matches: 0 });
    });
  });

  describe('leagues', () => {
    it('creates a league (201), refuses its name again (409 LEAGUE_EXISTS), lists it and shows it', async () => {
      const name = leagueName();
      const created = await post('/api/leagues', { name: `  ${name}  ` });
      assert.equal(created.status, 201);
      assert.deepEqual(Object.keys(created.body).sort(), ['createdAt', 'id', 'name']);
      assert.equal(created.body.name, name);
      const again = await post('/api/leagues', { name: name.toLowerCase() });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'LEAGUE_EXISTS');

      const list = await api('/api/leagues');
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.leagues.find((l: { id: string }) => l.id === created.body.id), created.body);

      const one = await api(`/api/leagues/${created.body.id}`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.body, { ...created.body, counts: { players: 0, teams: 0, matches: 0 } });
    });

    it('answers 404 NO_SUCH_LEAGUE for an unknown or malformed league id on every league route', async () => {
      const [a, b] = await players(2);
      for (const id of [randomUUID(), 'not-a-uuid', '1']) {
        for (const path of [`/api/leagues/${id}`, `/api/leagues/${id}/standings`, `/api/leagues/${id}/teams`]) {
          const response = await api(path);
          assert.equal(response.status, 404, path);
          assert.equal(response.body.error.code, 'NO_SUCH_LEAGUE', path);
        }
        for (const [path, body] of [
          [`/api/leagues/${id}/players`, { players: [{ playerId: a!.id }] }],
          [`/api/leagues/${id}/teams`, { name: 'T', captainId: a!.id }],
          [`/api/leagues/${id}/matches`, matchBody({ radiant: [line(a!.id, STATS)], dire: [line(b!.id, STATS)] })],
        ] as const) {
          const response = await post(path, body);
          assert.equal(response.status, 404, path);
          assert.equal(response.body.error.code, 'NO_SUCH_LEAGUE', path);
        }
      }
    });

    it('answers 400 INVALID_PAYLOAD to a bad league body', async () => {
      for (const body of [{}, { name: '' }, { name: '   ' }, { name: 'x'.repeat(61) }, { name: 'ok', extra: 1 }, { name: 5 }]) {
        const response = await post('/api/leagues', body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.error.code, 'INVALID_PAYLOAD');
      }
    });
  });

  describe('players and teams', () => {
    it('enrols players with their base MMR, idempotently, and refuses unknown players', async () => {
      const league = await newLeague();
      const [a, b] = await players(2);
      const first = await post(`/api/leagues/${league.id}/players`, { players: [{ playerId: a!.id, mmr: 4200 }, { playerId: b!.id }] });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(first.body, { players: [
        { id: a!.id, username: a!.username, baseMmr: 4200, added: true },
        { id: b!.id, username: b!.username, baseMmr: null, added: true },
      ] });
      const second = await post(`/api/leagues/${league.id}/players`, { players: [{ playerId: a!.id.toUpperCase() }] });
      assert.deepEqual(second.body, { players: [{ id: a!.id, username: a!.username, baseMmr: 4200, added: false }] });

      const unknown = await post(`/api/leagues/${league.id}/players`, { players: [{ playerId: randomUUID() }] });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error.code, 'NO_SUCH_PLAYER');
      const twice = await post(`/api/leagues/${league.id}/players`, { players: [{ playerId: a!.id }, { playerId: a!.id }] });
      assert.equal(twice.status, 400);
      assert.equal(twice.body.error.code, 'DUPLICATE_PLAYER');
      for (const body of [{}, { players: [] }, { players: [{ playerId: 'abc' }] }, { players: [{ playerId: a!.id, mmr: -1 }] },
        { players: [{ playerId: a!.id, mmr: 1.5 }] }, { players: [{ playerId: a!.id, rank: 1 }] }]) {
        const response = await post(`/api/leagues/${league.id}/players`, body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.error.code, 'INVALID_PAYLOAD');
      }
      const standings = await api(`/api/leagues/${league.id}/standings`);
      assert.equal(standings.body.players.length, 2);
    });

    it('makes a team (201) and lists the league\'s teams with captain and members', async () => {
      const league = await newLeague();
      const [captain, x, y] = await players(3);
      await post(`/api/leagues/${league.id}/players`, { players: [{ playerId: x!.id, mmr: 3100 }] });
      const created = await post(`/api/leagues/${league.id}/teams`, { name: 'Night Owls', captainId: captain!.id, memberIds: [x!.id, y!.id] });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const expected = {
        id: created.body.id, leagueId: league.id, name: 'Night Owls', draftRoomId: null, createdAt: created.body.createdAt,
        captain: { id: captain!.id, username: captain!.username, baseMmr: null },
        members: [
          { id: captain!.id, username: captain!.username, baseMmr: null },
          { id: x!.id, username: x!.username, baseMmr: 3100 },
          { id: y!.id, username: y!.username, baseMmr: null },
        ],
      };
      assert.deepEqual(created.body, expected);
      const listed = await api(`/api/leagues/${league.id}/teams`);
      assert.deepEqual(listed.body, { teams: [expected] });

      const again = await post(`/api/leagues/${league.id}/teams`, { name: 'night owls', captainId: x!.id });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'TEAM_EXISTS');
      const unknown = await post(`/api/leagues/${league.id}/teams`, { name: 'Ghosts', captainId: randomUUID() });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error.code, 'NO_SUCH_PLAYER');
      for (const body of [{}, { name: 'T' }, { name: 'T', captainId: 'x' }, { name: 'T', captainId: x!.id, memberIds: ['x'] }, { name: '', captainId: x!.id }]) {
        const response = await post(`/api/leagues/${league.id}/teams`, body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.error.code, 'INVALID_PAYLOAD');
      }
    });
  });

  describe('matches', () => {
    let league: { id: string };
    let a: TestPlayer;
    let b: TestPlayer;
    let c: TestPlayer;

    before(async () => {
      league = await newLeague();
      [a, b, c] = await players(3) as [TestPlayer, TestPlayer, TestPlayer];
    });

    const totalsOf = async (playerId: string) => {
      const standings = await api(`/api/leagues/${league.id}/standings`);
      return standings.body.players.find((p: { id: string }) => p.id === playerId)?.totals;
    };

    it('stores a match (201), answers the same body with 200 when it is reported again, and counts it once', async () => {
      const body = matchBody({ radiant: [line(a.id, STATS), line(b.id, { ...STATS, kills: 9 })], dire: [line(c.id, STATS)], winner: 'dire' });
      const first = await post(`/api/leagues/${league.id}/matches`, body);
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.deepEqual(first.body, {
        id: first.body.id, leagueId: league.id, externalId: body.externalId, playedAt: body.playedAt,
        durationSeconds: 2400, winner: 'dire', createdAt: first.body.createdAt,
        radiant: { teamId: null, players: [
          { playerId: a.id, username: a.username, ...STATS, won: false },
          { playerId: b.id, username: b.username, ...STATS, kills: 9, won: false },
        ] },
        dire: { teamId: null, players: [{ playerId: c.id, username: c.username, ...STATS, won: true }] },
      });
      const second = await post(`/api/leagues/${league.id}/matches`, body);
      assert.equal(second.status, 200);
      assert.deepEqual(second.body, first.body);
      assert.deepEqual(await totalsOf(a.id), {
        gamesPlayed: 1, wins: 0, losses: 1, totalKills: STATS.kills, totalDeaths: STATS.deaths, totalAssists: STATS.assists,
        totalGpm: STATS.gpm, totalXpm: STATS.xpm,
      });
      assert.equal((await totalsOf(c.id)).wins, 1);
      assert.equal((await api(`/api/leagues/${league.id}`)).body.counts.matches, 1);
    });

    it('refuses a different report of a stored match with 409 MATCH_CONFLICT', async () => {
      const body = matchBody({ radiant: [line(a.id, STATS)], dire: [line(b.id, STATS)] });
      assert.equal((await post(`/api/leagues/${league.id}/matches`, body)).status, 201);
      const before = await totalsOf(a.id);
      for (const other of [{ ...body, winner: 'dire' }, { ...body, dire: { players: [line(c.id, STATS)] } }, { ...body, playedAt: '2026-11-20T19:00:00Z' }]) {
        const response = await post(`/api/leagues/${league.id}/matches`, other);
        assert.equal(response.status, 409, JSON.stringify(response.body));
        assert.equal(response.body.error.code, 'MATCH_CONFLICT');
      }
      assert.deepEqual(await totalsOf(a.id), before);
    });

    it('stores a match reported twice at the same moment once (one 201, one 200)', async () => {
      const body = matchBody({ radiant: [line(a.id, STATS)], dire: [line(b.id, STATS), line(c.id, STATS)] });
      const before = await totalsOf(b.id);
      const responses = await Promise.all([1, 2, 3].map(() => post(`/api/leagues/${league.id}/matches`, body)));
      assert.deepEqual(responses.map((r) => r.status).sort(), [200, 200, 201]);
      assert.equal(new Set(responses.map((r) => r.body.id)).size, 1);
      assert.equal((await totalsOf(b.id)).gamesPlayed, before.gamesPlayed + 1);
    });

    it('takes a numeric external id as its digits, and links the sides to the league\'s teams', async () => {
      const radiantTeam = await post(`/api/leagues/${league.id}/teams`, { name: `R${Date.now()}`, captainId: a.id });
      const direTeam = await post(`/api/leagues/${league.id}/teams`, { name: `D${Date.now()}`, captainId: b.id });
      const body = {
        ...matchBody({ radiant: [line(a.id, STATS)], dire: [line(b.id, STATS)] }), externalId: 7_654_321_012,
      };
      body.radiant = { ...body.radiant, teamId: radiantTeam.body.id } as typeof body.radiant;
      body.dire = { ...body.dire, teamId: direTeam.body.id } as typeof body.dire;
      const response = await post(`/api/leagues/${league.id}/matches`, body);
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.equal(response.body.externalId, '7654321012');
      assert.equal(response.body.radiant.teamId, radiantTeam.body.id);
      assert.equal(response.body.dire.teamId, direTeam.body.id);
      const again = await post(`/api/leagues/${league.id}/matches`, { ...body, externalId: '7654321012' });
      assert.equal(again.status, 200);

      const elsewhere = await newLeague();
      const foreign = await post(`/api/leagues/${elsewhere.id}/matches`, body);
      assert.equal(foreign.status, 404);
      assert.equal(foreign.body.error.code, 'NO_SUCH_TEAM');
      const same = await post(`/api/leagues/${league.id}/matches`, { ...body, externalId: 'same-team', dire: { ...body.dire, teamId: radiantTeam.body.id } });
      assert.equal(same.status, 400);
      assert.equal(same.body.error.code, 'SAME_TEAM');
    });

    it('refuses a player on both sides or twice (400 DUPLICATE_PLAYER) and an unknown player (404 NO_SUCH_PLAYER)', async () => {
      for (const body of [
        matchBody({ radiant: [line(a.id, STATS)], dire: [line(a.id, STATS)] }),
        matchBody({ radiant: [line(a.id, STATS), line(a.id, STATS)], dire: [line(b.id, STATS)] }),
      ]) {
        const response = await post(`/api/leagues/${league.id}/matches`, body);
        assert.equal(response.status, 400);
        assert.equal(response.body.error.code, 'DUPLICATE_PLAYER');
      }
      const unknown = await post(`/api/leagues/${league.id}/matches`, matchBody({ radiant: [line(a.id, STATS)], dire: [line(randomUUID(), STATS)] }));
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error.code, 'NO_SUCH_PLAYER');
    });

    it('answers 400 INVALID_PAYLOAD to bad match bodies, naming the field', async () => {
      const good = matchBody({ radiant: [line(a.id, STATS)], dire: [line(b.id, STATS)] });
      const six = (await players(6)).map((p) => line(p.id, STATS));
      const cases: Array<[unknown, string]> = [
        [{ ...good, externalId: '' }, 'externalId'],
        [{ ...good, externalId: -1 }, 'externalId'],
        [{ ...good, playedAt: 'yesterday' }, 'playedAt'],
        [{ ...good, playedAt: undefined }, 'playedAt'],
        [{ ...good, winner: 'draw' }, 'winner'],
        [{ ...good, durationSeconds: 0 }, 'durationSeconds'],
        [{ ...good, radiant: { players: [] } }, 'radiant.players'],
        [{ ...good, radiant: { players: six } }, 'radiant.players'],
        [{ ...good, radiant: { players: [{ ...line(a.id, STATS), kills: -1 }] } }, 'radiant.players.0.kills'],
        [{ ...good, radiant: { players: [{ ...line(a.id, STATS), gpm: 450.5 }] } }, 'radiant.players.0.gpm'],
        [{ ...good, dire: { players: [{ ...line(b.id, STATS), hero: 'pudge' }] } }, 'dire.players.0'],
        [{ ...good, dire: { players: [line('b', STATS)] } }, 'dire.players.0.playerId'],
        [{ ...good, dire: { teamId: 'x', players: [line(b.id, STATS)] } }, 'dire.teamId'],
        [{ ...good, mvp: a.id }, ''],
      ];
      for (const [body, path] of cases) {
        const response = await post(`/api/leagues/${league.id}/matches`, body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.error.code, 'INVALID_PAYLOAD');
        assert.ok(response.body.error.fields.some((f: { path: string }) => f.path === path), `${path} in ${JSON.stringify(response.body.error.fields)}`);
      }
      const notJson = await api(`/api/leagues/${league.id}/matches`, { method: 'POST', token: admin, body: '{"externalId":' });
      assert.equal(notJson.status, 400);
      assert.equal(notJson.body.error.code, 'INVALID_JSON');
    });
  });

  describe('standings', () => {
    /**
     * docs/leagues.md §2, worked example: per-game lines and win/loss counts. Each player plays
     * every game with their average line, so their totals are exactly the example's.
     */
    const EXAMPLE: Record<string, { wins: number; losses: number; line: Line; mmr: number }> = {
      A: { wins: 7, losses: 3, line: { kills: 8, deaths: 4, assists: 12, gpm: 550, xpm: 600 }, mmr: 4000 },
      B: { wins: 5, losses: 5, line: { kills: 5, deaths: 5, assists: 11, gpm: 450, xpm: 500 }, mmr: 3500 },
      C: { wins: 2, losses: 6, line: { kills: 2, deaths: 6, assists: 6, gpm: 350, xpm: 400 }, mmr: 3000 },
      D: { wins: 11, losses: 9, line: { kills: 5, deaths: 5, assists: 7, gpm: 450, xpm: 480 }, mmr: 4200 },
      E: { wins: 3, losses: 0, line: { kills: 10, deaths: 0, assists: 10, gpm: 700, xpm: 750 }, mmr: 5000 },
    };

    /**
     * Matches that give every player exactly their wins and losses: each match puts the player
     * with the most losses left on the losing side and one (or, while more wins than losses
     * are left, two) of the players with the most wins left on the winning side.
     */
    function schedule(): Array<{ winners: string[]; losers: string[] }> {
      const left = Object.fromEntries(Object.entries(EXAMPLE).map(([k, v]) => [k, { wins: v.wins, losses: v.losses }]));
      const matches: Array<{ winners: string[]; losers: string[] }> = [];
      const by = (key: 'wins' | 'losses', except: string[] = []) => Object.keys(left)
        .filter((k) => left[k]![key] > 0 && !except.includes(k))
        .sort((x, y) => left[y]![key] - left[x]![key] || x.localeCompare(y));
      while (Object.values(left).some((v) => v.wins + v.losses > 0)) {
        const wins = Object.values(left).reduce((n, v) => n + v.wins, 0);
        const losses = Object.values(left).reduce((n, v) => n + v.losses, 0);
        const losers = by('losses').slice(0, 1);
        const winners = by('wins', losers).slice(0, wins > losses ? 2 : 1);
        assert.ok(losers.length === 1 && winners.length > 0, 'the schedule works out');
        for (const k of winners) left[k]!.wins -= 1;
        for (const k of losers) left[k]!.losses -= 1;
        matches.push({ winners, losers });
      }
      return matches;
    }

    it('computes the league MMR of docs/leagues.md §2 from ingested matches: +245, +25, −219, −5, 0, in league MMR order', async () => {
      const league = await newLeague();
      const ids: Record<string, TestPlayer> = {};
      for (const key of Object.keys(EXAMPLE)) ids[key] = await registeredPlayer({ prefix: `ex${key}` });
      const f = await registeredPlayer({ prefix: 'exF' });
      const g = await registeredPlayer({ prefix: 'exG' });
      const enrolled = await post(`/api/leagues/${league.id}/players`, {
        players: [...Object.entries(EXAMPLE).map(([k, v]) => ({ playerId: ids[k]!.id, mmr: v.mmr })), { playerId: f.id, mmr: 4500 }, { playerId: g.id }],
      });
      assert.equal(enrolled.status, 200, JSON.stringify(enrolled.body));

      const matches = schedule();
      for (const [i, { winners, losers }] of matches.entries()) {
        const winner = i % 2 === 0 ? 'radiant' : 'dire';
        const lines = (keys: string[]) => keys.map((k) => line(ids[k]!.id, EXAMPLE[k]!.line));
        const body = matchBody({
          externalId: `ex-${i}`, winner,
          radiant: lines(winner === 'radiant' ? winners : losers),
          dire: lines(winner === 'radiant' ? losers : winners),
        });
        const response = await post(`/api/leagues/${league.id}/matches`, body);
        assert.equal(response.status, 201, JSON.stringify(response.body));
      }

      const response = await api(`/api/leagues/${league.id}/standings`);
      assert.equal(response.status, 200);
      const table = response.body;
      assert.equal(table.minGames, 5);
      assert.deepEqual(table.league, { id: league.id, name: league.name, createdAt: table.league.createdAt });
      assert.equal(table.averages.players, 4);
      assert.ok(Math.abs(table.averages.winRate - 0.5) < 1e-9);
      assert.ok(Math.abs(table.averages.kda - 2.8) < 1e-9);
      assert.ok(Math.abs(table.averages.gpm - 450) < 1e-9);

      const row = (key: string) => table.players.find((p: { id: string }) => p.id === ids[key]!.id);
      for (const [key, { wins, losses, line: per }] of Object.entries(EXAMPLE)) {
        const games = wins + losses;
        assert.deepEqual(row(key).totals, {
          gamesPlayed: games, wins, losses, totalKills: per.kills * games, totalDeaths: per.deaths * games,
          totalAssists: per.assists * games, totalGpm: per.gpm * games, totalXpm: per.xpm * games,
        }, key);
      }
      assert.deepEqual(['A', 'B', 'C', 'D', 'E'].map((k) => row(k).adjustment), [245, 25, -219, -5, 0]);
      assert.deepEqual(['A', 'B', 'C', 'D', 'E'].map((k) => row(k).leagueMmr), [4245, 3525, 2781, 4195, null]);
      assert.ok(Math.abs(row('A').stats.avgKda - 5) < 1e-9);
      assert.ok(Math.abs(row('C').components.winRate + 0.5) < 1e-9);
      assert.equal(row('E').baseMmr, 5000);

      assert.deepEqual(table.players.map((p: { id: string }) => p.id),
        [ids.A!.id, ids.D!.id, ids.B!.id, ids.C!.id, ids.E!.id, f.id, g.id],
        'league MMR first (A 4245, D 4195, B 3525, C 2781), then by base MMR (E 5000, F 4500), then none (G)');
      assert.deepEqual(table.players.at(-1), {
        id: g.id, username: g.username, baseMmr: null, leagueMmr: null, adjustment: 0,
        components: { winRate: 0, kda: 0, gpm: 0 },
        totals: { gamesPlayed: 0, wins: 0, losses: 0, totalKills: 0, totalDeaths: 0, totalAssists: 0, totalGpm: 0, totalXpm: 0 },
        stats: { winRate: 0, avgKills: 0, avgDeaths: 0, avgAssists: 0, avgKda: 0, avgGpm: 0, avgXpm: 0 },
      });
    });

    it('has no averages while nobody has 5 games', async () => {
      const league = await newLeague();
      const response = await api(`/api/leagues/${league.id}/standings`);
      assert.deepEqual(response.body.averages, null);
      assert.deepEqual(response.body.players, []);
    });
  });
});
