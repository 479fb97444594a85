/**
 * One flood of each kind a client can send: unknown message types, valid game actions, chat lines,
 * the lobby's `filter` and `range`, joins (repeated join/leave, one player's many connections, join
 * frames on one socket, spectators past the cap), and matchmaking HTTP requests. Asserts that the
 * documented limit answers (RATE_LIMITED, 429) or closes (1008, 1002), that what the flooder and
 * everyone else receive is bounded by what the flooder paid, that nothing changes but what the
 * limit lets through, and that another game's move is still delivered.
 */
import assert from 'node:assert/strict';
import { matchMaker } from '@colyseus/core';
import type { Room } from '@colyseus/sdk';
import { createJoinLimiter, type JoinLimiter } from '../../src/auth/join-limiter.ts';
import { ACTION_LIMIT, CHAT_LIMIT, FILTER_LIMIT } from '../../rooms/shared/rate-limit.ts';
import { SOCKET_BUDGET } from '../../src/transport/socket-guard.ts';
import { CLOSE_CODES } from '../../src/transport/close-codes.ts';
import { BASE_URL, eventually, guest, harness } from '../support/harness.ts';
import { casualGame, Inbox, person, play, until } from '../support/chess.ts';
import { lobbyPerson } from '../support/lobby.ts';
import { answerBound, Bystander, closed, dataFrame, PROTOCOL, socketOf, stateOf } from './attack.ts';
import { random, SEED } from './corpus.ts';

/** Counts what a client's socket receives from now on. */
function meter(room: Room): { frames: number; bytes: number } {
  const counted = { frames: 0, bytes: 0 };
  socketOf(room).addEventListener('message', (event: MessageEvent) => {
    counted.frames += 1;
    counted.bytes += (event.data as ArrayBuffer).byteLength ?? String(event.data).length;
  });
  return counted;
}

/**
 * A refused join: a 4xx or a matchmaking code, never a fault of the server. Colyseus answers a room
 * at its client limit with 522 ("locked") or, when the last place went while the request was on its
 * way, 523 ("already full"): a refusal too, though its code is Colyseus's catch-all.
 */
function refusedJoin(reason: unknown): string | undefined {
  const { code = 0, message = '' } = reason as { code?: number; message?: string };
  if (code === 523 && /is already full/.test(message)) return undefined;
  return (code >= 400 && code < 500) || [520, 521, 522, 524, 525].includes(code) ? undefined : `refused with ${code}: ${message}`;
}

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 100));
}

describe(`hostile floods (seed ${SEED})`, function () {
  this.timeout(60_000);

  it(`closes a player who floods unknown message types after ${SOCKET_BUDGET.capacity} frames (1008), answering at most that many, small`, async () => {
    const bystander = await Bystander.start();
    const game = await casualGame();
    await play(game, 'e4', 'e5');
    const before = stateOf(game.server);
    const r = random('floods:unknown');
    const room = game.white.room;
    room.reconnection.enabled = false;
    const received = meter(room);
    const ended = closed(room);
    let sent = 0;
    for (let i = 0; i < 3 * SOCKET_BUDGET.capacity; i++) {
      const frame = dataFrame(`x${r.string(1 + r.int(40))}`.slice(0, 60), Buffer.from([0xc4, 0]));
      if (socketOf(room).readyState !== socketOf(room).OPEN) break;
      socketOf(room).send(frame);
      sent += frame.length;
    }
    assert.equal(await ended, CLOSE_CODES.TOO_MANY_MESSAGES);
    const answered = game.white.errors.all;
    assert.ok(answered.length <= SOCKET_BUDGET.capacity, `${answered.length} answers`);
    assert.ok(answered.every((e) => e.code === 'UNKNOWN_MESSAGE'));
    assert.ok(received.bytes <= answerBound(sent), `${received.bytes} bytes received for ${sent} sent`);
    const { players: _p, claimVictoryAt: _c, ...game1 } = stateOf(game.server);
    const { players: _q, claimVictoryAt: _d, ...game0 } = before;
    assert.deepEqual(game1, game0, 'the game did not move');
    // The flooder's seat is kept: back on a new connection, the game goes on.
    game.white.room = await game.white.client.joinById(game.roomId);
    await until(game.white.room, (s) => s.ply === 2, 'the state on the new connection');
    await play(game, 'Nf3');
    await bystander.stillServes();
  });

  it(`answers a burst of valid actions ${ACTION_LIMIT.capacity} times, then RATE_LIMITED, and the opponent hears of one move only`, async () => {
    const bystander = await Bystander.start();
    const game = await casualGame();
    await play(game, 'e4', 'e5');
    harness().scheduler.advance(1000 * ACTION_LIMIT.capacity / ACTION_LIMIT.perSecond); // a full bucket (e4 took a token)
    const version = game.server.state.version;
    const opponent = meter(game.black.room);
    const flood = 2 * ACTION_LIMIT.capacity;
    for (let i = 0; i < flood; i++) game.white.room.send('move', { uci: 'g1f3' });
    await eventually(async () => (game.white.errors.all.length === flood - 1 ? true : undefined), 'every action answered');
    const codes = game.white.errors.all.map((e) => e.code);
    assert.deepEqual(codes, [...Array(ACTION_LIMIT.capacity - 1).fill('NOT_YOUR_TURN'), ...Array(flood - ACTION_LIMIT.capacity).fill('RATE_LIMITED')]);
    assert.equal(game.server.state.version, version + 1, 'the one legal move was played, once');
    await settle();
    assert.ok(opponent.frames <= 2, `the opponent received ${opponent.frames} frames for the flood`);
    // The bucket refills with time: a second later there are ACTION_LIMIT.perSecond more.
    harness().scheduler.advance(1000);
    game.white.errors.clear();
    for (let i = 0; i <= ACTION_LIMIT.perSecond; i++) game.white.room.send('draw:decline');
    const refilled = await Promise.all(Array.from({ length: ACTION_LIMIT.perSecond + 1 }, () => game.white.errors.next()));
    assert.deepEqual(refilled.map((e) => e.code), [...Array(ACTION_LIMIT.perSecond).fill('NO_OFFER'), 'RATE_LIMITED']);
    await play(game, 'Nc6');
    await bystander.stillServes();
  });

  it(`delivers ${CHAT_LIMIT.capacity} lines of a chat flood to the others and refuses the rest to the flooder alone`, async () => {
    const bystander = await Bystander.start();
    const game = await casualGame();
    await play(game, 'e4', 'e5');
    const watcher = await person();
    const watching = await watcher.client.joinById(game.roomId, { spectate: true });
    const heard = { black: new Inbox(game.black.room, 'chat'), watcher: new Inbox(watching, 'chat'), white: new Inbox(game.white.room, 'chat') };
    const line = 'spam '.repeat(90);
    const flood = 6 * CHAT_LIMIT.capacity;
    for (let i = 0; i < flood; i++) game.white.room.send('chat', { text: line });
    await eventually(async () => (game.white.errors.all.length === flood - CHAT_LIMIT.capacity ? true : undefined), 'the refusals');
    await eventually(async () => (heard.watcher.all.length === CHAT_LIMIT.capacity ? true : undefined), 'the lines to the watcher');
    await settle();
    assert.equal(heard.black.all.length, CHAT_LIMIT.capacity);
    assert.equal(heard.white.all.length, CHAT_LIMIT.capacity);
    assert.equal(heard.watcher.all.length, CHAT_LIMIT.capacity);
    assert.ok(game.white.errors.all.every((e) => e.code === 'RATE_LIMITED' && e.request === 'chat'));
    harness().scheduler.advance(1000 / CHAT_LIMIT.perSecond);
    game.white.room.send('chat', { text: 'one more, in time' });
    await eventually(async () => (heard.black.all.some((m) => m.text === 'one more, in time') ? true : undefined), 'the line after the wait');
    await bystander.stillServes();
  });

  it(`answers a lobby flood of filter and range with ${FILTER_LIMIT.capacity} lists in all, then RATE_LIMITED, bounded in bytes`, async () => {
    const bystander = await Bystander.start();
    const [one, two] = await Promise.all([person(), person()]);
    await one.client.create('chess', { color: 'white' });
    await two.client.create('backgammon', {});
    const flooder = await lobbyPerson();
    const other = await lobbyPerson();
    const { inbox } = flooder;
    inbox.rooms.all.length = 0;
    inbox.seeks.all.length = 0;
    await settle(); // the listing's news of the rooms above has reached both
    const received = meter(flooder.lobby);
    const otherReceived = meter(other.lobby);
    const flood = 30;
    for (let i = 0; i < flood; i++) {
      if (i % 2 === 0) flooder.lobby.send('filter', { name: i % 4 === 0 ? 'chess' : 'backgammon' });
      else flooder.lobby.send('range', { ratingRange: [0, 4000] });
    }
    await eventually(async () => (inbox.rooms.all.length + inbox.seeks.all.length + inbox.error.all.length === flood ? true : undefined), 'every request answered');
    assert.equal(inbox.rooms.all.length + inbox.seeks.all.length, FILTER_LIMIT.capacity);
    assert.equal(inbox.error.all.length, flood - FILTER_LIMIT.capacity);
    assert.ok(inbox.error.all.every((e) => e.code === 'RATE_LIMITED'));
    const listing = JSON.stringify(inbox.rooms.all[0] ?? []).length;
    assert.ok(received.bytes <= FILTER_LIMIT.capacity * (listing + 200) + flood * 200, `${received.bytes} bytes for ${flood} requests`);
    await settle();
    assert.ok(otherReceived.frames <= 3, `the other lobby member received ${otherReceived.frames} frames for the flood`);
    harness().scheduler.advance(1000 / FILTER_LIMIT.perSecond);
    inbox.rooms.clear();
    flooder.lobby.send('filter', { name: 'chess' });
    const chessRooms = (await matchMaker.query({ name: 'chess' })).length;
    assert.equal((await inbox.rooms.next() as unknown as unknown[]).length, chessRooms, 'one more list, a filter period later');
    await bystander.stillServes();
  });

  describe('joins', () => {
    it('survives rapid join and leave of spectators: no seat, reservation or count is left behind', async () => {
      const bystander = await Bystander.start();
      const game = await casualGame();
      await play(game, 'e4', 'e5');
      const before = stateOf(game.server);
      const visitor = await person();
      const max = harness().app.runtime.config.maxSpectators;
      for (let round = 0; round < 8; round++) {
        const rooms = await Promise.all(Array.from({ length: max }, () => visitor.client.joinById(game.roomId, { spectate: true })));
        await Promise.all(rooms.map((room) => room.leave()));
      }
      await eventually(async () => (game.server.state.spectators === 0 && game.server.clients.length === 2 ? true : undefined), 'every visitor gone');
      assert.deepEqual(stateOf(game.server), before);
      // Every spectator place is free again.
      const again = await Promise.all(Array.from({ length: max }, () => visitor.client.joinById(game.roomId, { spectate: true })));
      await eventually(async () => (game.server.state.spectators === max ? true : undefined), 'a full gallery');
      await Promise.all(again.map((room) => room.leave()));
      await play(game, 'Nf3');
      await bystander.stillServes();
    });

    it('keeps one seat for a player who joins the same game many times at once: the newest connection holds it, the others are closed (4100)', async () => {
      const game = await casualGame();
      await play(game, 'e4', 'e5');
      const version = game.server.state.version;
      const warn = console.warn;
      console.warn = () => undefined; // the SDK warns of each refused connection
      let outcomes;
      try {
        // Each connection's close is listened for as soon as it exists: a newer one may close it at once.
        outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => game.black.client.joinById(game.roomId).then((room) => {
          room.reconnection.enabled = false;
          return { room, ended: closed(room) };
        })));
      } finally {
        console.warn = warn;
      }
      const joined = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      const connections = joined.map(({ room }) => room);
      assert.ok(connections.length >= 1, 'at least one connection got in');
      const wrong = outcomes.flatMap((o) => (o.status === 'rejected' ? [refusedJoin(o.reason)] : [])).filter(Boolean);
      assert.deepEqual(wrong, []);
      const ends = joined.map(({ ended }) => ended);
      // The original connection is replaced too.
      await eventually(async () => (game.server.clients.length === 2 && connections.filter((room) => room.connection.isOpen).length === 1 ? true : undefined),
        'one connection per seat');
      assert.equal(game.server.state.players.get('black')?.connected, true);
      const open = connections.find((room) => room.connection.isOpen)!;
      const codes = await Promise.all(ends.filter((_end, i) => connections[i] !== open));
      assert.ok(codes.every((code) => code === CLOSE_CODES.REPLACED), `closed with ${codes}`);
      assert.equal(game.server.state.version, version);
      game.black.room = open;
      await play(game, 'Nf3', 'Nc6');
    });

    // Colyseus would lock a room once its clients and seat reservations reached `maxClients`; a
    // full gallery (or unused spectator reservations) then shut a player out of their own seat.
    it('lets a player take their seat back by joining again while the gallery is full', async () => {
      const game = await casualGame();
      await play(game, 'e4', 'e5');
      const max = harness().app.runtime.config.maxSpectators;
      for (let i = 0; i < max; i++) await (await person()).client.joinById(game.roomId, { spectate: true });
      game.black.room.reconnection.enabled = false;
      const gone = closed(game.black.room);
      (game.server.clients.find((c) => c.sessionId === game.black.room.sessionId)!.ref as unknown as { terminate(): void }).terminate();
      await gone;
      await eventually(async () => (game.server.state.players.get('black')?.connected === false ? true : undefined), 'black gone');
      game.black.room = await game.black.client.joinById(game.roomId);
      await until(game.black.room, (s) => s.ply === 2);
      await play(game, 'Nf3', 'Nc6');
    });

    it('closes a socket that sends join acknowledgements again and again (1002) at the first, leaving the room as it was', async () => {
      const game = await casualGame();
      const visitor = await person();
      const watching = await visitor.client.joinById(game.roomId, { spectate: true });
      watching.reconnection.enabled = false;
      const ended = closed(watching);
      for (let i = 0; i < 50; i++) socketOf(watching).send(Buffer.from([PROTOCOL.JOIN]));
      assert.equal(await ended, CLOSE_CODES.PROTOCOL_VIOLATION);
      await eventually(async () => (game.server.state.spectators === 0 ? true : undefined), 'the spectator gone');
      await play(game, 'e4');
    });

    it('admits no more spectators than the cap when many join at once', async () => {
      const game = await casualGame();
      const max = harness().app.runtime.config.maxSpectators;
      const visitors = await Promise.all(Array.from({ length: 4 * max }, () => person()));
      const warn = console.warn;
      console.warn = () => undefined; // the SDK warns of each refused connection
      let outcomes;
      try {
        outcomes = await Promise.allSettled(visitors.map((visitor) => visitor.client.joinById(game.roomId, { spectate: true })));
      } finally {
        console.warn = warn;
      }
      const admitted = outcomes.filter((o) => o.status === 'fulfilled');
      assert.ok(admitted.length <= max, `${admitted.length} admitted`);
      assert.ok(admitted.length >= 1);
      const wrong = outcomes.flatMap((o) => (o.status === 'rejected' ? [refusedJoin(o.reason)] : [])).filter(Boolean);
      assert.deepEqual(wrong, []);
      await eventually(async () => (game.server.state.spectators === admitted.length ? true : undefined), 'the gallery counted');
      assert.ok(game.server.state.spectators <= max);
      await play(game, 'e4');
    });
  });

  describe('matchmaking over HTTP', () => {
    it('answers a flood of forged requests with 4xx, creating nothing, each answer small', async () => {
      const bystander = await Bystander.start();
      const r = random('floods:matchmake');
      const tokens = await Promise.all(Array.from({ length: 4 }, async () => (await guest()).token));
      const bodies = ['{"__proto__":{"rated":true}}', '{"rated":true}', '{"seats":{"white":"a","black":"b"}}', '"x"', '[1]', '{"time":"5+0"}',
        '{"matchLength":1e9}', '{"constructor":{"prototype":{}}}', '{"spectate":"yes","x":1}', '{', '{"organiser":"me"}'];
      const paths = ['/matchmake/create/chess', '/matchmake/joinOrCreate/backgammon', '/matchmake/create/draft', '/matchmake/create/__proto__',
        '/matchmake/create/constructor', '/matchmake/constructor/chess', '/matchmake/joinById/nosuchroom', '/matchmake/join/lobby', '/matchmake/create/probe%00'];
      const rooms = matchMaker.stats.local.roomCount;
      const requests = Array.from({ length: 240 }, () => ({ path: r.pick(paths), body: r.pick(bodies), token: r.pick(tokens) }));
      const answers = await Promise.all(requests.map(async ({ path, body, token }) => {
        const response = await fetch(`${BASE_URL}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
        return { path, body, status: response.status, text: await response.text() };
      }));
      const wrong = answers.filter((a) => a.status < 400 || a.status >= 500 && ![520, 521, 522, 524, 525].includes(a.status));
      assert.deepEqual(wrong.map((a) => `${a.path} ${a.body}: ${a.status} ${a.text}`), []);
      const large = answers.filter((a) => a.text.length > 1024);
      assert.deepEqual(large.map((a) => `${a.path}: ${a.text.length} bytes`), []);
      assert.equal(matchMaker.stats.local.roomCount, rooms, 'no room was created');
      await bystander.stillServes();
    });

    it('refuses a player past the matchmaking limit with 429, and creates no more rooms than the limit allows', async () => {
      const runtime = harness().app.runtime as unknown as { joinLimiter: JoinLimiter };
      const suiteLimiter = runtime.joinLimiter;
      const limit = 5;
      runtime.joinLimiter = createJoinLimiter(limit);
      try {
        const flooder = await guest();
        const rooms = matchMaker.stats.local.roomCount;
        const answers = await Promise.all(Array.from({ length: 6 * limit }, async () => {
          const response = await fetch(`${BASE_URL}/matchmake/create/chess`, {
            method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${flooder.token}` }, body: '{}',
          });
          return { status: response.status, body: await response.json() as { error?: string } };
        }));
        assert.equal(answers.filter((a) => a.status === 200).length, limit);
        const refused = answers.filter((a) => a.status !== 200);
        assert.ok(refused.every((a) => a.status === 429 && /too many rooms created or joined; try again in \d+ s/.test(a.body.error ?? '')));
        assert.equal(matchMaker.stats.local.roomCount - rooms, limit, 'one room per request the limit let through');
        const other = await person();
        assert.equal((await other.client.create('chess', {})).name, 'chess', 'another player is not limited');
      } finally {
        runtime.joinLimiter = suiteLimiter;
      }
    });
  });
});
