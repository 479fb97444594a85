import assert from 'node:assert/strict';
import { harness } from '../support/harness.ts';
import { person, refused } from '../support/chess.ts';
import { cutConnection } from '../support/sdk.ts';
import { acted, captainSteps as step, createDraft, joinDraft, people, storedDraft, untilDraft } from '../support/draft.ts';
import { HEROES, freeHero } from '../support/hero-pool.ts';

const clock = () => harness().scheduler;

describe("DraftRoom: Captain's Mode hero draft", () => {
  it('flips, lets the captains choose, pauses and resumes on a disconnect, exhausts a reserve, and completes', async () => {
    const [captainA, captainB] = await people(2);
    const { roomId, server } = await createDraft({
      kind: 'heroes', heroes: HEROES, graceSeconds: 10, reserveSeconds: 5,
      teams: [{ name: 'Radiant Five', captainId: captainA!.player.id }, { name: 'Dire Five', captainId: captainB!.player.id }],
    });
    const a = await joinDraft(captainA!, roomId);
    const watcher = await joinDraft(await person(), roomId, { spectate: true });
    assert.equal(server.state.status, 'waiting');
    const b = await joinDraft(captainB!, roomId);
    const captains = [a, b];
    const all = [a, b, watcher];
    await Promise.all(all.map((x) => untilDraft(x.room, (s) => s.status === 'choosing' && s.chooser >= 0)));

    // The coin-flip winner chooses from all four; the other captain from the category left.
    const winner = watcher.room.state.coinWinner;
    const loser = 1 - winner;
    assert.equal(watcher.room.state.chooser, winner);
    assert.equal(watcher.room.state.choices.length, 4);
    assert.equal((await refused(captains[loser]!, 'choose', { choice: 'dire' })).code, 'NOT_YOUR_PICK');
    assert.equal((await refused(captains[winner]!, 'pick', { heroId: HEROES[0] })).code, 'WRONG_PHASE');
    await acted(captains[winner]!, [captains[loser]!, watcher], 'choose', { choice: 'first-pick' });
    assert.deepEqual([...watcher.room.state.choices], ['radiant', 'dire']);
    assert.equal((await refused(captains[loser]!, 'choose', { choice: 'second-pick' })).code, 'UNAVAILABLE');
    await acted(captains[loser]!, [captains[winner]!, watcher], 'choose', { choice: 'dire' });
    await untilDraft(watcher.room, (s) => s.status === 'drafting');
    const state = () => watcher.room.state;
    assert.deepEqual([state().teams[winner]!.order, state().teams[loser]!.side, state().teams[winner]!.side], ['first', 'dire', 'radiant']);
    assert.deepEqual([state().activeTeam, state().action, state().graceMs], [winner, 'ban', 10_000]);
    assert.deepEqual(state().teams.map((t) => t.reserveMs), [5000, 5000]);

    // Not your turn; spectators cannot act; a hero not in the pool; the wrong action for the step.
    assert.equal((await refused(captains[loser]!, 'ban', { heroId: HEROES[0] })).code, 'NOT_YOUR_PICK');
    assert.equal((await refused(watcher, 'ban', { heroId: HEROES[0] })).code, 'NOT_A_PLAYER');
    assert.equal((await refused(captains[winner]!, 'ban', { heroId: 'anti-mage' })).code, 'UNAVAILABLE');
    assert.equal((await refused(captains[winner]!, 'pick', { heroId: HEROES[0] })).code, 'WRONG_PHASE');

    // Step 1: the ban is made 2.5 s into the grace; the tick showed the grace running down.
    clock().advance(1000);
    await untilDraft(watcher.room, (s) => s.graceMs === 9000, 'the tick');
    clock().advance(1500);
    await step(captains, watcher);
    const banned = state().teams[winner]!.bans[0]!;
    assert.equal((await refused(captains[winner]!, 'ban', { heroId: banned })).code, 'UNAVAILABLE');

    // Step 2 (first-pick team again): its captain drops 4 s in; the draft pauses with the time frozen.
    clock().advance(4000);
    cutConnection(server, captains[winner]!.room.sessionId);
    await untilDraft(watcher.room, (s) => s.status === 'paused', 'the pause');
    clock().advance(120_000);
    assert.equal(server.state.step, 1, 'nothing times out while paused');
    // The SDK reconnects by itself; both captains back start the 3 s countdown.
    await untilDraft(watcher.room, (s) => s.status === 'drafting' && s.countdownMs === 3000, 'the resume');
    assert.equal(state().graceMs, 6000, 'the 4 s used before the pause still count');
    assert.equal((await refused(captains[winner]!, 'ban', { heroId: freeHero(state()) })).code, 'WRONG_PHASE');
    clock().advance(3000);
    await untilDraft(watcher.room, (s) => s.countdownMs === 0, 'the countdown to end');

    // The rest of the grace, then the whole reserve: a ban that times out bans nothing.
    clock().advance(6000 + 5000 - 1);
    assert.equal(server.state.step, 1);
    clock().advance(1);
    await Promise.all(all.map((x) => untilDraft(x.room, (s) => s.step === 2, 'the timed-out ban')));
    const timedOut = state().picks[1]!;
    assert.deepEqual([timedOut.action, timedOut.choice, timedOut.timedOut, timedOut.auto], ['ban', '', true, false]);
    assert.equal(state().teams[winner]!.reserveMs, 0);

    // Steps 3–7 are bans, 8 the first-pick team's first pick: it runs out with an empty bank.
    while (state().step < 7) await step(captains, watcher);
    assert.deepEqual([state().activeTeam, state().action], [winner, 'pick']);
    clock().advance(10_000);
    await Promise.all(all.map((x) => untilDraft(x.room, (s) => s.step === 8, 'the auto pick')));
    const autoPick = state().picks[7]!;
    assert.deepEqual([autoPick.action, autoPick.auto, autoPick.timedOut], ['pick', true, true]);
    assert.ok(HEROES.includes(autoPick.choice));
    assert.deepEqual([...state().teams[winner]!.picks], [autoPick.choice]);

    while (state().step < 24) await step(captains, watcher);
    await Promise.all(all.map((x) => untilDraft(x.room, (s) => s.status === 'completed')));
    assert.deepEqual(state().teams.map((t) => [t.picks.length, t.bans.length]).sort(), [[5, 6], [5, 7]]);
    assert.equal((await refused(captains[winner]!, 'pick', { heroId: freeHero(state()) })).code, 'GAME_OVER');

    const stored = await storedDraft(roomId);
    assert.equal(stored.kind, 'heroes');
    assert.equal(stored.rounds.length, 24);
    assert.deepEqual(stored.rounds[1].choice, null);
    const types = new Set(stored.events.map((e: any) => e.type));
    for (const type of ['connected', 'disconnected', 'roll', 'choice', 'turn-started', 'ban', 'pick', 'timeout', 'paused', 'resumed', 'completed']) {
      assert.ok(types.has(type), `event ${type} stored`);
    }
  });

  it('does no timer work while nothing runs: no tick while it waits for its captains', async () => {
    const [captainA, captainB] = await people(2);
    const { roomId, server } = await createDraft({
      kind: 'heroes', heroes: HEROES,
      teams: [{ name: 'A', captainId: captainA!.player.id }, { name: 'B', captainId: captainB!.player.id }],
    });
    const watcher = await joinDraft(await person(), roomId, { spectate: true });
    const version = server.state.version;
    const a = await joinDraft(captainA!, roomId);
    // The captain shown in, and the draft's hearing of it once journaled (it moves the version on).
    await untilDraft(watcher.room, (s) => s.teams[0]!.connected && s.version > version);
    const patches: number[] = [];
    watcher.room.onStateChange(() => patches.push(Date.now()));
    clock().advance(5000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(patches, [], 'a waiting draft sends nothing');
    assert.equal(server.state.graceMs, 0);
    await a.room.leave();
  });
});
