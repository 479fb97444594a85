import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { LeagueMatch, LeagueMatchPlayer, LeaguePlayerStats, Player, TeamMember } from '../../src/db/entities/index.ts';
import { AppError } from '../../src/errors.ts';
import {
  createLeague, createTeam, enrolPlayers, ingestLeagueMatch, type LeagueMatchReport,
} from '../../src/services/leagues.ts';
import { standings } from '../../src/services/league-selectors.ts';
import { leagueName, orm, players, registeredPlayer, STATS, type Line } from '../support/leagues.ts';

function refusedWith(code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  };
}

async function league(): Promise<string> {
  return (await createLeague({ orm: orm(), name: leagueName() })).id;
}

function report({ radiant, dire, winner = 'radiant', externalId = randomUUID(), stats = STATS }: {
  radiant: string[]; dire: string[]; winner?: 'radiant' | 'dire'; externalId?: string; stats?: Line;
}): LeagueMatchReport {
  return {
    externalId, playedAt: new Date('2026-11-20T18:00:00Z'), durationSeconds: 2400, winner,
    radiant: { players: radiant.map((playerId) => ({ playerId, ...stats })) },
    dire: { players: dire.map((playerId) => ({ playerId, ...stats })) },
  };
}

async function statsOf(leagueId: string, playerId: string) {
  return orm().em.fork().findOneOrFail(LeaguePlayerStats, { league: leagueId, player: playerId });
}

describe('leagues (services)', () => {
  describe('createLeague', () => {
    it('refuses a name already taken, ignoring case and surrounding spaces', async () => {
      const name = leagueName();
      const created = await createLeague({ orm: orm(), name: `  ${name} ` });
      assert.equal(created.name, name);
      await assert.rejects(createLeague({ orm: orm(), name: name.toUpperCase() }), refusedWith('LEAGUE_EXISTS'));
    });

    it('creates a name once when asked twice at the same moment', async () => {
      const name = leagueName();
      const results = await Promise.allSettled([createLeague({ orm: orm(), name }), createLeague({ orm: orm(), name })]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      refusedWith('LEAGUE_EXISTS')(refused.reason);
    });
  });

  describe('enrolPlayers', () => {
    it('creates zero totals, sets the base MMR where given, and is idempotent', async () => {
      const leagueId = await league();
      const [a, b] = await players(2, { mmr: 3000 });
      const first = await enrolPlayers({ orm: orm(), leagueId, players: [{ playerId: a!.id, mmr: 4100 }, { playerId: b!.id }] });
      assert.deepEqual(first.map((e) => [e.player.id, e.added, e.player.mmr]), [[a!.id, true, 4100], [b!.id, true, 3000]]);
      const row = await statsOf(leagueId, a!.id);
      assert.deepEqual([row.gamesPlayed, row.wins, row.losses, row.totalKills, row.totalDeaths, row.totalAssists, row.totalGpm, row.totalXpm], [0, 0, 0, 0, 0, 0, 0, 0]);
      const again = await enrolPlayers({ orm: orm(), leagueId, players: [{ playerId: a!.id }, { playerId: b!.id, mmr: 2500 }] });
      assert.deepEqual(again.map((e) => [e.added, e.player.mmr]), [[false, 4100], [false, 2500]]);
      assert.equal(await orm().em.fork().count(LeaguePlayerStats, { league: leagueId }), 2);
      assert.equal((await orm().em.fork().findOneOrFail(Player, { id: b!.id })).mmr, 2500);
    });

    it('refuses an unknown player, an unknown league and a player listed twice, and enrols nobody', async () => {
      const leagueId = await league();
      const a = await registeredPlayer();
      await assert.rejects(enrolPlayers({ orm: orm(), leagueId, players: [{ playerId: a.id }, { playerId: randomUUID() }] }), refusedWith('NO_SUCH_PLAYER'));
      await assert.rejects(enrolPlayers({ orm: orm(), leagueId, players: [{ playerId: a.id }, { playerId: 'not-an-id' }] }), refusedWith('NO_SUCH_PLAYER'));
      await assert.rejects(enrolPlayers({ orm: orm(), leagueId: randomUUID(), players: [{ playerId: a.id }] }), refusedWith('NO_SUCH_LEAGUE'));
      await assert.rejects(enrolPlayers({ orm: orm(), leagueId, players: [{ playerId: a.id }, { playerId: a.id, mmr: 1 }] }), refusedWith('DUPLICATE_PLAYER'));
      assert.equal(await orm().em.fork().count(LeaguePlayerStats, { league: leagueId }), 0);
    });
  });

  describe('createTeam', () => {
    it('stores the captain first, then the members in order, and enrols them all', async () => {
      const leagueId = await league();
      const [captain, x, y] = await players(3);
      const { team, members } = await createTeam({ orm: orm(), leagueId, name: 'Blue', captainId: captain!.id, memberIds: [y!.id, captain!.id, x!.id] });
      assert.deepEqual(members.map((m) => m.id), [captain!.id, y!.id, x!.id]);
      const rows = await orm().em.fork().find(TeamMember, { team: team.id }, { orderBy: { slot: 'asc' } });
      assert.deepEqual(rows.map((r) => [r.player.id, r.slot]), [[captain!.id, 0], [y!.id, 1], [x!.id, 2]]);
      assert.equal(await orm().em.fork().count(LeaguePlayerStats, { league: leagueId }), 3);
      await assert.rejects(createTeam({ orm: orm(), leagueId, name: ' blue ', captainId: x!.id, memberIds: [] }), refusedWith('TEAM_EXISTS'));
      await assert.rejects(createTeam({ orm: orm(), leagueId, name: 'Red', captainId: x!.id, memberIds: [y!.id, y!.id] }), refusedWith('DUPLICATE_PLAYER'));
      await assert.rejects(createTeam({ orm: orm(), leagueId, name: 'Red', captainId: randomUUID(), memberIds: [] }), refusedWith('NO_SUCH_PLAYER'));
    });
  });

  describe('ingestLeagueMatch', () => {
    it('stores the match and every line, and adds it to each player\'s totals by side', async () => {
      const leagueId = await league();
      const [a, b, c] = await players(3);
      const match = report({ radiant: [a!.id, b!.id], dire: [c!.id], winner: 'dire' });
      match.dire.players = [{ playerId: c!.id, kills: 12, deaths: 1, assists: 3, gpm: 700, xpm: 800 }];
      const { created, stored } = await ingestLeagueMatch({ orm: orm(), leagueId, match });
      assert.equal(created, true);
      assert.equal(stored.match.winner, 'dire');
      assert.deepEqual(stored.lines.map((l) => [l.player.id, l.side, l.slot, l.won]),
        [[a!.id, 'radiant', 0, false], [b!.id, 'radiant', 1, false], [c!.id, 'dire', 0, true]]);
      const loser = await statsOf(leagueId, a!.id);
      assert.deepEqual([loser.gamesPlayed, loser.wins, loser.losses, loser.totalKills, loser.totalDeaths, loser.totalAssists, loser.totalGpm, loser.totalXpm],
        [1, 0, 1, 5, 3, 7, 450, 500]);
      const winner = await statsOf(leagueId, c!.id);
      assert.deepEqual([winner.gamesPlayed, winner.wins, winner.losses, winner.totalKills, winner.totalGpm], [1, 1, 0, 12, 700]);
    });

    it('stores a match reported twice once, counts it once, and answers the stored match', async () => {
      const leagueId = await league();
      const [a, b] = await players(2);
      const match = report({ radiant: [a!.id], dire: [b!.id] });
      const first = await ingestLeagueMatch({ orm: orm(), leagueId, match });
      const second = await ingestLeagueMatch({ orm: orm(), leagueId, match: { ...match, radiant: { ...match.radiant }, externalId: ` ${match.externalId} ` } });
      assert.equal(first.created, true);
      assert.equal(second.created, false);
      assert.equal(second.stored.match.id, first.stored.match.id);
      assert.equal(second.stored.lines.length, 2);
      assert.equal(await orm().em.fork().count(LeagueMatch, { league: leagueId }), 1);
      assert.equal((await statsOf(leagueId, a!.id)).gamesPlayed, 1);
    });

    it('refuses a second report that says something else (MATCH_CONFLICT) and changes nothing', async () => {
      const leagueId = await league();
      const [a, b, c] = await players(3);
      const match = report({ radiant: [a!.id], dire: [b!.id] });
      await ingestLeagueMatch({ orm: orm(), leagueId, match });
      for (const other of [
        { ...match, winner: 'dire' as const },
        { ...match, playedAt: new Date('2026-11-21T18:00:00Z') },
        { ...match, durationSeconds: null },
        report({ radiant: [a!.id], dire: [b!.id], externalId: match.externalId, stats: { ...STATS, kills: 6 } }),
        report({ radiant: [a!.id], dire: [c!.id], externalId: match.externalId }),
        report({ radiant: [b!.id], dire: [a!.id], externalId: match.externalId }),
      ]) {
        await assert.rejects(ingestLeagueMatch({ orm: orm(), leagueId, match: other }), refusedWith('MATCH_CONFLICT'));
      }
      assert.equal((await statsOf(leagueId, a!.id)).gamesPlayed, 1);
      assert.equal(await orm().em.fork().count(LeaguePlayerStats, { league: leagueId, player: c!.id }), 0, 'a refused report enrols nobody');
    });

    it('refuses a player on both sides or twice, an unknown player, an unknown team and one team on both sides', async () => {
      const leagueId = await league();
      const otherLeague = await league();
      const [a, b, c] = await players(3);
      const { team } = await createTeam({ orm: orm(), leagueId: otherLeague, name: 'Elsewhere', captainId: c!.id, memberIds: [] });
      const ours = await createTeam({ orm: orm(), leagueId, name: 'Ours', captainId: c!.id, memberIds: [] });
      await assert.rejects(ingestLeagueMatch({ orm: orm(), leagueId, match: report({ radiant: [a!.id], dire: [a!.id] }) }), refusedWith('DUPLICATE_PLAYER'));
      await assert.rejects(ingestLeagueMatch({ orm: orm(), leagueId, match: report({ radiant: [a!.id, a!.id], dire: [b!.id] }) }), refusedWith('DUPLICATE_PLAYER'));
      await assert.rejects(ingestLeagueMatch({ orm: orm(), leagueId, match: report({ radiant: [a!.id], dire: [randomUUID()] }) }), refusedWith('NO_SUCH_PLAYER'));
      await assert.rejects(ingestLeagueMatch({ orm: orm(), leagueId: randomUUID(), match: report({ radiant: [a!.id], dire: [b!.id] }) }), refusedWith('NO_SUCH_LEAGUE'));
      const withTeam = report({ radiant: [a!.id], dire: [b!.id] });
      withTeam.radiant = { ...withTeam.radiant, teamId: team.id };
      await assert.rejects(ingestLeagueMatch({ orm: orm(), leagueId, match: withTeam }), refusedWith('NO_SUCH_TEAM'));
      const sameTeam = report({ radiant: [a!.id], dire: [b!.id] });
      sameTeam.radiant = { ...sameTeam.radiant, teamId: ours.team.id };
      sameTeam.dire = { ...sameTeam.dire, teamId: ours.team.id };
      await assert.rejects(ingestLeagueMatch({ orm: orm(), leagueId, match: sameTeam }), refusedWith('SAME_TEAM'));
      assert.equal(await orm().em.fork().count(LeagueMatch, { league: leagueId }), 0);
      assert.equal(await orm().em.fork().count(LeaguePlayerStats, { league: leagueId, player: { $in: [a!.id, b!.id] } }), 0);
    });

    it('stores one match when the same report arrives several times at once', async () => {
      const leagueId = await league();
      const [a, b, c, d] = await players(4);
      const match = report({ radiant: [a!.id, b!.id], dire: [c!.id, d!.id] });
      const results = await Promise.all(Array.from({ length: 4 }, () => ingestLeagueMatch({ orm: orm(), leagueId, match })));
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(new Set(results.map((r) => r.stored.match.id)).size, 1);
      assert.equal(await orm().em.fork().count(LeagueMatch, { league: leagueId }), 1);
      assert.equal(await orm().em.fork().count(LeagueMatchPlayer, { match: results[0]!.stored.match.id }), 4);
      for (const p of [a, b, c, d]) assert.equal((await statsOf(leagueId, p!.id)).gamesPlayed, 1);
    });

    it('stores one of two different reports of one match arriving at once and refuses the other', async () => {
      const leagueId = await league();
      const [a, b, c, d] = await players(4);
      const externalId = randomUUID();
      // Disjoint players: no stats row is shared, so only the unique (league, externalId) decides.
      const results = await Promise.allSettled([
        ingestLeagueMatch({ orm: orm(), leagueId, match: report({ radiant: [a!.id], dire: [b!.id], externalId }) }),
        ingestLeagueMatch({ orm: orm(), leagueId, match: report({ radiant: [c!.id], dire: [d!.id], externalId }) }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled' && r.value.created).length, 1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
      assert.ok(refused, 'one report is refused');
      refusedWith('MATCH_CONFLICT')(refused.reason);
      assert.equal(await orm().em.fork().count(LeagueMatch, { league: leagueId }), 1);
      const counted = await orm().em.fork().find(LeaguePlayerStats, { league: leagueId, gamesPlayed: 1 });
      assert.equal(counted.length, 2, 'only the stored report counts');
    });

    it('loses no update when different matches of the same players are reported at once', async () => {
      const leagueId = await league();
      const [a, b, c] = await players(3);
      const reports = Array.from({ length: 12 }, (_, i) => report({
        radiant: i % 2 === 0 ? [a!.id, b!.id] : [c!.id, a!.id],
        dire: i % 2 === 0 ? [c!.id] : [b!.id],
        winner: i % 3 === 0 ? 'dire' : 'radiant',
      }));
      const results = await Promise.all(reports.map((match) => ingestLeagueMatch({ orm: orm(), leagueId, match })));
      assert.ok(results.every((r) => r.created));
      const rowA = await statsOf(leagueId, a!.id);
      assert.deepEqual([rowA.gamesPlayed, rowA.wins, rowA.losses, rowA.totalKills, rowA.totalGpm], [12, 8, 4, 12 * STATS.kills, 12 * STATS.gpm]);
      const rowB = await statsOf(leagueId, b!.id);
      assert.equal(rowB.gamesPlayed, 12);
      assert.equal(rowB.wins + rowB.losses, 12);
    });
  });

  describe('standings', () => {
    it('has no league MMR without a base MMR or below 5 games, and sorts those after by base MMR then name', async () => {
      const leagueId = await league();
      const [a, b] = await players(2);
      const rated = await registeredPlayer({ mmr: 3000 });
      const waiting = await registeredPlayer({ mmr: 5000 });
      await enrolPlayers({ orm: orm(), leagueId, players: [{ playerId: waiting.id }] });
      for (let i = 0; i < 5; i++) {
        await ingestLeagueMatch({ orm: orm(), leagueId, match: report({ radiant: [a!.id, rated.id], dire: [b!.id] }) });
      }
      const table = await standings({ orm: orm(), leagueId });
      assert.ok(table?.averages);
      const byId = new Map(table.players.map((s) => [s.player.id, s]));
      assert.equal(byId.get(a!.id)!.leagueMmr, null, 'no base MMR');
      assert.equal(byId.get(rated.id)!.leagueMmr, 3000 + byId.get(rated.id)!.adjustment.adjustment);
      assert.equal(byId.get(waiting.id)!.leagueMmr, null, 'no games');
      assert.equal(byId.get(waiting.id)!.adjustment.adjustment, 0);
      const unrated = [a!, b!].sort((x, y) => x.username.toLowerCase().localeCompare(y.username.toLowerCase()));
      assert.deepEqual(table.players.map((s) => s.player.id), [rated.id, waiting.id, ...unrated.map((p) => p.id)]);
      assert.equal(await standings({ orm: orm(), leagueId: randomUUID() }), undefined);
    });
  });
});
