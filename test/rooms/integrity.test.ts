/**
 * Attacks that once worked, each through the real SDK or real HTTP: a lobby filter that stopped
 * the process, options that forged a rated game, a reservation used by someone else, a `Date` read
 * as an empty payload, a spectator seated as a player, and the lobby's listing sent three times.
 */
import assert from 'node:assert/strict';
import { matchMaker } from '@colyseus/core';
import type { Room } from '@colyseus/sdk';
import type { ChessState } from '../../schema/ChessState.ts';
import { BASE_URL, eventually, harness } from '../support/harness.ts';
import { casualGame, person, play, refused, until } from '../support/chess.ts';
import { createDraft, people } from '../support/draft.ts';
import { enterLobby, lobbyPerson, refusedInLobby } from '../support/lobby.ts';
import { createRoomWithSeats } from '../../rooms/shared/server-options.ts';
import { FILTER_LIMIT } from '../../rooms/shared/rate-limit.ts';

/** POSTs a raw JSON text to the matchmaker, as any HTTP client can (the SDK would stringify an object). */
async function matchmake(method: string, room: string, token: string, body: string) {
  const response = await fetch(`${BASE_URL}/matchmake/${method}/${room}`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body,
  });
  return { status: response.status, body: await response.json() as { code?: number; error?: string; room?: { roomId: string } } };
}

async function aDraft(): Promise<string> {
  const [captainA, captainB, p1, p2] = await people(4);
  const { roomId } = await createDraft({
    kind: 'players', style: 'normal', pickSeconds: 60,
    pool: [{ playerId: p1!.player.id, name: 'One', mmr: 1 }, { playerId: p2!.player.id, name: 'Two', mmr: 2 }],
    teams: [{ name: 'A', captainId: captainA!.player.id, captainMmr: 0 }, { name: 'B', captainId: captainB!.player.id, captainMmr: 0 }],
  });
  return roomId;
}

describe('integrity: attacks that once worked', () => {
  describe('the lobby listing', () => {
    it('survives a metadata filter while a draft is listed (it stopped the process), and lists the draft with its metadata', async () => {
      const draftId = await aDraft();
      const watcher = await lobbyPerson();
      const listed = (watcher.inbox.rooms.all.at(-1) as unknown as Array<{ roomId: string; metadata: Record<string, unknown> }>);
      const draft = listed.find((room) => room.roomId === draftId);
      assert.ok(draft, 'the draft is listed');
      assert.equal(draft.metadata.game, 'draft');
      assert.equal(draft.metadata.status, 'waiting');

      watcher.inbox.rooms.clear();
      watcher.lobby.send('filter', { metadata: { x: 1 } });
      assert.deepEqual(await watcher.inbox.rooms.next(), [], 'no room has x = 1, and nothing broke');
      watcher.lobby.send('filter', { name: 'draft' });
      assert.deepEqual((await watcher.inbox.rooms.next() as unknown as Array<{ roomId: string }>).map((r) => r.roomId), [draftId]);
      // The process is still up and serving games.
      const game = await casualGame();
      await play(game, 'e4');
    });

    it('refuses a malformed filter with a typed error, in a message or in the join options', async () => {
      const watcher = await lobbyPerson();
      for (const filter of ['abc', { metadata: 'abc' }, { metadata: { a: { b: 1 } } }, { name: 5 }, { other: 1 }, [1]]) {
        harness().scheduler.advance(1000 / FILTER_LIMIT.perSecond); // within the filter's own rate
        const refusal = await refusedInLobby(watcher, 'filter', filter);
        assert.equal(refusal.code, 'INVALID_PAYLOAD', JSON.stringify(filter));
        assert.equal(refusal.request, 'filter');
      }
      const someone = await person();
      await assert.rejects(someone.client.joinOrCreate('lobby', { filter: { metadata: 'abc' } }),
        (error: { code: number; message: string }) => error.code === 521 && /invalid join options/.test(error.message)
          && !/Cannot read|undefined/.test(error.message));
    });

    it(`answers a flood of filters with the listing ${FILTER_LIMIT.capacity} times, then RATE_LIMITED`, async () => {
      const watcher = await lobbyPerson();
      watcher.inbox.rooms.all.length = 0;
      for (let i = 0; i < 30; i++) watcher.lobby.send('filter', { name: 'chess' });
      const { rooms, error } = watcher.inbox;
      await eventually(async () => (rooms.all.length + error.all.length === 30 ? true : undefined), 'every filter answered');
      assert.equal(rooms.all.length, FILTER_LIMIT.capacity);
      assert.deepEqual(new Set(error.all.map((e) => e.code)), new Set(['RATE_LIMITED']));
    });

    it('counts range against the same limit as filter, both being answered with a whole list', async () => {
      const watcher = await lobbyPerson();
      watcher.inbox.seeks.all.length = 0;
      watcher.inbox.rooms.all.length = 0;
      for (let i = 0; i < 4; i++) {
        watcher.lobby.send('filter', { name: 'chess' });
        watcher.lobby.send('range', { ratingRange: [1000, 2000] });
      }
      const { rooms, seeks, error } = watcher.inbox;
      await eventually(async () => (rooms.all.length + seeks.all.length + error.all.length === 8 ? true : undefined), 'every message answered');
      assert.equal(rooms.all.length + seeks.all.length, FILTER_LIMIT.capacity);
      assert.equal(error.all.filter((e) => e.code === 'RATE_LIMITED').length, 8 - FILTER_LIMIT.capacity);
    });

    it('sends a seat change once, not again when nothing a client sees changed', async () => {
      const watcher = await lobbyPerson();
      const game = await casualGame();
      await play(game, 'e4');
      // Every update of the joins has reached the lobby once a later change of the listing has.
      const spectator = await person();
      await spectator.client.joinById(game.roomId, { spectate: true });
      let update;
      do update = await watcher.inbox['+'].next(); while ((update as unknown as [string, { clients: number }])[1].clients < 3);
      const updates = watcher.inbox['+'].all.map((m) => JSON.stringify(m));
      assert.ok(updates.length >= 2);
      for (let i = 1; i < updates.length; i++) assert.notEqual(updates[i], updates[i - 1], 'two identical updates in a row');
    });
  });

  describe('room options', () => {
    it('refuses a rated game forged through __proto__ (and seats, and backgammon), creating no room', async () => {
      const player = await person('registered');
      const forged = [
        ['chess', '{"__proto__":{"rated":true},"time":{"initial":60,"increment":0}}'],
        ['chess', '{"time":{"initial":60,"increment":0},"__proto__":{"seats":{"white":"a","black":"b"}}}'],
        ['backgammon', '{"__proto__":{"rated":true},"matchLength":3}'],
        ['chess', '{"constructor":{"prototype":{"rated":true}}}'],
        ['chess', '{"time":{"initial":60,"increment":0,"__proto__":{"x":1}}}'],
      ] as const;
      const rooms = matchMaker.stats.local.roomCount;
      for (const [room, body] of forged) {
        const answer = await matchmake('create', room, player.token, body);
        assert.ok(answer.status >= 400 && answer.status < 500, `${body}: ${answer.status}`);
        assert.equal(answer.body.room, undefined);
      }
      for (const method of ['joinOrCreate', 'create']) {
        const answer = await matchmake(method, 'chess', player.token, '{"__proto__":{"rated":true}}');
        assert.ok(answer.status >= 400 && answer.status < 500);
      }
      assert.equal(matchMaker.stats.local.roomCount, rooms, 'no room was created');
    });

    it('reads spectate as a boolean only: "yes" or 2 is refused, not a seat', async () => {
      const game = await casualGame();
      for (const spectate of ['yes', 2, 'true', null]) {
        const someone = await person();
        await assert.rejects(someone.client.joinById(game.roomId, { spectate }),
          (error: { code: number; message: string }) => error.code === 521 && /spectate/.test(error.message), String(spectate));
      }
      assert.equal(game.server.state.spectators, 0);
      assert.deepEqual([...game.server.state.players.keys()].sort(), ['black', 'white']);
    });

    it('refuses join options of the wrong types or unknown, in every game room', async () => {
      const game = await casualGame();
      const someone = await person();
      for (const options of [{ color: 7 }, { nonsense: true }, { fen: ['x'] }]) {
        await assert.rejects(someone.client.joinById(game.roomId, options as Record<string, unknown>),
          (error: { code: number }) => error.code === 521, JSON.stringify(options));
      }
      const match = await someone.client.create('backgammon', {});
      const other = await person();
      await assert.rejects(other.client.joinById(match.roomId, { clientSeed: 5 }), (error: { code: number }) => error.code === 521);
      await assert.rejects(other.client.joinById(match.roomId, { spectate: 'yes' }), (error: { code: number }) => error.code === 521);
    });
  });

  describe('the gallery', () => {
    it('keeps a dropped spectator\'s place for their return: the cap counts them, so floods of drops cannot grow it', async () => {
      const game = await casualGame();
      const max = harness().app.runtime.config.maxSpectators;
      const watchers = [];
      for (let i = 0; i < max; i++) {
        const room = await (await person()).client.joinById<ChessState>(game.roomId, { spectate: true });
        room.reconnection.minUptime = 0;
        watchers.push(room);
      }
      await until(game.white.room, (s) => s.spectators === max);
      const dropped = watchers[0]!;
      const back = new Promise<void>((resolve) => dropped.onReconnect(() => resolve()));
      const client = game.server.clients.find((c) => c.sessionId === dropped.sessionId)!;
      (client.ref as unknown as { terminate(): void }).terminate();
      await until(game.white.room, (s) => s.spectators === max - 1, 'the drop counted');
      await assert.rejects((await person()).client.joinById(game.roomId, { spectate: true }),
        (error: { code: number; message: string }) => error.code === 521 && /all the spectators/.test(error.message),
        'the place of a dropped spectator is theirs until they return or give up');
      await back;
      await until(game.white.room, (s) => s.spectators === max, 'the return counted');
      await play(game, 'e4');
    });
  });

  describe('seat reservations', () => {
    it('admit only the player they were made for: a stolen reservation seats nobody', async () => {
      const [white, black, thief] = await Promise.all([person('registered'), person('registered'), person()]);
      const { roomId, reservations } = await createRoomWithSeats('chess', { time: { initial: 60, increment: 0 }, rated: true }, { white: white.player, black: black.player });
      await assert.rejects(thief.client.consumeSeatReservation(reservations.white),
        (error: { code?: number; message?: string }) => /reserved for another player/.test(String(error.message ?? error)));
      const server = harness().colyseus.getRoomById(roomId) as unknown as { state: ChessState };
      assert.equal(server.state.players.get('white')?.connected ?? false, false, 'the thief holds no seat');
      const seated: Room<any, ChessState> = await black.client.consumeSeatReservation<ChessState>(reservations.black);
      await until(seated, (s) => s.players.get('black')?.id === black.player.id);
    });
  });

  describe('payloads', () => {
    it('reads a Date, an array or a number as no payload at all: refused, and the game goes on', async () => {
      const game = await casualGame();
      await play(game, 'e4', 'e5');
      const version = game.server.state.version;
      for (const type of ['resign', 'draw:offer', 'takeback:offer', 'abort']) {
        harness().scheduler.advance(1000); // within the room's action rate
        for (const payload of [new Date(0), [1], 5, 'x', new Map([['a', 1]])]) {
          const refusal = await refused(game.white, type, payload);
          assert.equal(refusal.code, 'INVALID_PAYLOAD', `${type} ${String(payload)}`);
        }
      }
      assert.equal(game.server.state.status, 'playing');
      assert.equal(game.server.state.version, version);
      const lobbyist = await enterLobby(await person());
      for (const payload of [new Date(0), [1]]) {
        assert.equal((await refusedInLobby(lobbyist, 'queue:leave', payload)).code, 'INVALID_PAYLOAD');
      }
      // A NUL cannot be stored by PostgreSQL: it used to reach the database and fail there.
      const challenge = { game: 'chess', time: { initial: 60, increment: 0 }, to: 'ab\0cd' };
      assert.equal((await refusedInLobby(lobbyist, 'challenge', challenge)).code, 'INVALID_PAYLOAD');
    });
  });
});
