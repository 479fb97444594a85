/**
 * GET /api/drafts/:id/replay: a draft at any event of its journal, as it stood then. Drafts are
 * played through the real SDK (an admin creates them, captains join and act), then replayed.
 */
import assert from 'node:assert/strict';
import { recordDraft } from '../../src/services/drafts.ts';
import { person } from '../support/chess.ts';
import { acted, captainSteps as step, createDraft, joinDraft, people, storedDraft, untilDraft } from '../support/draft.ts';
import { api, harness } from '../support/harness.ts';
import { orm, playersDraft } from '../support/leagues.ts';
import { cutConnection } from '../support/sdk.ts';
import { HEROES } from '../support/hero-pool.ts';

const clock = () => harness().scheduler;
const replay = async (roomId: string, query = '') => {
  const response = await api(`/api/drafts/${roomId}/replay${query}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body;
};
const ms = (iso: string) => Date.parse(iso);

describe('GET /api/drafts/:id/replay', () => {
  it('replays a player draft at any event: picks, whose turn, the pool left, the turn clock', async () => {
    const [captainA, captainB, p1, p2, p3, p4] = await people(6);
    const [one, two, three, four] = [p1!, p2!, p3!, p4!].map((p) => p.player.id) as [string, string, string, string];
    const pool = [
      { playerId: one, name: 'One', mmr: 3000 },
      { playerId: two, name: 'Two', mmr: 4200 },
      { playerId: three, name: 'Three', mmr: 3900 },
      { playerId: four, name: 'Four', mmr: 2500 },
    ];
    const { roomId } = await createDraft({
      kind: 'players', style: 'snake', pickSeconds: 30, pool,
      teams: [{ name: 'Alpha', captainId: captainA!.player.id, captainMmr: 4000 }, { name: 'Beta', captainId: captainB!.player.id, captainMmr: 3500 }],
    });
    // Events 1 and 2: captain A comes, then captain B (the draft starts).
    const a = await joinDraft(captainA!, roomId);
    await untilDraft(a.room, (s) => s.teams[0]!.connected, 'captain A seated');
    const b = await joinDraft(captainB!, roomId);
    await Promise.all([a, b].map((x) => untilDraft(x.room, (s) => s.status === 'drafting' && s.activeTeam === 0)));
    // 3: A picks One 5 s into the turn; 4: B picks Three; 5: B's turn runs out (Two, auto); 6: A picks Four.
    clock().advance(5000);
    await acted(a, [b], 'pick', { playerId: one });
    await acted(b, [a], 'pick', { playerId: three });
    clock().advance(30_000);
    await untilDraft(a.room, (s) => s.step === 3, 'the auto pick');
    await acted(a, [b], 'pick', { playerId: four });
    await untilDraft(a.room, (s) => s.status === 'completed');
    const stored = await storedDraft(roomId);

    const end = await replay(roomId);
    assert.deepEqual([end.kind, end.style, end.at, end.events, end.status, end.step, end.totalSteps], ['players', 'snake', 6, 6, 'completed', 4, 4]);
    assert.deepEqual([end.activeTeam, end.action, end.captainToAct, end.nextDeadline, end.paused, end.suspended], [null, null, null, null, false, false]);
    assert.deepEqual(end.rounds, stored.rounds, 'the rounds the draft recorded');
    assert.deepEqual(end.teams.map((t: any) => [t.members, t.totalMmr]), stored.teams.map((t: any) => [t.members, t.totalMmr]));
    assert.deepEqual(end.teams.map((t: any) => t.members), [[one, four], [three, two]]);
    assert.deepEqual(end.available, []);
    assert.deepEqual(end.clock, { pickSeconds: 30, turnMsLeft: 0 });
    assert.deepEqual([end.event.type, end.event.choice, end.event.seat], ['pick', four, 0]);
    assert.equal(end.time, end.event.time);
    assert.deepEqual(await replay(roomId, '?at=6'), end);

    const start = await replay(roomId, '?at=0');
    assert.deepEqual([start.at, start.events, start.event, start.status, start.step], [0, 6, null, 'waiting', 0]);
    assert.equal(start.time, stored.createdAt, 'read at the draft\'s creation');
    assert.equal(ms(start.nextDeadline), ms(stored.createdAt) + 60 * 60_000, 'abandoned if the captains have not all come within the hour');
    assert.deepEqual(start.available, pool);
    assert.deepEqual(start.teams.map((t: any) => [t.name, t.members, t.totalMmr, t.connected]), [['Alpha', [], 4000, false], ['Beta', [], 3500, false]]);
    assert.deepEqual([start.activeTeam, start.rounds, start.clock.turnMsLeft], [null, [], 0]);

    const first = await replay(roomId, '?at=1');
    assert.deepEqual([first.event.type, first.event.present, first.event.seat, first.status], ['presence', [true, false], null, 'waiting']);
    assert.deepEqual(first.teams.map((t: any) => t.connected), [true, false]);

    const started = await replay(roomId, '?at=2');
    assert.deepEqual([started.status, started.step, started.activeTeam, started.action, started.captainToAct], ['drafting', 0, 0, 'pick', 0]);
    assert.deepEqual([started.event.type, started.event.present], ['presence', [true, true]]);
    assert.equal(started.time, stored.startedAt, 'the draft started with the second captain');
    assert.equal(started.clock.turnMsLeft, 30_000);
    assert.equal(ms(started.nextDeadline), ms(started.time) + 30_000, 'the turn times out then');

    const afterOne = await replay(roomId, '?at=3');
    assert.deepEqual([afterOne.event.type, afterOne.event.choice, afterOne.event.seat], ['pick', one, 0]);
    assert.equal(ms(afterOne.time) - ms(started.time), 5000);
    assert.deepEqual([afterOne.step, afterOne.activeTeam, afterOne.captainToAct, afterOne.clock.turnMsLeft], [1, 1, 1, 30_000]);
    assert.deepEqual(afterOne.rounds, stored.rounds.slice(0, 1));
    assert.deepEqual(afterOne.teams.map((t: any) => [t.members, t.totalMmr]), [[[one], 7000], [[], 3500]]);
    assert.deepEqual(afterOne.available.map((p: any) => p.playerId), [two, three, four]);

    const afterThree = await replay(roomId, '?at=4');
    assert.deepEqual([afterThree.step, afterThree.activeTeam, afterThree.event.seat], [2, 1, 1], 'snake: Beta picks twice at the turn');

    const timedOut = await replay(roomId, '?at=5');
    assert.deepEqual([timedOut.event.type, timedOut.event.seat], ['expire', null]);
    assert.equal(ms(timedOut.time) - ms(afterThree.time), 30_000);
    assert.deepEqual(timedOut.rounds.at(-1), stored.rounds[2]);
    assert.deepEqual([timedOut.rounds[2].choice, timedOut.rounds[2].auto], [two, true], 'the best available player, for the team that ran out');
    assert.deepEqual(timedOut.teams.map((t: any) => t.totalMmr), [7000, 3500 + 3900 + 4200]);
    assert.deepEqual([timedOut.activeTeam, timedOut.available.map((p: any) => p.playerId)], [0, [four]]);

    const beyond = await api(`/api/drafts/${roomId}/replay?at=7`);
    assert.equal(beyond.status, 400);
    assert.equal(beyond.body.error.code, 'INVALID_PAYLOAD');
    assert.deepEqual(beyond.body.error.fields.map((f: any) => f.path), ['at']);
    assert.match(beyond.body.error.message, /between 0 and 6/);

    for (const query of ['at=-1', 'at=1.5', 'at=1e309', 'at=1e3', 'at=0x2', 'at=', 'at=two', 'at=1&at=2', 'at[]=1', '__proto__[at]=1', '__proto__=1', 'constructor=1', 'at=9999999999']) {
      const refused = await api(`/api/drafts/${roomId}/replay?${query}`);
      assert.equal(refused.status, 400, query);
      assert.equal(refused.body.error.code, 'INVALID_PAYLOAD', query);
    }
    for (const query of ['at=-1', 'at=1.5', 'at=1e309']) {
      const refused = await api(`/api/drafts/${roomId}/replay?${query}`);
      assert.deepEqual(refused.body.error.fields.map((f: any) => f.path), ['at'], query);
    }
  });

  it("replays a Captain's Mode hero draft: the coin, the choices, bans and picks, the banks, a pause", async () => {
    const [captainA, captainB] = await people(2);
    const { roomId, server } = await createDraft({
      kind: 'heroes', heroes: HEROES, graceSeconds: 10, reserveSeconds: 20,
      teams: [{ name: 'Radiant Five', captainId: captainA!.player.id }, { name: 'Dire Five', captainId: captainB!.player.id }],
    });
    const a = await joinDraft(captainA!, roomId);
    await untilDraft(a.room, (s) => s.teams[0]!.connected, 'captain A seated');
    const watcher = await joinDraft(await person(), roomId, { spectate: true });
    const b = await joinDraft(captainB!, roomId);
    const captains = [a, b];
    await Promise.all([a, b, watcher].map((x) => untilDraft(x.room, (s) => s.status === 'choosing' && s.chooser >= 0)));
    const state = () => watcher.room.state;
    const winner = state().coinWinner;
    const loser = 1 - winner;

    // 3, 4: the choices; 5: the first-pick team bans 12.5 s in (2 s of its bank gone, whole seconds).
    await acted(captains[winner]!, [captains[loser]!, watcher], 'choose', { choice: 'first-pick' });
    await acted(captains[loser]!, [captains[winner]!, watcher], 'choose', { choice: 'dire' });
    await untilDraft(watcher.room, (s) => s.status === 'drafting');
    clock().advance(12_500);
    await step(captains, watcher);
    // 6: 4 s into step 2 the other captain drops (paused); 7: the SDK brings it back (the countdown).
    clock().advance(4000);
    cutConnection(server, captains[loser]!.room.sessionId);
    await untilDraft(watcher.room, (s) => s.status === 'paused', 'the pause');
    await untilDraft(watcher.room, (s) => s.status === 'drafting' && s.countdownMs === 3000, 'the resume');
    clock().advance(3000);
    await untilDraft(watcher.room, (s) => s.countdownMs === 0, 'the countdown to end');
    // 8–30: the other 23 steps.
    while (state().step < 24) await step(captains, watcher);
    await untilDraft(watcher.room, (s) => s.status === 'completed');
    const stored = await storedDraft(roomId);

    const end = await replay(roomId);
    assert.deepEqual([end.kind, end.at, end.events, end.status, end.step, end.totalSteps], ['heroes', 30, 30, 'completed', 24, 24]);
    assert.deepEqual(end.rounds, stored.rounds, 'the rounds the draft recorded');
    assert.deepEqual(end.teams.map((t: any) => [t.members, t.bans, t.side, t.order]), stored.teams.map((t: any) => [t.members, t.bans, t.side, t.order]));
    assert.deepEqual(end.available, HEROES.slice(24), 'every step took the first free hero');
    assert.deepEqual([end.activeTeam, end.action, end.chooser, end.choices, end.nextDeadline], [null, null, null, [], null]);

    const start = await replay(roomId, '?at=0');
    assert.deepEqual([start.status, start.coinWinner, start.chooser, start.available.length], ['waiting', null, null, 30]);
    assert.deepEqual(start.clock, { graceMs: 0, reserveMs: [20_000, 20_000], countdownMs: 0 });

    const flipped = await replay(roomId, '?at=2');
    assert.deepEqual([flipped.status, flipped.coinWinner, flipped.chooser, flipped.captainToAct], ['choosing', winner, winner, winner]);
    assert.deepEqual(flipped.choices, ['first-pick', 'second-pick', 'radiant', 'dire']);
    assert.deepEqual([flipped.event.type, flipped.event.present], ['presence', [true, true]]);
    assert.ok(Number.isInteger(flipped.event.seed), 'the coin was drawn from the seed the event keeps');

    const chosen = await replay(roomId, '?at=3');
    assert.deepEqual([chosen.event.type, chosen.event.choice, chosen.event.seat], ['choose', 'first-pick', winner]);
    assert.deepEqual([chosen.chooser, chosen.choices], [loser, ['radiant', 'dire']]);

    const drafting = await replay(roomId, '?at=4');
    assert.deepEqual([drafting.status, drafting.step, drafting.activeTeam, drafting.action, drafting.choices], ['drafting', 0, winner, 'ban', []]);
    assert.deepEqual([drafting.teams[winner].order, drafting.teams[winner].side, drafting.teams[loser].side], ['first', 'radiant', 'dire']);
    assert.deepEqual(drafting.clock, { graceMs: 10_000, reserveMs: [20_000, 20_000], countdownMs: 0 });
    assert.equal(ms(drafting.nextDeadline), ms(drafting.time) + 10_000, 'the grace ends then');

    const banned = await replay(roomId, '?at=5');
    assert.deepEqual([banned.event.type, banned.event.choice, banned.event.seat], ['ban', HEROES[0], winner]);
    assert.deepEqual(banned.rounds, stored.rounds.slice(0, 1));
    assert.deepEqual([banned.rounds[0].action, banned.rounds[0].team, banned.rounds[0].choice], ['ban', winner, HEROES[0]]);
    assert.deepEqual([banned.step, banned.activeTeam, banned.action], [1, winner, 'ban'], 'Captain\'s Mode: the first-pick team bans twice');
    assert.deepEqual(banned.teams[winner].bans, [HEROES[0]]);
    assert.equal(banned.clock.reserveMs[winner], 18_000, '2.5 s past the grace costs 2 s');
    assert.equal(banned.clock.reserveMs[loser], 20_000);
    assert.equal(banned.available.length, 29);

    const paused = await replay(roomId, '?at=6');
    assert.deepEqual([paused.event.type, paused.event.seat, paused.status, paused.paused, paused.suspended], ['presence', null, 'paused', true, false]);
    assert.equal(paused.teams[loser].connected, false);
    assert.equal(paused.clock.graceMs, 6000, 'frozen at the pause');
    assert.equal(ms(paused.nextDeadline), ms(paused.time) + 10 * 60_000, 'abandoned if the captain stays away ten minutes');

    const resumed = await replay(roomId, '?at=7');
    assert.deepEqual([resumed.status, resumed.paused, resumed.teams[loser].connected], ['drafting', false, true]);
    assert.deepEqual(resumed.clock, { graceMs: 6000, reserveMs: resumed.clock.reserveMs, countdownMs: 3000 });
    assert.equal(resumed.clock.reserveMs[winner], 18_000);

    const beyond = await api(`/api/drafts/${roomId}/replay?at=31`);
    assert.equal(beyond.status, 400);
    assert.deepEqual(beyond.body.error.fields.map((f: any) => f.path), ['at']);
  });

  it('answers 404 for a draft never recorded, and for a recorded draft without an event log', async () => {
    for (const id of ['nosuchroom', 'bad id!', 'x'.repeat(40)]) {
      for (const query of ['', '?at=0']) {
        const response = await api(`/api/drafts/${encodeURIComponent(id)}/replay${query}`);
        assert.equal(response.status, 404, id);
        assert.equal(response.body.error.code, 'NOT_FOUND');
      }
    }
    const { draft } = await playersDraft();
    await recordDraft({ orm: orm(), draft });
    assert.equal((await api(`/api/drafts/${draft.roomId}`)).status, 200);
    const response = await api(`/api/drafts/${draft.roomId}/replay`);
    assert.equal(response.status, 404);
    assert.equal(response.body.error.code, 'NOT_FOUND');
    assert.match(response.body.error.message, /no event log/);
  });
});
