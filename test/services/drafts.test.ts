import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Draft, DraftRound, DraftTeam, LeaguePlayerStats, Player, Team, TeamMember } from '../../src/db/entities/index.ts';
import { recordDraft, type FinishedDraft } from '../../src/services/drafts.ts';
import { createLeague, createTeam } from '../../src/services/leagues.ts';
import { leagueTeams } from '../../src/services/league-selectors.ts';
import { leagueName, orm, players, playersDraft, registeredPlayer, T0 } from '../support/leagues.ts';

describe('recording a finished draft', () => {
  it('stores the draft, every round, every team and the event log once, however often it is recorded', async () => {
    const { draft } = await playersDraft();
    assert.deepEqual(await recordDraft({ orm: orm(), draft }), { created: true });
    assert.deepEqual(await recordDraft({ orm: orm(), draft }), { created: false });
    const em = orm().em.fork();
    const stored = await em.find(Draft, { roomId: draft.roomId });
    assert.equal(stored.length, 1);
    const record = stored[0]!;
    assert.deepEqual([record.kind, record.style, record.status, record.league], ['players', 'snake', 'completed', null]);
    assert.deepEqual(record.events, draft.events);
    assert.deepEqual(record.settings, draft.settings);
    const rounds = await em.find(DraftRound, { draft: record }, { orderBy: { n: 'asc' } });
    assert.deepEqual(rounds.map((r) => [r.n, r.team, r.choice, r.auto, r.at.getTime()]),
      draft.rounds.map((r) => [r.n, r.team, r.choice, r.auto, r.at]));
    const teams = await em.find(DraftTeam, { draft: record }, { orderBy: { index: 'asc' } });
    assert.deepEqual(teams.map((t) => [t.name, t.captain.id, t.members, t.totalMmr, t.leagueTeam]),
      draft.teams.map((t) => [t.name, t.captainId, t.members, t.totalMmr, null]));
  });

  it('stores a draft recorded several times at once once', async () => {
    const { draft } = await playersDraft();
    const results = await Promise.all([1, 2, 3].map(() => recordDraft({ orm: orm(), draft })));
    assert.equal(results.filter((r) => r.created).length, 1);
    assert.equal(await orm().em.fork().count(DraftRound, { draft: { roomId: draft.roomId } }), 4);
  });

  it('stores a hero draft with its bans, sides, pick order and a ban that timed out', async () => {
    const organiser = await registeredPlayer({ prefix: 'org' });
    const [a, b] = await players(2, { prefix: 'cap' });
    const draft: FinishedDraft = {
      roomId: `h${randomUUID().slice(0, 8)}`, kind: 'heroes', style: null, leagueId: null, organiserId: organiser.id,
      status: 'abandoned', settings: { kind: 'heroes', teams: [{ name: 'R', captainId: a!.id }, { name: 'D', captainId: b!.id }], graceSeconds: 30, reserveSeconds: 130 },
      teams: [
        { index: 0, name: 'R', captainId: a!.id, members: [], bans: ['pudge'], totalMmr: null, side: 'radiant', order: 'first' },
        { index: 1, name: 'D', captainId: b!.id, members: [], bans: [], totalMmr: null, side: 'dire', order: 'second' },
      ],
      rounds: [
        { n: 1, team: 0, captainId: a!.id, action: 'ban', choice: 'pudge', auto: false, timedOut: false, wasTie: false, tieRolls: [], at: T0 },
        { n: 2, team: 0, captainId: a!.id, action: 'ban', choice: null, auto: false, timedOut: true, wasTie: false, tieRolls: [], at: T0 + 160_000 },
      ],
      events: [{ type: 'abandoned', at: T0 + 170_000 }],
      createdAt: new Date(T0 - 1000), startedAt: null, endedAt: new Date(T0 + 170_000),
    };
    assert.deepEqual(await recordDraft({ orm: orm(), draft }), { created: true });
    const em = orm().em.fork();
    const teams = await em.find(DraftTeam, { draft: { roomId: draft.roomId } }, { orderBy: { index: 'asc' } });
    assert.deepEqual(teams.map((t) => [t.bans, t.side, t.pickOrder, t.totalMmr]), [[['pudge'], 'radiant', 'first', null], [[], 'dire', 'second', null]]);
    const rounds = await em.find(DraftRound, { draft: { roomId: draft.roomId } }, { orderBy: { n: 'asc' } });
    assert.deepEqual(rounds.map((r) => [r.action, r.choice, r.timedOut]), [['ban', 'pudge', false], ['ban', null, true]]);
  });

  describe('linked to a league', () => {
    it('makes the teams league teams, enrols captains and drafted players, and gives missing base MMRs', async () => {
      const league = await createLeague({ orm: orm(), name: leagueName() });
      const { draft, captains, pool } = await playersDraft({ leagueId: league.id });
      assert.deepEqual(await recordDraft({ orm: orm(), draft }), { created: true });
      const em = orm().em.fork();
      const record = await em.findOneOrFail(Draft, { roomId: draft.roomId });
      assert.equal(record.league?.id, league.id);

      const teams = await leagueTeams({ orm: orm(), leagueId: league.id });
      assert.deepEqual(teams!.map(({ team, captain, members }) => [team.name, captain.id, members.map((m) => m.id), team.draft?.id]), [
        ['Alpha', captains[0]!.id, [captains[0]!.id, pool[4]!.id, pool[2]!.id], record.id],
        ['Beta', captains[1]!.id, [captains[1]!.id, pool[3]!.id, pool[0]!.id], record.id],
      ]);
      const draftTeams = await em.find(DraftTeam, { draft: record }, { orderBy: { index: 'asc' } });
      assert.deepEqual(draftTeams.map((t) => t.leagueTeam?.id), teams!.map(({ team }) => team.id));

      const drafted = [captains[0]!, captains[1]!, pool[4]!, pool[2]!, pool[3]!, pool[0]!];
      const enrolled = await em.find(LeaguePlayerStats, { league: league.id });
      assert.deepEqual(enrolled.map((row) => row.player.id).sort(), drafted.map((p) => p.id).sort(), 'the undrafted player is not enrolled');
      assert.ok(enrolled.every((row) => row.gamesPlayed === 0));

      const mmrs = new Map((await em.find(Player, { id: { $in: [...drafted, pool[1]!].map((p) => p.id) } })).map((p) => [p.id, p.mmr]));
      assert.equal(mmrs.get(captains[0]!.id), 4444, 'a base MMR already set stays');
      assert.equal(mmrs.get(captains[1]!.id), 4800);
      assert.equal(mmrs.get(pool[4]!.id), 3400);
      assert.equal(mmrs.get(pool[0]!.id), 3000);
      assert.equal(mmrs.get(pool[1]!.id), null, 'the undrafted player gets no MMR');

      assert.deepEqual(await recordDraft({ orm: orm(), draft }), { created: false });
      assert.equal(await em.count(Team, { league: league.id }), 2, 'recorded twice, teams made once');
    });

    it('gives a team a free name when the league (or the draft) already has it', async () => {
      const league = await createLeague({ orm: orm(), name: leagueName() });
      const someone = await registeredPlayer();
      await createTeam({ orm: orm(), leagueId: league.id, name: 'Same', captainId: someone.id, memberIds: [] });
      const { draft } = await playersDraft({ leagueId: league.id, names: ['Same', 'same'] });
      await recordDraft({ orm: orm(), draft });
      const teams = await orm().em.fork().find(Team, { league: league.id, draft: { roomId: draft.roomId } }, { orderBy: { name: 'asc' } });
      assert.deepEqual(teams.map((t) => t.name), ['Same (2)', 'same (3)']);
    });

    it('makes no league team of an abandoned draft', async () => {
      const league = await createLeague({ orm: orm(), name: leagueName() });
      const { draft } = await playersDraft({ leagueId: league.id, status: 'abandoned' });
      assert.deepEqual(await recordDraft({ orm: orm(), draft }), { created: true });
      const em = orm().em.fork();
      assert.equal(await em.count(Team, { league: league.id }), 0);
      assert.equal(await em.count(LeaguePlayerStats, { league: league.id }), 0);
      assert.equal(await em.count(TeamMember, { team: { league: league.id } }), 0);
    });
  });
});
