import assert from 'node:assert/strict';
import { harness } from '../support/harness.ts';
import { casualGame, ended, play, refused, until, type ChessGameUnderTest } from '../support/chess.ts';
import { PROBE_INTERVAL_MS } from '../../rooms/shared/lag-meter.ts';

const clock = () => harness().scheduler;

/**
 * White plays `san`; Black's connection answers the ping that follows 10 s late (5 s of lag
 * measured). The network clock first moves past the probe interval, so the server probes Black.
 * Returns once the server has the measurement: a refused message from Black after the pong
 * comes back after it, as a socket's frames are read in order.
 */
async function whiteMovesWhileBlackLags(game: ChessGameUnderTest, san: string): Promise<void> {
  const ply = game.black.room.state.ply;
  harness().rtt.advance(PROBE_INTERVAL_MS);
  game.white.room.send('move', { san });
  await until(game.black.room, (s) => s.ply === ply + 1);
  harness().rtt.advance(10_000);
  await refused(game.black, 'draw:accept');
  await until(game.white.room, (s) => s.ply === ply + 1);
}

describe('ChessRoom: clocks (injected time, no sleeping)', () => {
  it('aborts the game when White does not make a first move in time (20 s in bullet)', async () => {
    const game = await casualGame({ time: { initial: 60, increment: 0 } });
    const state = game.black.room.state;
    assert.equal(state.firstMoveBy - clock().now(), 20_000);
    clock().advance(19_999);
    assert.equal(game.white.room.state.status, 'playing');
    clock().advance(1);
    const end = await ended(game);
    assert.equal(end.termination, 'aborted');
    assert.equal(end.result, '');
  });

  it('gives Black its own first-move limit from White\'s first move', async () => {
    const game = await casualGame({ time: { initial: 600, increment: 0 } });
    clock().advance(10_000);
    await play(game, 'e4');
    assert.equal(game.black.room.state.firstMoveBy - clock().now(), 30_000, 'rapid: 30 s');
    clock().advance(30_000);
    assert.equal((await ended(game)).termination, 'aborted');
  });

  it('starts the clock only after Black\'s first move, with White\'s time running', async () => {
    const game = await casualGame({ time: { initial: 60, increment: 2 } });
    clock().advance(5000);
    await play(game, 'e4');
    clock().advance(7000);
    await play(game, 'e5');
    const state = game.white.room.state;
    assert.deepEqual({ white: state.clock.white, black: state.clock.black, running: state.clock.running },
      { white: 60_000, black: 60_000, running: 'white' }, 'the first two moves cost nothing');
    assert.equal(state.clock.since, clock().now());
    assert.equal(state.firstMoveBy, 0);
  });

  it('charges each move the time since the last one, adds the increment, and corrects `since`', async () => {
    const game = await casualGame({ time: { initial: 60, increment: 2 } });
    await play(game, 'e4', 'e5');
    clock().advance(3000);
    await play(game, 'Nf3');
    clock().advance(4500);
    await play(game, 'Nc6');
    const state = game.white.room.state;
    assert.equal(state.clock.white, 60_000 - 3000 + 2000);
    assert.equal(state.clock.black, 60_000 - 4500 + 2000);
    assert.equal(state.clock.running, 'white');
    assert.equal(state.clock.since, clock().now());
  });

  it('flags the side whose time runs out at that moment, with no message arriving', async () => {
    const game = await casualGame({ time: { initial: 60, increment: 0 } });
    await play(game, 'e4', 'e5');
    clock().advance(59_999);
    assert.equal(game.white.room.state.status, 'playing');
    clock().advance(1);
    const state = await ended(game);
    assert.deepEqual({ result: state.result, termination: state.termination }, { result: '0-1', termination: 'timeout' });
    assert.equal(state.clock.white, 0);
    assert.equal(state.clock.running, '');
  });

  it('calls a flag a draw when the opponent cannot possibly mate', async () => {
    const game = await casualGame({ time: { initial: 60, increment: 0 }, fen: '4k2q/8/8/8/8/8/8/3NK3 w - - 0 1' });
    await play(game, 'Nc3', 'Qh7', 'Nd5');
    clock().advance(60_000);
    const state = await ended(game);
    assert.deepEqual({ result: state.result, termination: state.termination }, { result: '1/2-1/2', termination: 'timeout' });
  });

  it('refunds measured lag, never more than the quota (1+0: 1.17 s, then 0.39 s a move)', async () => {
    const game = await casualGame({ time: { initial: 60, increment: 0 } });
    await play(game, 'e4', 'e5');
    await whiteMovesWhileBlackLags(game, 'Nf3');
    clock().advance(8000);
    await play(game, 'Nc6');
    assert.equal(game.white.room.state.clock.black, 60_000 - (8000 - 1170), 'the whole initial quota, not the lag');

    await whiteMovesWhileBlackLags(game, 'Bb5');
    clock().advance(8000);
    await play(game, 'a6');
    assert.equal(game.white.room.state.clock.black, 60_000 - (8000 - 1170) - (8000 - 390), 'then only what the quota regained');
  });

  it('moves a lagging player\'s flag by the lag it could still be refunded, no more', async () => {
    const game = await casualGame({ time: { initial: 60, increment: 0 } });
    await play(game, 'e4', 'e5', 'Nf3', 'Nc6');
    await whiteMovesWhileBlackLags(game, 'Bb5');
    // Black's quota: 1.17 s, plus 0.39 s regained on its first timed move (Nc6, no lag) = 1.56 s.
    const flagAt = game.black.room.state.clock.since + 60_000 + 1560;
    clock().advanceTo(flagAt - 1);
    assert.equal((await refused(game.black, 'draw:accept')).code, 'NO_OFFER', 'still playing one ms before');
    clock().advanceTo(flagAt);
    assert.equal((await ended(game)).termination, 'timeout');
  });

  it('sets no timer for a game whose clock is not running', async () => {
    const before = clock().pending();
    const game = await casualGame();
    assert.equal(clock().pending(), before + 1, 'only the first-move limit');
    await play(game, 'e4', 'e5');
    assert.equal(clock().pending(), before, 'an untimed game in play waits on nothing');
    const timed = await casualGame({ time: { initial: 60, increment: 0 } });
    await play(timed, 'e4', 'e5');
    assert.equal(clock().pending(), before + 1, 'a running clock has exactly one deadline: its flag');
  });
});
