import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { recordDraft } from '../../src/services/drafts.ts';
import { createLeague } from '../../src/services/leagues.ts';
import { api } from '../support/harness.ts';
import { adminToken, leagueName, nonAdmins, orm, players, playersDraft, registeredPlayer } from '../support/leagues.ts';

/** Valid player-draft options naming these players (captains first, then the pool). */
function options(ids: string[], extra: Record<string, unknown> = {}) {
  return {
    kind: 'players', style: 'snake', pickSeconds: 30,
    teams: [{ name: 'A', captainId: ids[0], captainMmr: 4000 }, { name: 'B', captainId: ids[1], captainMmr: 3900 }],
    pool: ids.slice(2).map((playerId, i) => ({ playerId, name: `p${i}`, mmr: 3000 + i })),
    ...extra,
  };
}

describe('REST: drafts', () => {
  let admin: string;
  before(async () => {
    admin = await adminToken();
  });

  describe('POST /api/drafts (refusals; creating the room is the room tests\' part)', () => {
    it('refuses without a token (401), and a guest or a registered non-admin (403 FORBIDDEN)', async () => {
      const ids = (await players(4)).map((p) => p.id);
      for (const { who, token, status, code } of await nonAdmins()) {
        const response = await api('/api/drafts', { method: 'POST', token, body: options(ids) });
        assert.equal(response.status, status, who);
        assert.equal(response.body.error.code, code, who);
      }
    });

    it('refuses bad options with 400 INVALID_OPTIONS, naming the problem', async () => {
      const ids = (await players(4)).map((p) => p.id);
      const cases: Array<[unknown, RegExp]> = [
        [{}, /kind/],
        [{ ...options(ids), style: 'zigzag' }, /style/],
        [{ ...options(ids), pickSeconds: 0 }, /pickSeconds/],
        [{ ...options(ids), teams: [options(ids).teams[0]] }, /teams/],
        [{ ...options(ids), organiser: ids[0] }, /organiser|unrecognized/i],
        [options([ids[0]!, ids[1]!, ids[0]!, ids[3]!]), /captain .* also in the pool/],
        [{ ...options(ids), leagueId: 'not-a-uuid' }, /leagueId/],
        [{ kind: 'heroes', teams: [{ name: 'R', captainId: ids[0] }, { name: 'D', captainId: ids[0] }] }, /own captain/],
      ];
      for (const [body, message] of cases) {
        const response = await api('/api/drafts', { method: 'POST', token: admin, body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.error.code, 'INVALID_OPTIONS', JSON.stringify(response.body));
        assert.match(response.body.error.message, message);
      }
    });

    it('refuses options naming a player who does not exist (404 NO_SUCH_PLAYER)', async () => {
      const ids = (await players(4)).map((p) => p.id);
      for (const unknown of [randomUUID(), 'someone-else']) {
        for (const at of [0, 3]) {
          const named = [...ids];
          named[at] = unknown;
          const response = await api('/api/drafts', { method: 'POST', token: admin, body: options(named) });
          assert.equal(response.status, 404, JSON.stringify(response.body));
          assert.equal(response.body.error.code, 'NO_SUCH_PLAYER');
          assert.match(response.body.error.message, new RegExp(unknown));
        }
      }
      const heroes = { kind: 'heroes', teams: [{ name: 'R', captainId: ids[0] }, { name: 'D', captainId: randomUUID() }] };
      const response = await api('/api/drafts', { method: 'POST', token: admin, body: heroes });
      assert.equal(response.status, 404);
      assert.equal(response.body.error.code, 'NO_SUCH_PLAYER');
    });

    it('refuses options naming a league that does not exist (404 NO_SUCH_LEAGUE)', async () => {
      const ids = (await players(4)).map((p) => p.id);
      const response = await api('/api/drafts', { method: 'POST', token: admin, body: options(ids, { leagueId: randomUUID() }) });
      assert.equal(response.status, 404);
      assert.equal(response.body.error.code, 'NO_SUCH_LEAGUE');
    });
  });

  describe('GET /api/drafts/:id', () => {
    it('shows a recorded draft: teams, rounds in order, the event log and the league teams it made', async () => {
      const league = await createLeague({ orm: orm(), name: leagueName() });
      const { draft, organiser, captains } = await playersDraft({ leagueId: league.id });
      // Rounds handed over out of order are still shown by n.
      await recordDraft({ orm: orm(), draft: { ...draft, rounds: [...draft.rounds].reverse() } });
      const response = await api(`/api/drafts/${draft.roomId}`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const view = response.body;
      const teams = (await api(`/api/leagues/${league.id}/teams`)).body.teams as Array<{ id: string; name: string; draftRoomId: string }>;
      assert.deepEqual(teams.map((t) => [t.name, t.draftRoomId]), [['Alpha', draft.roomId], ['Beta', draft.roomId]]);
      assert.deepEqual(view, {
        roomId: draft.roomId, kind: 'players', style: 'snake', status: 'completed', leagueId: league.id,
        organiser: { id: organiser.id, username: organiser.username },
        settings: draft.settings,
        createdAt: draft.createdAt.toISOString(), startedAt: draft.startedAt!.toISOString(), endedAt: draft.endedAt.toISOString(),
        teams: draft.teams.map((team, i) => ({
          index: team.index, name: team.name, captain: { id: captains[i]!.id, username: captains[i]!.username },
          members: team.members, bans: [], totalMmr: team.totalMmr, side: null, order: null, leagueTeamId: teams[i]!.id,
        })),
        rounds: draft.rounds.map((round) => ({ ...round, at: new Date(round.at).toISOString() })),
        events: draft.events,
      });
    });

    it('answers 404 NOT_FOUND for a draft never recorded', async () => {
      const someone = await registeredPlayer();
      for (const id of ['nosuchroom', someone.id, 'bad id!', 'x'.repeat(40)]) {
        const response = await api(`/api/drafts/${encodeURIComponent(id)}`);
        assert.equal(response.status, 404, id);
        assert.equal(response.body.error.code, 'NOT_FOUND');
      }
    });
  });
});
