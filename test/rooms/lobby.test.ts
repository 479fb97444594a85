import assert from 'node:assert/strict';
import { harness } from '../support/harness.ts';
import { casualGame, person, until, type Seated } from '../support/chess.ts';
import type { BackgammonState } from '../../schema/BackgammonState.ts';
import { enterLobby, lobbyPerson, refusedInLobby, setRating, takeSeat, type InLobby } from '../support/lobby.ts';

const clock = () => harness().scheduler;
const blitz = { game: 'chess', time: { initial: 180, increment: 0 } };

/** Both take their reserved seats, and both play a move: the game is real. */
async function playFirstMoves(a: InLobby, b: InLobby): Promise<[Seated, Seated]> {
  const [ma, mb] = await Promise.all([a.inbox.matched.next(), b.inbox.matched.next()]);
  assert.equal(ma.roomId, mb.roomId);
  assert.notEqual(ma.color, mb.color);
  const [sa, sb] = await Promise.all([takeSeat(a, ma as never), takeSeat(b, mb as never)]);
  const white = sa.side === 'white' ? sa : sb;
  const black = sa.side === 'white' ? sb : sa;
  white.room.send('move', { san: 'e4' });
  await until(black.room, (s) => s.ply === 1);
  black.room.send('move', { san: 'e5' });
  await until(white.room, (s) => s.ply === 2);
  return [white, black];
}

describe('LobbyRoom', () => {
  describe('listing', () => {
    it('lists game rooms as they open and close, with their metadata, and counts players and games', async () => {
      const watcher = await lobbyPerson();
      assert.deepEqual(watcher.inbox.rooms.all.at(-1), []);
      const game = await casualGame({ time: { initial: 300, increment: 3 } });
      let listed;
      do listed = await watcher.inbox['+'].next(); while ((listed as unknown as [string, { metadata: { status: string } }])[1].metadata.status !== 'playing');
      const [roomId, room] = listed as unknown as [string, { name: string; metadata: Record<string, unknown> }];
      assert.equal(roomId, game.roomId);
      assert.equal(room.name, 'chess');
      assert.equal(room.metadata.timeControl, '5+3');
      assert.equal(room.metadata.category, 'blitz');
      assert.deepEqual((room.metadata.players as Array<{ side: string }>).map((p) => p.side), ['white', 'black']);
      clock().advance(1000);
      const stats = await watcher.inbox.stats.next();
      assert.deepEqual(stats, { online: 1, playing: 1 });
      await game.white.room.leave();
      await game.black.room.leave();
      harness().colyseus.getRoomById(game.roomId)?.disconnect();
      let removed;
      do removed = await watcher.inbox['-'].next(); while (removed !== game.roomId as unknown);
    });

    it('puts everyone who joins through this process in the same lobby', async () => {
      const [a, b] = await Promise.all([lobbyPerson(), lobbyPerson()]);
      assert.equal(a.lobby.roomId, b.lobby.roomId);
    });
  });

  describe('seeks', () => {
    it('are created, shown to the others, and withdrawn by their player', async () => {
      const [seeker, other] = await Promise.all([lobbyPerson(), lobbyPerson()]);
      seeker.lobby.send('seek', blitz);
      const { id } = await seeker.inbox['seek:created'].next();
      const shown = await other.inbox['seek+'].next();
      assert.equal(shown.id, id);
      assert.deepEqual({ game: shown.game, time: shown.settings, category: shown.category, rated: shown.rated, color: shown.color },
        { game: 'chess', time: { time: { initial: 180, increment: 0 } }, category: 'blitz', rated: false, color: 'random' });
      assert.equal((shown.player as { username: string }).username, seeker.player.username);
      const late = await lobbyPerson();
      assert.ok((late.inbox.seeks.all.at(-1) as unknown as Array<{ id: string }>).some((s) => s.id === id), 'the full list on join');
      assert.equal((await refusedInLobby(other, 'seek:cancel', { id })).code, 'NO_SUCH_SEEK', 'not theirs to cancel');
      seeker.lobby.send('seek:cancel', { id });
      assert.equal(await other.inbox['seek-'].next(), id as unknown);
    });

    it('vanish when their player leaves the lobby', async () => {
      const [seeker, other] = await Promise.all([lobbyPerson(), lobbyPerson()]);
      seeker.lobby.send('seek', blitz);
      const { id } = await seeker.inbox['seek:created'].next();
      await other.inbox['seek+'].next();
      await seeker.lobby.leave();
      assert.equal(await other.inbox['seek-'].next(), id as unknown);
    });

    it('are limited to three open at once per player', async () => {
      const seeker = await lobbyPerson();
      for (let i = 0; i < 3; i++) {
        seeker.lobby.send('seek', blitz);
        await seeker.inbox['seek:created'].next();
      }
      assert.equal((await refusedInLobby(seeker, 'seek', blitz)).code, 'TOO_MANY_SEEKS');
    });

    it('are shown to and taken by only those whose rating is in range, and whose own range holds the seeker', async () => {
      const people = await Promise.all([person('registered'), person('registered'), person('registered'), person('registered')]);
      for (const [someone, rating] of people.map((p, i) => [p, [1800, 1300, 1900, 1850][i]!] as const)) await setRating(someone.player.id, 'blitz', rating);
      const [seeker, weak, strong] = await Promise.all(people.slice(0, 3).map((p) => enterLobby(p)));
      const picky = await enterLobby(people[3]!, { ratingRange: [2000, 2400] });
      seeker.lobby.send('seek', { ...blitz, rated: true, ratingRange: [1600, 2000] });
      const { id } = await seeker.inbox['seek:created'].next();
      assert.equal((await strong.inbox['seek+'].next()).id, id);
      assert.equal((await refusedInLobby(weak, 'seek:accept', { id })).code, 'OUT_OF_RANGE');
      assert.equal((await refusedInLobby(picky, 'seek:accept', { id })).code, 'OUT_OF_RANGE', 'the seeker is below the picky player\'s own range');
      assert.equal(weak.inbox['seek+'].all.length, 0, 'not shown out of range');
      assert.equal(picky.inbox['seek+'].all.length, 0);
      assert.equal((await refusedInLobby(seeker, 'seek:accept', { id })).code, 'OWN_SEEK');
      picky.inbox.seeks.clear();
      picky.lobby.send('range', { ratingRange: null });
      const list = await picky.inbox.seeks.next();
      assert.ok((list as unknown as Array<{ id: string }>).some((s) => s.id === id), 'shown once the picky player widens their range');
    });

    it('accepted, create a rated game server-side with both seats reserved, and both play', async () => {
      const [seeker, taker] = await Promise.all([lobbyPerson('registered'), lobbyPerson('registered')]);
      seeker.lobby.send('seek', { ...blitz, rated: true, color: 'white' });
      const { id } = await seeker.inbox['seek:created'].next();
      await taker.inbox['seek+'].next();
      taker.lobby.send('seek:accept', { id });
      const [white, black] = await playFirstMoves(seeker, taker);
      assert.equal(white.player.id, seeker.player.id, 'the seeker asked for white');
      assert.equal(white.room.state.rated, true);
      assert.equal(black.room.state.category, 'blitz');
      assert.equal(await taker.inbox['seek-'].next(), id as unknown);
      assert.equal((await refusedInLobby(taker, 'seek:accept', { id })).code, 'NO_SUCH_SEEK');
      const intruder = await person('registered');
      await assert.rejects(intruder.client.joinById(white.room.roomId), /seats of this game are reserved/);
    });

    it('are taken by exactly one of several players accepting at once', async () => {
      const seeker = await lobbyPerson();
      const takers = await Promise.all([lobbyPerson(), lobbyPerson(), lobbyPerson()]);
      seeker.lobby.send('seek', blitz);
      const { id } = await seeker.inbox['seek:created'].next();
      await Promise.all(takers.map((t) => t.inbox['seek+'].next()));
      for (const taker of takers) taker.lobby.send('seek:accept', { id });
      await seeker.inbox.matched.next();
      const outcomes = await Promise.all(takers.map((t) => Promise.race([
        t.inbox.matched.next().then(() => 'matched'),
        t.inbox.error.next().then((e) => e.code as string),
      ])));
      assert.equal(outcomes.filter((o) => o === 'matched').length, 1, outcomes.join());
      assert.ok(outcomes.filter((o) => o !== 'matched').every((o) => o === 'NO_SUCH_SEEK' || o === 'PLAYER_BUSY'), outcomes.join());
    });

    it('cannot be rated for guests', async () => {
      const guest = await lobbyPerson();
      assert.equal((await refusedInLobby(guest, 'seek', { ...blitz, rated: true })).code, 'REGISTRATION_REQUIRED');
      assert.equal((await refusedInLobby(guest, 'seek', { game: 'go' })).code, 'INVALID_PAYLOAD');
    });
  });

  describe('quick pairing', () => {
    it('pairs two compatible players in the same pool at once', async () => {
      const [a, b] = await Promise.all([lobbyPerson(), lobbyPerson()]);
      a.lobby.send('queue', { pool: 'chess:3+2' });
      assert.deepEqual(await a.inbox['queue:joined'].next(), { pool: 'chess:3+2', rated: false, rating: 1500 });
      b.lobby.send('queue', { pool: 'chess:3+2' });
      const [white] = await playFirstMoves(a, b);
      assert.equal(white.room.state.timeControl, '3+2');
      assert.equal(white.room.state.rated, false, 'guests play casual');
    });

    it('pairs backgammon pools into a rated match with the length and clock of the pool', async () => {
      const [a, b] = await Promise.all([lobbyPerson('registered'), lobbyPerson('registered')]);
      a.lobby.send('queue', { pool: 'backgammon:5' });
      assert.deepEqual(await a.inbox['queue:joined'].next(), { pool: 'backgammon:5', rated: true, rating: 1500 });
      b.lobby.send('queue', { pool: 'backgammon:5' });
      const [first, second] = await Promise.all([a.inbox.matched.next(), b.inbox.matched.next()]);
      assert.equal(first.game, 'backgammon');
      assert.equal(first.roomId, second.roomId);
      const rooms = await Promise.all([a, b].map((someone, i) =>
        someone.client.consumeSeatReservation<BackgammonState>(([first, second][i]!.reservation) as never)));
      const state = await until<BackgammonState>(rooms[0]!, (s) => s.status === 'playing', 'the match to start');
      assert.deepEqual([state.matchLength, state.rated, state.clock.delay, state.clock.white], [5, true, 12_000, 600_000]);
      assert.equal((await refusedInLobby(a, 'queue', { pool: 'backgammon:3' })).code, 'UNKNOWN_POOL');
    });

    it('takes backgammon seeks with a match length and a clock', async () => {
      const [seeker, taker] = await Promise.all([lobbyPerson(), lobbyPerson()]);
      seeker.lobby.send('seek', { game: 'backgammon', matchLength: 3, clock: { delay: 10, reserve: 300 } });
      const { id } = await seeker.inbox['seek:created'].next();
      const shown = await taker.inbox['seek+'].next();
      assert.deepEqual([shown.category, (shown.settings as { matchLength: number }).matchLength], ['backgammon', 3]);
      taker.lobby.send('seek:accept', { id });
      const matched = await taker.inbox.matched.next();
      const room = await taker.client.consumeSeatReservation<BackgammonState>(matched.reservation as never);
      await seeker.client.consumeSeatReservation<BackgammonState>((await seeker.inbox.matched.next()).reservation as never);
      const state = await until<BackgammonState>(room, (s) => s.status === 'playing', 'the match to start');
      assert.deepEqual([state.matchLength, state.clock.delay, state.clock.black], [3, 10_000, 300_000]);
      assert.equal((await refusedInLobby(seeker, 'seek', { game: 'backgammon', matchLength: 0, rated: true })).code, 'REGISTRATION_REQUIRED');
    });

    it('widens the rating window with waiting time (±100, then 50 more a second)', async () => {
      const [low, high] = await Promise.all([lobbyPerson('registered'), lobbyPerson('registered')]);
      await setRating(low.player.id, 'bullet', 1500);
      await setRating(high.player.id, 'bullet', 1900);
      low.lobby.send('queue', { pool: 'chess:1+0' });
      await low.inbox['queue:joined'].next();
      high.lobby.send('queue', { pool: 'chess:1+0' });
      await high.inbox['queue:joined'].next();
      for (let second = 1; second <= 5; second++) {
        clock().advance(1000);
        await new Promise((resolve) => setTimeout(resolve, 30));
        assert.equal(low.inbox.matched.all.length, 0, `not yet after ${second} s`);
      }
      clock().advance(1000);
      const [white] = await playFirstMoves(low, high);
      assert.equal(white.room.state.rated, true, 'registered players queue rated by default');
    });

    it('never pairs a player with themselves, nor into two games at once', async () => {
      const someone = await person();
      const [tab1, tab2] = [await enterLobby(someone), await enterLobby({ ...someone, client: (await import('../support/sdk.ts')).sdkClient(someone.token) })];
      tab1.lobby.send('queue', { pool: 'chess:5+0' });
      await tab1.inbox['queue:joined'].next();
      tab2.lobby.send('queue', { pool: 'chess:5+0' });
      await tab2.inbox['queue:joined'].next();
      tab1.lobby.send('queue', { pool: 'chess:5+3' });
      await tab1.inbox['queue:joined'].next();
      clock().advance(3000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(tab1.inbox.matched.all.length + tab2.inbox.matched.all.length, 0, 'alone, even in two pools and two tabs');

      const [other1, other2] = await Promise.all([lobbyPerson(), lobbyPerson()]);
      other1.lobby.send('queue', { pool: 'chess:5+0' });
      other2.lobby.send('queue', { pool: 'chess:5+3' });
      await tab1.inbox.matched.next();
      await new Promise((resolve) => setTimeout(resolve, 100));
      clock().advance(2000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const games = new Set([...tab1.inbox.matched.all, ...tab2.inbox.matched.all].map((m) => m.roomId));
      assert.equal(games.size, 1, 'one game for the player, however many pools and tabs');
      assert.equal(other1.inbox.matched.all.length + other2.inbox.matched.all.length, 1, 'and the other waiting player stays queued');
    });

    it('refuses unknown pools, and rated play for guests', async () => {
      const guest = await lobbyPerson();
      assert.equal((await refusedInLobby(guest, 'queue', { pool: 'chess:7+7' })).code, 'UNKNOWN_POOL');
      assert.equal((await refusedInLobby(guest, 'queue', { pool: 'chess:3+0', rated: true })).code, 'REGISTRATION_REQUIRED');
    });

    it('lets a player leave the queue', async () => {
      const [a, b] = await Promise.all([lobbyPerson(), lobbyPerson()]);
      a.lobby.send('queue', { pool: 'chess:10+0' });
      await a.inbox['queue:joined'].next();
      a.lobby.send('queue:leave', {});
      assert.deepEqual(await a.inbox['queue:left'].next(), { pools: ['chess:10+0'] });
      b.lobby.send('queue', { pool: 'chess:10+0' });
      await b.inbox['queue:joined'].next();
      clock().advance(2000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(b.inbox.matched.all.length, 0);
    });
  });

  it('refreshes what a player sees when a rated game of theirs changed their rating', async () => {
    const [a, b] = await Promise.all([lobbyPerson('registered'), lobbyPerson('registered')]);
    a.lobby.send('challenge', { to: b.player.username, ...blitz, rated: true, color: 'white' });
    b.lobby.send('challenge:accept', { id: (await b.inbox.challenge.next()).id });
    const [white, black] = await playFirstMoves(a, b);
    const before = a.inbox.seeks.all.length;
    a.inbox.seeks.clear();
    white.room.send('resign');
    await until(black.room, (s) => s.ratingDiff.black > 0, 'the rated result');
    await a.inbox.seeks.next();
    assert.equal(a.inbox.seeks.all.length, before + 1, 'the seek list was sent again with the new rating');
  });

  describe('challenges', () => {
    it('reach the player named, who accepts: both are matched into the game', async () => {
      const [from, to] = await Promise.all([lobbyPerson(), lobbyPerson()]);
      from.lobby.send('challenge', { to: to.player.username.toLowerCase(), ...blitz, color: 'black' });
      const sent = await from.inbox['challenge:sent'].next();
      const received = await to.inbox.challenge.next();
      assert.equal(received.id, sent.id);
      assert.deepEqual({ from: received.from, game: received.game, time: received.time, color: received.color },
        { from: from.player.username, game: 'chess', time: { initial: 180, increment: 0 }, color: 'black' });
      to.lobby.send('challenge:accept', { id: received.id });
      const [white] = await playFirstMoves(from, to);
      assert.equal(white.player.id, to.player.id, 'the challenger asked for black');
    });

    it('are declined, and the challenger is told', async () => {
      const [from, to] = await Promise.all([lobbyPerson(), lobbyPerson()]);
      from.lobby.send('challenge', { to: to.player.username, ...blitz });
      const { id } = await to.inbox.challenge.next();
      to.lobby.send('challenge:decline', { id });
      assert.deepEqual(await from.inbox['challenge:declined'].next(), { id });
      assert.equal((await refusedInLobby(to, 'challenge:accept', { id })).code, 'NO_SUCH_CHALLENGE');
    });

    it('expire after a minute', async () => {
      const [from, to] = await Promise.all([lobbyPerson(), lobbyPerson()]);
      from.lobby.send('challenge', { to: to.player.username, ...blitz });
      const { id } = await to.inbox.challenge.next();
      clock().advance(59_999);
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.equal(to.inbox['challenge:expired'].all.length, 0);
      clock().advance(1);
      assert.deepEqual(await to.inbox['challenge:expired'].next(), { id });
      assert.deepEqual(await from.inbox['challenge:expired'].next(), { id });
      assert.equal((await refusedInLobby(to, 'challenge:accept', { id })).code, 'NO_SUCH_CHALLENGE');
    });

    it('wait for a player who joins the lobby later', async () => {
      const from = await lobbyPerson();
      const target = await person();
      from.lobby.send('challenge', { to: target.player.username, ...blitz });
      const { id } = await from.inbox['challenge:sent'].next();
      const to = await enterLobby(target);
      assert.equal((to.inbox.challenge.all[0] ?? await to.inbox.challenge.next()).id, id);
    });

    it('are refused for unknown players, oneself, and rated play with a guest', async () => {
      const [registered, guest] = await Promise.all([lobbyPerson('registered'), lobbyPerson()]);
      assert.equal((await refusedInLobby(registered, 'challenge', { to: 'nobody-by-that-name', ...blitz })).code, 'NO_SUCH_PLAYER');
      assert.equal((await refusedInLobby(registered, 'challenge', { to: registered.player.username, ...blitz })).code, 'CANNOT_CHALLENGE_SELF');
      assert.equal((await refusedInLobby(registered, 'challenge', { to: guest.player.username, ...blitz, rated: true })).code, 'REGISTRATION_REQUIRED');
    });
  });

  it('answers bad input with typed errors and keeps the connection', async () => {
    const someone = await lobbyPerson();
    assert.equal((await refusedInLobby(someone, 'seek', { game: 'chess', time: 'fast' })).code, 'INVALID_PAYLOAD');
    assert.equal((await refusedInLobby(someone, 'seek:accept', { id: 'no-such-seek' })).code, 'NO_SUCH_SEEK');
    assert.equal((await refusedInLobby(someone, 'teleport', {})).code, 'UNKNOWN_MESSAGE');
    someone.lobby.send('seek', blitz);
    await someone.inbox['seek:created'].next();
  });
});
