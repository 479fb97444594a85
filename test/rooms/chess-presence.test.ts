import assert from 'node:assert/strict';
import type { Room } from '@colyseus/sdk';
import { harness } from '../support/harness.ts';
import { cutConnection } from '../support/sdk.ts';
import { casualGame, ended, Inbox, person, play, refused, until, type ChessGameUnderTest, type Seated } from '../support/chess.ts';
import type { ChessState } from '../../schema/ChessState.ts';

const clock = () => harness().scheduler;

function cut(game: ChessGameUnderTest, seat: Seated): void {
  cutConnection(game.server, seat.room.sessionId);
}

async function watch(roomId: string): Promise<{ room: Room<any, ChessState>; chat: Inbox; errors: Inbox }> {
  const watcher = await person();
  const room = await watcher.client.joinById<ChessState>(roomId, { spectate: true });
  room.reconnection.minUptime = 0;
  return { room, chat: new Inbox(room, 'chat'), errors: new Inbox(room, 'error') };
}

describe('ChessRoom: presence', () => {
  describe('spectators', () => {
    it('are counted in the state and receive every move', async () => {
      const game = await casualGame();
      const first = await watch(game.roomId);
      const second = await watch(game.roomId);
      await until(game.white.room, (s) => s.spectators === 2);
      await play(game, 'e4');
      await until(first.room, (s) => s.moves.at(0) === 'e4');
      await second.room.leave();
      await until(game.black.room, (s) => s.spectators === 1);
    });

    it('are admitted up to the configured cap (3 in tests)', async () => {
      const game = await casualGame();
      for (let i = 0; i < 3; i++) await watch(game.roomId);
      await until(game.white.room, (s) => s.spectators === 3);
      await assert.rejects(watch(game.roomId), /all the spectators it can take|locked/);
    });

    it('can reconnect after a dropped connection', async () => {
      const game = await casualGame();
      const spectator = await watch(game.roomId);
      await until(game.white.room, (s) => s.spectators === 1);
      // A round trip on its connection: the join handshake is complete (a half-joined client is not held).
      assert.equal((await refused(spectator, 'move', { uci: 'e2e4' })).code, 'NOT_A_PLAYER');
      const client = game.server.clients.find((c) => c.sessionId === spectator.room.sessionId)!;
      const back = new Promise<void>((resolve) => spectator.room.onReconnect(() => resolve()));
      (client as unknown as { ref: { terminate(): void } }).ref.terminate();
      await until(game.white.room, (s) => s.spectators === 0, 'the drop to be counted');
      await back;
      await until(game.white.room, (s) => s.spectators === 1, 'the spectator back');
      await play(game, 'd4');
      await until(spectator.room, (s) => s.moves.at(0) === 'd4');
    });
  });

  describe('chat', () => {
    it('broadcasts a player\'s message to everyone, with sender, role and time', async () => {
      const game = await casualGame();
      const spectator = await watch(game.roomId);
      game.white.room.send('chat', { text: '  good luck  ' });
      const [toBlack, toSpectator] = await Promise.all([game.black.chat.next(), spectator.chat.next()]);
      assert.deepEqual(toBlack, { from: game.white.player.username, role: 'white', text: 'good luck', at: clock().now() });
      assert.deepEqual(toSpectator, toBlack);
    });

    it('keeps spectators\' messages among spectators while the game is on', async () => {
      const game = await casualGame();
      const [a, b] = [await watch(game.roomId), await watch(game.roomId)];
      a.room.send('chat', { text: 'Qh5 wins' });
      const heard = await b.chat.next();
      assert.equal(heard.role, 'spectator');
      await play(game, 'f3', 'e5', 'g4', 'Qh4#');
      await ended(game);
      a.room.send('chat', { text: 'well played' });
      assert.equal((await game.white.chat.next()).text, 'well played', 'after the end, everyone');
      assert.deepEqual(game.white.chat.all.map((m) => m.text), ['well played']);
    });

    it('refuses empty and over-long messages', async () => {
      const game = await casualGame();
      assert.equal((await refused(game.white, 'chat', { text: '   ' })).code, 'INVALID_PAYLOAD');
      assert.equal((await refused(game.white, 'chat', { text: 'x'.repeat(501) })).code, 'INVALID_PAYLOAD');
      assert.equal((await refused(game.white, 'chat', {})).code, 'INVALID_PAYLOAD');
    });

    it('limits chat per sender', async () => {
      const game = await casualGame();
      for (let i = 0; i < 6; i++) game.white.room.send('chat', { text: `spam ${i}` });
      assert.equal((await game.white.errors.next()).code, 'RATE_LIMITED');
      assert.equal(game.black.chat.all.length <= 5, true);
    });
  });

  describe('reconnection', () => {
    it('keeps a dropped player\'s seat and clock running, and sends the full state on return', async () => {
      const game = await casualGame({ time: { initial: 60, increment: 0 } });
      await play(game, 'e4', 'e5', 'Nf3');
      const back = new Promise<void>((resolve) => game.black.room.onReconnect(() => resolve()));
      cut(game, game.black);
      await until(game.white.room, (s) => s.players.get('black')!.connected === false, 'black shown as gone');
      const since = game.white.room.state.clock.since;
      clock().advance(5000);
      await back;
      await until(game.white.room, (s) => s.players.get('black')!.connected, 'black shown as back');
      const state = game.black.room.state;
      assert.deepEqual(state.moves.toArray(), ['e4', 'e5', 'Nf3']);
      assert.equal(state.clock.running, 'black');
      assert.equal(state.clock.since, since);
      assert.equal(state.clock.black - (clock().now() - state.clock.since), 55_000, 'the clock ran while black was away');
      await play(game, 'Nc6');
      assert.equal(game.white.room.state.clock.black, 55_000);
    });

    it('gives a seat back to its player joining again by id, after leaving on purpose', async () => {
      const game = await casualGame();
      await play(game, 'e4');
      await game.black.room.leave();
      await until(game.white.room, (s) => s.players.get('black')!.connected === false);
      const room = await game.black.client.joinById<ChessState>(game.roomId);
      await until(game.white.room, (s) => s.players.get('black')!.connected, 'black back in the seat');
      await until(room, (s) => s.ply === 1);
      room.send('move', { san: 'e5' });
      await until(game.white.room, (s) => s.ply === 2);
    });

    it('lets a newer connection of the same player replace the older one', async () => {
      const game = await casualGame();
      const closed = new Promise<number>((resolve) => game.black.room.onLeave((code) => resolve(code)));
      const room = await game.black.client.joinById<ChessState>(game.roomId);
      assert.equal(await closed, 4100);
      await until(room, (s) => s.status === 'playing');
      game.white.room.send('move', { san: 'e4' });
      await until(room, (s) => s.ply === 1);
      room.send('move', { san: 'e5' });
      await until(game.white.room, (s) => s.ply === 2);
    });
  });

  describe('claim victory', () => {
    async function blackGone(game: ChessGameUnderTest, how: 'drop' | 'leave') {
      game.black.room.reconnection.enabled = false;
      if (how === 'drop') cut(game, game.black);
      else await game.black.room.leave();
      await until(game.white.room, (s) => s.players.get('black')!.connected === false && s.claimVictoryAt > 0);
    }

    it('is refused while the opponent may still return, then granted as a win', async () => {
      const game = await casualGame({ time: { initial: 180, increment: 0 } });
      await play(game, 'e4', 'e5');
      await blackGone(game, 'drop');
      // Blitz: 40 s after a lost connection, halved for a guest.
      assert.equal(game.white.room.state.claimVictoryAt - clock().now(), 20_000);
      const early = await refused(game.white, 'claim:victory');
      assert.equal(early.code, 'CANNOT_CLAIM');
      assert.match(early.message!, /claim in 20 s/);
      clock().advance(20_000);
      game.white.room.send('claim:victory');
      const state = await until(game.white.room, (s) => s.status === 'ended');
      assert.deepEqual({ result: state.result, termination: state.termination }, { result: '1-0', termination: 'abandoned' });
    });

    it('can be taken as a draw instead, and comes sooner when the opponent left on purpose', async () => {
      const game = await casualGame({ time: { initial: 180, increment: 0 } });
      await play(game, 'e4', 'e5');
      await blackGone(game, 'leave');
      assert.equal(game.white.room.state.claimVictoryAt - clock().now(), 5000, '10 s after leaving, halved for a guest');
      clock().advance(5000);
      game.white.room.send('claim:victory', { draw: true });
      const state = await until(game.white.room, (s) => s.status === 'ended');
      assert.deepEqual({ result: state.result, termination: state.termination }, { result: '1/2-1/2', termination: 'abandoned' });
    });

    it('is refused when the opponent is here', async () => {
      const game = await casualGame();
      await play(game, 'e4', 'e5');
      assert.equal((await refused(game.white, 'claim:victory')).code, 'CANNOT_CLAIM');
    });
  });

  it('aborts a game both players have left for ten minutes', async () => {
    const game = await casualGame();
    await play(game, 'e4', 'e5');
    const watcher = await watch(game.roomId);
    await game.white.room.leave();
    await game.black.room.leave();
    await until(watcher.room, (s) => !s.players.get('white')!.connected && !s.players.get('black')!.connected);
    clock().advance(10 * 60_000);
    const state = await until(watcher.room, (s) => s.status === 'ended', 'the abandoned game to end');
    assert.equal(state.termination, 'aborted');
  });
});
