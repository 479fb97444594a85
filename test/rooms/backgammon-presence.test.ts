import assert from 'node:assert/strict';
import type { Room } from '@colyseus/sdk';
import { harness } from '../support/harness.ts';
import { cutConnection } from '../support/sdk.ts';
import { Inbox, person, refused } from '../support/chess.ts';
import { casualMatch, legalFor, playOne, synced, toAct, untilState, type MatchUnderTest, type Player } from '../support/backgammon.ts';
import type { BackgammonState } from '../../schema/BackgammonState.ts';
import type { Side } from '../../src/games/side.ts';

const clock = () => harness().scheduler;

function cut(match: MatchUnderTest, player: Player): void {
  cutConnection(match.server, player.room.sessionId);
}

async function watch(roomId: string): Promise<{ room: Room<any, BackgammonState>; errors: Inbox; legal: Inbox }> {
  const watcher = await person();
  const room = await watcher.client.joinById<BackgammonState>(roomId, { spectate: true });
  room.reconnection.minUptime = 0;
  return { room, errors: new Inbox(room, 'error'), legal: new Inbox(room, 'legal') };
}

describe('BackgammonRoom: clock and presence', () => {
  it('runs a fresh delay per action, drains the reserve by the overshoot only, and ends the match when it is gone', async () => {
    const match = await casualMatch({ matchLength: 3, clock: { delay: 10, reserve: 30 } });
    const state = () => match.server.state;
    const mover = toAct(state())!;
    assert.equal(state().clock.running, mover);
    assert.equal(state().clock.delay, 10_000);
    clock().advance(9_000); // within the delay: free
    await playOne(match);
    assert.equal(state().clock[mover], 30_000, 'a play within the delay costs nothing');
    const next = toAct(state())!;
    assert.equal(state().clock.running, next);
    clock().advance(15_000); // 5 s past the delay
    await playOne(match);
    assert.equal(state().clock[next], 25_000, 'only the 5 s beyond the delay came off the reserve');

    // Whoever must act now lets the delay and the reserve run out.
    const late = toAct(state())!;
    const reserve = state().clock[late];
    clock().advance(10_000 + reserve - 1);
    await synced(match);
    assert.equal(state().status, 'playing');
    clock().advance(1);
    const end = await untilState(match.white.room, (s) => s.status === 'ended', 'the flag');
    const winner: Side = late === 'white' ? 'black' : 'white';
    assert.deepEqual([end.termination, end.winner, end.score[winner]], ['timeout', winner, 3]);
    assert.equal(end.clock.running, '');
  });

  it('sends the player to move their legal plays once per version, and again to a new connection of theirs', async () => {
    const match = await casualMatch({ matchLength: 1 });
    await synced(match);
    const mover = match.seat(toAct(match.server.state)!);
    const other = match.seat(mover.side === 'white' ? 'black' : 'white');
    const version = match.server.state.version;
    /** Server messages arrive in order: once a chat sent now is back, any earlier `legal` is in. */
    const settle = async () => {
      const echo = new Inbox(mover.room, 'chat');
      mover.room.send('chat', { text: 'settle' });
      await echo.next();
    };
    await settle();
    assert.deepEqual(mover.legal.all.map((m) => m.version), [version], 'the opening play is sent once');

    cut(match, other);
    await untilState(mover.room, (s) => s.players.get(other.side)?.connected === false, 'the other player gone');
    await untilState(mover.room, (s) => s.players.get(other.side)?.connected === true, 'the other player back');
    await settle();
    assert.equal(mover.legal.all.length, 1, "the other player's comings and goings resend nothing");

    const back = new Promise<void>((resolve) => mover.room.onReconnect(() => resolve()));
    cut(match, mover);
    await back;
    const again = await mover.legal.next();
    assert.equal(again.version, version, 'a new connection of the mover gets the plays again');
    await settle();
    assert.equal(mover.legal.all.length, 2);
    mover.room.send('move', { steps: (again.plays as unknown[])[0] });
    await untilState(mover.room, (s) => s.version > version, 'the play');
  });

  it('lets spectators watch but not act, and sends the legal plays to the player to move alone', async () => {
    const match = await casualMatch({ matchLength: 1 });
    const watcher = await watch(match.roomId);
    await untilState(match.white.room, (s) => s.spectators === 1);
    for (const type of ['roll', 'double', 'take', 'resign:accept']) {
      assert.equal((await refused(watcher, type)).code, 'NOT_A_PLAYER');
    }
    assert.equal((await refused(watcher, 'move', { steps: [[24, 23]] })).code, 'NOT_A_PLAYER');
    for (let i = 0; i < 4; i++) await playOne(match);
    await untilState(watcher.room, (s) => s.version === match.server.state.version, 'the spectator in step');
    assert.equal(watcher.legal.all.length, 0, 'no legal plays for spectators');
    assert.deepEqual([...watcher.room.state.points], [...match.server.state.points]);
  });

  it('gives a player who drops mid-turn the seat, the position and their legal plays back', async () => {
    const match = await casualMatch({ matchLength: 1 });
    while (match.server.state.phase !== 'move') await playOne(match);
    const mover = match.seat(toAct(match.server.state)!);
    const plays = await legalFor(mover);
    const back = new Promise<void>((resolve) => mover.room.onReconnect(() => resolve()));
    cut(match, mover);
    const opponent = match.seat(mover.side === 'white' ? 'black' : 'white');
    await untilState(opponent.room, (s) => s.players.get(mover.side)!.connected === false, 'the drop shown');
    await back;
    await untilState(opponent.room, (s) => s.players.get(mover.side)!.connected, 'the return shown');
    assert.deepEqual(await legalFor(mover), plays, 'the same plays, sent again');
    assert.deepEqual([...mover.room.state.points], [...match.server.state.points]);
    const version = match.server.state.version;
    mover.room.send('move', { steps: plays[0] });
    await untilState(opponent.room, (s) => s.version > version, 'the play after the return');
  });

  it('forfeits a match for a player gone five minutes, to the one who stayed', async () => {
    const match = await casualMatch({ matchLength: 5 });
    match.black.room.reconnection.enabled = false;
    await match.black.room.leave();
    await untilState(match.white.room, (s) => s.players.get('black')!.connected === false);
    clock().advance(5 * 60_000);
    const end = await untilState(match.white.room, (s) => s.status === 'ended', 'the forfeit');
    assert.deepEqual([end.winner, end.termination, end.score.white], ['white', 'abandoned', 5]);
  });
});
