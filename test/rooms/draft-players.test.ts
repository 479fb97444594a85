import assert from 'node:assert/strict';
import { harness, api } from '../support/harness.ts';
import { person, refused } from '../support/chess.ts';
import { cutConnection } from '../support/sdk.ts';
import { acted, createDraft, joinDraft, people, storedDraft, untilDraft } from '../support/draft.ts';
import { adminToken } from '../support/leagues.ts';

const clock = () => harness().scheduler;

describe('DraftRoom: player draft', () => {
  it('runs a snake draft to the end with an auto pick on timeout, refusing what is not allowed, and stores it once', async () => {
    const [captainA, captainB, p1, p2, p3, p4] = await people(6);
    const pool = [
      { playerId: p1!.player.id, name: 'One', mmr: 3000 },
      { playerId: p2!.player.id, name: 'Two', mmr: 4200 },
      { playerId: p3!.player.id, name: 'Three', mmr: 3900 },
      { playerId: p4!.player.id, name: 'Four', mmr: 2500 },
    ];
    const { roomId, server } = await createDraft({
      kind: 'players', style: 'snake', pickSeconds: 30, pool,
      teams: [{ name: 'Alpha', captainId: captainA!.player.id, captainMmr: 4000 }, { name: 'Beta', captainId: captainB!.player.id, captainMmr: 3500 }],
    });
    assert.equal(server.state.status, 'waiting');

    const a = await joinDraft(captainA!, roomId);
    const watcher = await joinDraft(await person(), roomId); // not a captain: seated as a spectator
    await untilDraft(a.room, (s) => s.spectators === 1 && s.teams[0]!.connected);
    assert.equal(a.room.state.status, 'waiting', 'the draft waits for every captain');
    assert.equal((await refused(a, 'pick', { playerId: p1!.player.id })).code, 'WRONG_PHASE');

    const b = await joinDraft(captainB!, roomId);
    const all = [a, b, watcher];
    await Promise.all(all.map((x) => untilDraft(x.room, (s) => s.status === 'drafting' && s.activeTeam === 0)));
    assert.equal(watcher.room.state.teams[1]!.captainName, captainB!.player.username);
    assert.equal(a.room.state.graceMs, 30_000);

    // Refusals change nothing.
    const version = a.room.state.version;
    assert.equal((await refused(b, 'pick', { playerId: p1!.player.id })).code, 'NOT_YOUR_PICK');
    assert.equal((await refused(watcher, 'pick', { playerId: p1!.player.id })).code, 'NOT_A_PLAYER');
    assert.equal((await refused(a, 'pick', { playerId: captainB!.player.id })).code, 'UNAVAILABLE');
    assert.equal((await refused(a, 'pick', { heroId: 'axe' })).code, 'INVALID_PAYLOAD');
    assert.equal((await refused(a, 'ban', { heroId: 'axe' })).code, 'UNKNOWN_MESSAGE');
    assert.equal((await refused(a, 'pick', { playerId: p1!.player.id, version: version + 5 })).code, 'STALE_VERSION');
    assert.equal(server.state.version, version);
    assert.equal(server.state.step, 0);

    // The clock ticks once a second while a turn runs; the state carries what is left.
    clock().advance(1000);
    await untilDraft(watcher.room, (s) => s.graceMs === 29_000, 'the tick');

    await acted(a, [b, watcher], 'pick', { playerId: p1!.player.id });
    assert.equal(watcher.room.state.pool.find((p) => p.playerId === p1!.player.id)!.team, 0);
    assert.equal(a.room.state.activeTeam, 1);
    assert.equal((await refused(b, 'pick', { playerId: p1!.player.id })).code, 'UNAVAILABLE', 'already drafted');
    await acted(b, [a, watcher], 'pick', { playerId: p3!.player.id });
    assert.equal(a.room.state.activeTeam, 1, 'snake: the second team picks twice at the turn');

    // Team B lets its turn run out: the best available player (Two, 4200) is drafted for it.
    clock().advance(29_999);
    assert.equal(server.state.step, 2);
    clock().advance(1);
    await Promise.all(all.map((x) => untilDraft(x.room, (s) => s.step === 3, 'the auto pick')));
    const auto = watcher.room.state.picks[2]!;
    assert.deepEqual([auto.team, auto.choice, auto.auto], [1, p2!.player.id, true]);
    assert.deepEqual([...watcher.room.state.teams[1]!.members], [p3!.player.id, p2!.player.id]);
    assert.equal(watcher.room.state.teams[1]!.totalMmr, 3500 + 3900 + 4200);

    await acted(a, [b, watcher], 'pick', { playerId: p4!.player.id });
    await Promise.all(all.map((x) => untilDraft(x.room, (s) => s.status === 'completed')));
    assert.equal(watcher.room.state.graceMs, 0);
    assert.equal((await refused(a, 'pick', { playerId: p4!.player.id })).code, 'GAME_OVER');

    const stored = await storedDraft(roomId);
    assert.equal(stored.kind, 'players');
    assert.equal(stored.status, 'completed');
    assert.deepEqual(stored.rounds.map((r: any) => [r.n, r.team, r.choice, r.auto]), [
      [1, 0, p1!.player.id, false], [2, 1, p3!.player.id, false], [3, 1, p2!.player.id, true], [4, 0, p4!.player.id, false],
    ]);
    assert.deepEqual(stored.teams.map((t: any) => t.members), [[p1!.player.id, p4!.player.id], [p3!.player.id, p2!.player.id]]);
    const types = stored.events.map((e: any) => e.type);
    for (const type of ['connected', 'turn-started', 'pick', 'timeout', 'completed']) assert.ok(types.includes(type), type);
  });

  it('lets a spectator reconnect and see the draft as it stands', async () => {
    const [captainA, captainB, p1, p2] = await people(4);
    const { roomId, server } = await createDraft({
      kind: 'players', style: 'normal', pickSeconds: 60,
      pool: [{ playerId: p1!.player.id, name: 'One', mmr: 1 }, { playerId: p2!.player.id, name: 'Two', mmr: 2 }],
      teams: [{ name: 'A', captainId: captainA!.player.id, captainMmr: 0 }, { name: 'B', captainId: captainB!.player.id, captainMmr: 0 }],
    });
    const a = await joinDraft(captainA!, roomId);
    const b = await joinDraft(captainB!, roomId);
    const watcher = await joinDraft(await person(), roomId, { spectate: true });
    await untilDraft(watcher.room, (s) => s.status === 'drafting' && s.spectators === 1);

    cutConnection(server, watcher.room.sessionId);
    await untilDraft(a.room, (s) => s.spectators === 0, 'the spectator to drop');
    await acted(a, [b], 'pick', { playerId: p2!.player.id });
    // The SDK reconnects by itself; the spectator gets the pick made while it was away.
    await untilDraft(watcher.room, (s) => s.spectators === 1 && s.picks.length === 1 && s.picks[0]!.choice === p2!.player.id, 'the reconnect');
    assert.equal(watcher.room.state.activeTeam, 1);

    // A captain who drops keeps the seat; their turn still times out into an auto pick.
    cutConnection(server, b.room.sessionId);
    await untilDraft(a.room, (s) => !s.teams[1]!.connected, 'the captain to drop');
    clock().advance(60_000);
    await untilDraft(a.room, (s) => s.status === 'completed', 'the auto pick of the absent captain');
    assert.equal(a.room.state.picks[1]!.auto, true);
    await untilDraft(b.room, (s) => s.status === 'completed', 'the captain back');
  });

  it('is created by organisers only: a client cannot create a draft room itself', async () => {
    const someone = await person();
    await assert.rejects(someone.client.create('draft', { kind: 'players' }), /organiser/);
    const token = await adminToken();
    const [c1, c2, p1] = await people(3);
    await assert.rejects(someone.client.create('draft', {
      organiser: c1!.player.id, kind: 'players', style: 'snake', pickSeconds: 5,
      pool: [{ playerId: p1!.player.id, name: 'x', mmr: 1 }],
      teams: [{ name: 'A', captainId: c1!.player.id, captainMmr: 1 }, { name: 'B', captainId: c2!.player.id, captainMmr: 1 }],
    }), /cannot be set by a client/);
    const bad = await api('/api/drafts', { method: 'POST', token, body: {
      kind: 'players', style: 'snake', pickSeconds: 5, pool: [{ playerId: c1!.player.id, name: 'x', mmr: 1 }],
      teams: [{ name: 'A', captainId: c1!.player.id, captainMmr: 1 }, { name: 'B', captainId: c2!.player.id, captainMmr: 1 }],
    } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'INVALID_OPTIONS');
  });
});
