/**
 * A draft brought back from its journal within the test server, on the injected clock: the room
 * is stopped as a shutdown stops it (suspended, captains told to reconnect), then created again
 * from its journal under the same room id. A draft still waiting for its captains is kept from
 * its creation: its hour of waiting counts what it waited before the stop and what it waits
 * after the grace, never the time the server was away. A draft journaled the earlier way (its
 * journal opened at its start, the events before that kept then) still comes back.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { restoreSessions } from '../../rooms/shared/restore.ts';
import type { DraftRoom } from '../../rooms/DraftRoom.ts';
import type { HeroDraft } from '../../src/games/draft/hero-draft.ts';
import { parseDraftOptions } from '../../src/games/draft/options.ts';
import { DraftSession, replayDraft, RESUME_GRACE_MS, WAITING_LIMIT_MS, type DraftSessionEvent } from '../../src/games/draft/session.ts';
import { sessionsInPlay } from '../../src/services/game-sessions.ts';
import { api, harness } from '../support/harness.ts';
import { acted, createDraft, joinDraft, people, storedDraft, untilDraft, type InDraft } from '../support/draft.ts';
import { HEROES, freeHero } from '../support/hero-pool.ts';

const clock = () => harness().scheduler;
const MINUTE = 60_000;

/** The draft's session in play in the journal (there must be exactly one). */
async function sessionOf(roomId: string) {
  const { app } = harness();
  // As a start does: what the journal's local log holds goes to the database first (write-behind).
  await app.runtime.journal?.settle();
  const sessions = (await sessionsInPlay({ orm: app.runtime.db.orm, owner: app.runtime.config.nodeName })).filter((s) => s.roomId === roomId);
  assert.equal(sessions.length, 1, 'the draft is in play in the journal');
  return sessions[0]!;
}

/** Brings the draft's room back from the journal under the same id; returns the new room. */
async function restore(roomId: string): Promise<DraftRoom> {
  const { app } = harness();
  const result = await restoreSessions({ sessions: [await sessionOf(roomId)], log: app.runtime.log, replaceListings: true });
  assert.deepEqual(result, { restored: 1, failed: 0 });
  return harness().colyseus.getRoomById(roomId) as unknown as DraftRoom;
}

describe('DraftRoom: a draft brought back from its journal', () => {
  it('keeps a draft waiting for its captains: the hour counts the wait before the stop and after the grace, not the time away', async () => {
    const [captainA, captainB] = await people(2);
    const { roomId, server } = await createDraft({
      kind: 'heroes', heroes: HEROES,
      teams: [{ name: 'Ravens', captainId: captainA!.player.id }, { name: 'Owls', captainId: captainB!.player.id }],
    });
    const createdAt = clock().now();
    // The journal has the draft from its creation: captain B, who has not come, is told about it.
    const listed = (await api('/api/me/games', { token: captainB!.token })).body.games;
    assert.deepEqual(listed.map((game: any) => [game.roomId, game.game]), [[roomId, 'draft']]);
    const a = await joinDraft(captainA!, roomId);
    // Shown once journaled: the presence (and so captain A's connection) is durable then.
    await untilDraft(a.room, (s) => s.teams[0]!.connected && s.version >= 2, 'captain A in');
    clock().advance(40 * MINUTE);

    await server.onBeforeShutdown();
    assert.equal((await api(`/api/drafts/${roomId}`)).status, 404, 'suspended, not abandoned and recorded');
    const session = await sessionOf(roomId);
    assert.equal(session.startedAt.getTime(), createdAt, 'journaled from its creation');
    assert.deepEqual(session.players, [captainA!.player.id, captainB!.player.id]);
    clock().advance(3 * 60 * MINUTE); // the server is away three hours
    const room = await restore(roomId);
    assert.notEqual(room, server, 'a new room under the same id');
    const restoredAt = clock().now();

    // Captain A's SDK comes back by itself to the seat held for it; B has no seat until B comes.
    const back = await untilDraft(a.room, (s) => s.teams[0]!.connected && s.version > 2, 'captain A back');
    assert.deepEqual([back.status, back.teams[0]!.captainName, back.teams[1]!.captainName, back.teams[1]!.connected],
      ['waiting', captainA!.player.username, '', false]);
    clock().advance(RESUME_GRACE_MS - 1);
    const suspendedVersion = room.state.version;
    clock().advance(1);
    await untilDraft(a.room, (s) => s.version > suspendedVersion, 'the end of the grace');
    // 40 of the 60 minutes were waited before the stop: 20 are left from the end of the grace.
    const resumedAt = restoredAt + RESUME_GRACE_MS;
    assert.ok(createdAt + WAITING_LIMIT_MS < resumedAt, 'past the hour from its creation by the clock');
    clock().advanceTo(resumedAt + 20 * MINUTE - 1);
    assert.equal(room.state.status, 'waiting');
    clock().advance(1);
    await untilDraft(a.room, (s) => s.status === 'abandoned', 'the waiting limit');
    const stored = await storedDraft(roomId);
    assert.deepEqual([stored.status, stored.startedAt, stored.rounds.length], ['abandoned', null, 0]);
    assert.equal(new Date(stored.createdAt).getTime(), createdAt);
    assert.equal(new Date(stored.endedAt).getTime(), resumedAt + 20 * MINUTE);
    assert.deepEqual(stored.events.map((e: any) => e.type), ['connected', 'disconnected', 'connected', 'abandoned']);
    assert.deepEqual((await api('/api/me/games', { token: captainB!.token })).body.games, [], 'no longer in play');
  });

  it('restores a draft journaled the earlier way (opened at its start, its earlier events kept then) and plays it to the end', async () => {
    const [captainA, captainB] = await people(2);
    const { app } = harness();
    const journal = app.runtime.journal!;
    const settings = parseDraftOptions({
      kind: 'heroes', heroes: HEROES, graceSeconds: 30, reserveSeconds: 60,
      teams: [{ name: 'Ravens', captainId: captainA!.player.id }, { name: 'Owls', captainId: captainB!.player.id }],
    });
    const createdAt = clock().now() - 10 * MINUTE;
    const startedAt = createdAt + 2 * MINUTE;
    const events: Array<{ seat: string | null; event: DraftSessionEvent; at: number }> = [
      { seat: null, event: { type: 'presence', present: [true, false] }, at: createdAt + MINUTE },
      { seat: null, event: { type: 'presence', present: [true, true], seed: 123_456 }, at: startedAt },
      { seat: null, event: { type: 'suspend' }, at: startedAt + 5000 },
    ];
    // What earlier code wrote at the start: the setup with the captains seated then, their connections, then the events.
    const id = randomUUID();
    const roomId = `old${id.slice(0, 8)}`;
    const captains = [captainA!, captainB!].map(({ player }) => ({ id: player.id, username: player.username, guest: player.guest }));
    const setup = { settings, organiserId: captainA!.player.id, createdAt, captains };
    const entries = [
      { seat: '0', connection: { sessionId: 'gone-a', token: 'token-a' } },
      { seat: '1', connection: { sessionId: 'gone-b', token: 'token-b' } },
      ...events.map(({ seat, event }) => ({ seat, event })),
    ];
    const times = [startedAt, startedAt, ...events.map(({ at }) => at)];
    await Promise.all([
      journal.open({ id, kind: 'draft', roomId, players: captains.map((c) => c.id), setup, owner: app.runtime.config.nodeName, startedAt }),
      ...entries.map((entry, i) => journal.append({ sessionId: id, seq: i + 1, at: times[i]!, entry })),
    ]);
    const expected = new DraftSession(settings, createdAt);
    for (const { seat, event, at } of events) replayDraft(expected, seat === null ? null : Number(seat), event, at);
    const winner = (expected.draft as HeroDraft).coinWinner!;

    const room = await restore(roomId);
    assert.deepEqual([room.state.status, room.state.coinWinner, room.state.chooser], ['choosing', winner, winner]);
    // Both captains join again (their old connections are gone): the seats are theirs.
    const a = await joinDraft(captainA!, roomId);
    const b = await joinDraft(captainB!, roomId);
    const seated = [a, b];
    await Promise.all(seated.map((x) => untilDraft(x.room, (s) => s.teams[0]!.connected && s.teams[1]!.connected)));
    await acted(seated[winner]!, [seated[1 - winner]!], 'choose', { choice: 'first-pick' });
    await acted(seated[1 - winner]!, [seated[winner]!], 'choose', { choice: 'dire' });
    await untilDraft(a.room, (s) => s.status === 'drafting');
    const step = async (): Promise<void> => {
      const state = a.room.state;
      const actor: InDraft = seated[state.activeTeam]!;
      await acted(actor, seated.filter((c) => c !== actor), state.action, { heroId: freeHero(state) });
    };
    while (a.room.state.step < 24) await step();
    await untilDraft(b.room, (s) => s.status === 'completed');
    const stored = await storedDraft(roomId);
    assert.deepEqual([stored.status, stored.rounds.length, new Date(stored.startedAt).getTime()], ['completed', 24, startedAt]);
    assert.equal(stored.events.find((e: any) => e.type === 'roll').winner, winner);
  });
});
