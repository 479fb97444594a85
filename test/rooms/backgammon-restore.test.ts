/**
 * A backgammon match brought back from its journal within the test server, on the injected
 * clock: the room is stopped as a shutdown stops it (suspended, players told to reconnect), then
 * created again from its journal under the same room id. Nothing runs until the player to act is
 * back or the grace is over; then the clock, the pause between games and absences start again by
 * the rules, and the match ends and is recorded as any other.
 */
import assert from 'node:assert/strict';
import { RESUME_GRACE_MS } from '../../src/games/suspension.ts';
import { restoreSessions } from '../../rooms/shared/restore.ts';
import { ABSENT_FORFEIT_MS, NEXT_GAME_PAUSE_MS } from '../../src/games/backgammon/table.ts';
import { verifyMatchDice } from '../../src/games/backgammon/verify.ts';
import { sessionsInPlay } from '../../src/services/game-sessions.ts';
import { opposite, type Side } from '../../src/games/side.ts';
import type { BackgammonRoom } from '../../rooms/BackgammonRoom.ts';
import { harness } from '../support/harness.ts';
import { storedGame } from '../support/chess.ts';
import { casualMatch, playUntil, toAct, untilState, type MatchUnderTest } from '../support/backgammon.ts';

const clock = () => harness().scheduler;

/** Stops the match's room as a shutdown does, and brings it back from the journal. */
async function restart(match: MatchUnderTest): Promise<BackgammonRoom> {
  const gameId = match.server.state.gameId;
  await match.server.onBeforeShutdown();
  const { app } = harness();
  // As a start does: what the journal's local log holds goes to the database first (write-behind).
  await app.runtime.journal?.settle();
  const sessions = (await sessionsInPlay({ orm: app.runtime.db.orm, owner: app.runtime.config.nodeName })).filter((s) => s.id === gameId);
  assert.equal(sessions.length, 1, 'the match is in play in the journal');
  // The stopped room may still be going away: the restored one takes its id.
  const result = await restoreSessions({ sessions, log: app.runtime.log, replaceListings: true });
  assert.deepEqual(result, { restored: 1, failed: 0 });
  const room = harness().colyseus.getRoomById(match.roomId) as unknown as BackgammonRoom;
  assert.notEqual(room, match.server, 'a new room under the same id');
  match.server = room;
  return room;
}

describe('BackgammonRoom: a match brought back from its journal', () => {
  it('holds the double and the clock until the grace is over, then gives the taker the rest of the delay', async () => {
    const match = await casualMatch({ matchLength: 3, clock: { delay: 10, reserve: 60 } }, { white: 'w-seed', black: 'b-seed' });
    await playUntil(match, (s) => s.phase === 'roll' && toAct(s) === s.turn);
    const doubler = match.server.state.turn as Side;
    const taker = opposite(doubler);
    let version = match.server.state.version;
    match.seat(doubler).room.send('double');
    await untilState(match.seat(taker).room, (s) => s.version > version && s.phase === 'cube', 'the double');
    clock().advance(4000); // the taker thinks 4 s of their 10 s delay
    const before = match.server.state.toJSON() as Record<string, any>;
    // The taker does not come back by themselves; the doubler's SDK does.
    match.seat(taker).room.reconnection.enabled = false;

    const room = await restart(match);
    const doublerRoom = match.seat(doubler).room;
    // Nothing runs while the player to act is away: the clock is stopped.
    const suspended = await untilState(doublerRoom, (s) => s.version > before.version && s.players.get(doubler)!.connected && s.clock.running === '',
      'the doubler back in the suspended match');
    assert.deepEqual([suspended.phase, suspended.cube.offeredBy, [...suspended.points], [...suspended.dice], suspended.diceCommit],
      [before.phase, doubler, before.points, before.dice, before.diceCommit]);
    assert.deepEqual([room.state.clock.white, room.state.clock.black], [before.clock.white, before.clock.black]);

    clock().advance(RESUME_GRACE_MS - 1);
    assert.equal(room.state.clock.running, '');
    clock().advance(1);
    const resumed = await untilState(doublerRoom, (s) => s.clock.running === taker, 'the grace over');
    const now = clock().now();
    assert.equal(now - resumed.clock.since, 4000, 'the 4 s used before the stop, no more');
    assert.deepEqual([resumed.clock.white, resumed.clock.black], [before.clock.white, before.clock.black]);

    // The taker's delay (6 s left) and reserve (60 s) run out: the doubler wins on time.
    version = room.state.version;
    clock().advance(6000 + 60_000 - 1);
    assert.equal(room.state.status, 'playing');
    clock().advance(1);
    const end = await untilState(doublerRoom, (s) => s.status === 'ended', 'the flag');
    assert.deepEqual([end.winner, end.termination, end.score[doubler]], [doubler, 'timeout', 3]);
    const stored = await storedGame(end.gameId);
    assert.deepEqual(stored.backgammon.dice.clientSeeds, { white: 'w-seed', black: 'b-seed' });
    assert.equal(verifyMatchDice(stored).ok, true, 'the dice rolled before and after the restart are the seed\'s');
    assert.deepEqual(stored.backgammon.events.slice(-3).map((e: { type: string }) => e.type), ['double', 'game-end', 'match-end']);
  });

  it('resumes between games after the grace, restarts the pause in full, and counts an absence from the resumption', async () => {
    const match = await casualMatch({ matchLength: 5 });
    const resigner = toAct(match.server.state)!;
    let version = match.server.state.version;
    match.seat(resigner).room.send('resign', { points: 1 });
    await untilState(match.white.room, (s) => s.version > version && s.resignation.by === resigner, 'the resignation');
    match.seat(opposite(resigner)).room.send('resign:accept');
    await untilState(match.white.room, (s) => s.phase === 'between-games', 'between games');
    clock().advance(NEXT_GAME_PAUSE_MS - 1000);
    version = match.server.state.version;
    // One player does not come back after the restart.
    const stayer = match.white;
    match.black.room.reconnection.enabled = false;

    const room = await restart(match);
    const restoredAt = clock().now();
    await untilState(stayer.room, (s) => s.version > version && s.players.get('white')!.connected, 'white back');
    clock().advance(RESUME_GRACE_MS - 1);
    assert.equal(room.state.phase, 'between-games', 'no pause runs while suspended');
    const suspendedVersion = room.state.version;
    clock().advance(1);
    const resumedAt = clock().now();
    await untilState(stayer.room, (s) => s.version > suspendedVersion, 'the resumption');
    clock().advance(NEXT_GAME_PAUSE_MS - 1);
    assert.equal(room.state.phase, 'between-games', 'the pause starts again in full');
    clock().advance(1);
    await untilState(stayer.room, (s) => s.gameNumber === 2 && s.phase !== 'between-games', 'game 2');

    // Black has been gone since the restart; the forfeit counts from the resumption.
    assert.equal(resumedAt - restoredAt, RESUME_GRACE_MS);
    clock().advanceTo(resumedAt + ABSENT_FORFEIT_MS - 1);
    assert.equal(room.state.status, 'playing');
    clock().advance(1);
    const end = await untilState(stayer.room, (s) => s.status === 'ended', 'the forfeit');
    assert.deepEqual([end.winner, end.termination, end.score.white], ['white', 'abandoned', 5]);
  });
});
