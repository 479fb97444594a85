import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { NEXT_GAME_PAUSE_MS } from '../../src/games/backgammon/table.ts';
import { api, BASE_URL, harness } from '../support/harness.ts';
import { verifyMatchDice } from '../../src/games/backgammon/verify.ts';
import { refused, storedGame } from '../support/chess.ts';
import { casualMatch, playOne, playUntil, synced, toAct, untilState, type MatchUnderTest } from '../support/backgammon.ts';
import type { Side } from '../../src/games/side.ts';

const clock = () => harness().scheduler;
const other = (side: Side): Side => (side === 'white' ? 'black' : 'white');

/** Plays until `side` is on roll with the cube in reach (the server waits for roll or double). */
async function onRollWithCube(match: MatchUnderTest, side: Side): Promise<void> {
  await playUntil(match, (s) => s.status === 'playing' && s.phase === 'roll' && s.turn === side && toAct(s) === side);
}

async function send(match: MatchUnderTest, side: Side, type: string, payload?: unknown): Promise<void> {
  const version = match.server.state.version;
  match.seat(side).room.send(type, payload);
  await untilState(match.seat(side).room, (s) => s.version > version, `${side}'s ${type}`);
  await synced(match);
}

async function nextGame(match: MatchUnderTest, number: number): Promise<void> {
  await untilState(match.white.room, (s) => s.phase === 'between-games');
  clock().advance(NEXT_GAME_PAUSE_MS);
  await untilState(match.white.room, (s) => s.gameNumber === number && s.phase !== 'between-games', `game ${number}`);
  await synced(match);
}

describe('BackgammonRoom: a match', () => {
  it('plays a 3-point match: a take, the Crawford game, a drop post-Crawford, resignations; reveals the dice and stores it', async () => {
    const match = await casualMatch({ matchLength: 3 }, { white: 'white-seed', black: 'black-seed' });
    const state = () => match.server.state;
    assert.equal(state().gameNumber, 1);
    assert.equal(state().points.length, 24);
    assert.match(state().diceCommit, /^[0-9a-f]{64}$/);
    assert.equal(state().diceSeed, '', 'the seed stays secret during the match');

    // Game 1: white doubles, black takes (and owns the cube at 2); black resigns a single: white +2.
    await onRollWithCube(match, 'white');
    await send(match, 'white', 'double');
    assert.equal(state().phase, 'cube');
    assert.equal(state().cube.offeredBy, 'white');
    assert.equal((await refused(match.white, 'take')).code, 'NO_CUBE_OFFER', 'the doubler cannot take');
    await send(match, 'black', 'take');
    assert.deepEqual([state().cube.value, state().cube.owner], [2, 'black']);
    assert.equal(state().phase, 'move', 'white cannot redouble, so the server rolled for white');
    await send(match, 'black', 'resign', { points: 1 });
    assert.equal(state().resignation.by, 'black');
    await send(match, 'white', 'resign:accept');
    assert.deepEqual([state().score.white, state().score.black], [2, 0]);
    assert.deepEqual([state().lastGame.winner, state().lastGame.points, state().lastGame.termination], ['white', 2, 'resign']);

    // Game 2 is the Crawford game: white reached 2 of 3; no cube, the server rolls every time.
    await nextGame(match, 2);
    assert.equal(state().crawford, true);
    assert.equal(state().cube.value, 1);
    for (let i = 0; i < 6; i++) {
      assert.notEqual(state().phase, 'roll', 'nobody is asked to roll in the Crawford game');
      await playOne(match);
    }
    const mover = toAct(state())!;
    const version = state().version;
    assert.equal((await refused(match.seat(mover), 'double')).code, 'WRONG_PHASE');
    assert.equal(state().version, version, 'a refused double changes nothing');
    await send(match, 'white', 'resign', { points: 1 });
    await send(match, 'black', 'resign:accept');
    assert.deepEqual([state().score.white, state().score.black], [2, 1]);

    // Game 3, post-Crawford: the cube is back; black doubles and white drops.
    await nextGame(match, 3);
    assert.equal(state().crawford, false);
    await onRollWithCube(match, 'black');
    await send(match, 'black', 'double');
    await send(match, 'white', 'drop');
    assert.deepEqual([state().score.white, state().score.black], [2, 2]);
    assert.equal(state().lastGame.termination, 'drop');

    // Game 4: a declined resignation plays on; then black resigns a single and white takes the match.
    await nextGame(match, 4);
    await send(match, 'black', 'resign', { points: 1 });
    await send(match, 'white', 'resign:decline');
    assert.equal(state().resignation.by, '');
    assert.equal(state().status, 'playing');
    await send(match, 'black', 'resign', { points: 1 });
    await send(match, 'white', 'resign:accept');
    await untilState(match.black.room, (s) => s.status === 'ended');
    const end = match.black.room.state;
    assert.deepEqual([end.winner, end.termination, end.score.white, end.score.black], ['white', 'resign', 3, 2]);
    assert.match(end.diceSeed, /^[0-9a-f]{64}$/);
    assert.equal(createHash('sha256').update(Buffer.from(end.diceSeed, 'hex')).digest('hex'), end.diceCommit, 'the seed matches the commit');

    const stored = await storedGame(end.gameId);
    assert.equal(stored.kind, 'backgammon');
    assert.equal(stored.winner, 'white');
    assert.deepEqual(stored.backgammon.score, { white: 3, black: 2 });
    assert.deepEqual(stored.backgammon.dice.clientSeeds, { white: 'white-seed', black: 'black-seed' });
    assert.equal(stored.backgammon.dice.seed, end.diceSeed);
    assert.equal(stored.backgammon.events.at(-1).type, 'match-end');
    assert.deepEqual(verifyMatchDice(stored).mismatches, [], 'every roll recomputes from the revealed seed');
    assert.equal(verifyMatchDice(stored).ok, true);

    const count = stored.backgammon.events.length;
    const start = await api(`/api/games/${end.gameId}/replay?at=0`);
    assert.deepEqual([start.status, start.body.status, start.body.event], [200, 'waiting', null]);
    const middle = await api(`/api/games/${end.gameId}/replay?at=${Math.floor(count / 2)}`);
    assert.equal(middle.body.event.n, Math.floor(count / 2));
    assert.match(middle.body.positionId, /^[A-Za-z0-9+/]{14}$/);
    const last = await api(`/api/games/${end.gameId}/replay?at=${count}`);
    assert.deepEqual([last.body.status, last.body.score], ['ended', { white: 3, black: 2 }]);
    assert.deepEqual(last.body.position.points, [...end.points], 'the replay ends where the match did');
    assert.equal((await api(`/api/games/${end.gameId}/replay?at=${count + 1}`)).status, 400);
    const mat = await fetch(`${BASE_URL}/api/games/${end.gameId}/mat`);
    const text = await mat.text();
    assert.match(text, / 3 point match/);
    assert.equal(text.match(/^ Game \d+$/gm)?.length, 4, 'four games in the .mat');
    assert.match(text, /Doubles => 2/);
    assert.match(text, /Drops/);
  });

  it('refuses what is not allowed, changing nothing', async () => {
    const match = await casualMatch({ matchLength: 1 });
    await onRollWithCube(match, match.server.state.turn as Side);
    const side = match.server.state.turn as Side;
    const version = match.server.state.version;
    assert.equal((await refused(match.seat(other(side)), 'roll')).code, 'NOT_YOUR_TURN');
    assert.equal((await refused(match.seat(other(side)), 'take')).code, 'NO_CUBE_OFFER');
    assert.equal((await refused(match.seat(side), 'move', { steps: [[24, 20]] })).code, 'WRONG_PHASE');
    assert.equal((await refused(match.seat(side), 'roll', { version: version - 1 })).code, 'STALE_VERSION');
    assert.equal((await refused(match.seat(side), 'resign', { points: 4 })).code, 'INVALID_PAYLOAD');
    assert.equal((await refused(match.seat(side), 'move', { steps: 'all of them' })).code, 'INVALID_PAYLOAD');
    assert.equal(match.server.state.version, version);

    await send(match, side, 'roll', { version });
    assert.equal(match.server.state.phase, 'move');
    const before = match.server.state.version;
    const points = [...match.server.state.points];
    assert.equal((await refused(match.seat(side), 'move', { steps: [[24, 23]] })).code, 'ILLEGAL_PLAY');
    assert.equal((await refused(match.seat(side), 'move', { steps: [] })).code, 'ILLEGAL_PLAY');
    assert.equal(match.server.state.version, before);
    assert.deepEqual([...match.server.state.points], points);
  });
});
