/**
 * A backgammon match in play survives its server: stopped gracefully (SIGTERM) or killed
 * (kill -9) with a double standing, a real server process starts again on the same data, and the
 * same players, with the stock SDK's automatic reconnection and nothing else, finish the same
 * match in the same room, with the same dice: the stored match's rolls still check against its
 * revealed seed. Runs on the database of the test run (PGlite in the server's DATA_DIR, or
 * PostgreSQL).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Room } from '@colyseus/sdk';
import { verifyMatchDice, type MatchDiceRecord } from '../../src/games/backgammon/verify.ts';
import { opposite, type Side } from '../../src/games/side.ts';
import type { BackgammonState } from '../../schema/BackgammonState.ts';
import { freePort, guestClient, startServer, stopLeftover, type ServerProcess } from '../support/processes.ts';
import { reconnected, restartEnv, untilState } from '../support/restart.ts';

const DELAY_MS = 12_000;

type Match = Room<any, BackgammonState>;

const until = (room: Match, predicate: (state: BackgammonState) => boolean, what: string, timeoutMs?: number) =>
  untilState<BackgammonState>(room, predicate, what, timeoutMs);

/** Every `legal` message a room receives, to wait for the one of a version. */
function legalPlays(room: Match): (version: number) => Promise<unknown[]> {
  const received: Array<{ version: number; plays: unknown[] }> = [];
  const waiters: Array<() => void> = [];
  room.onMessage('legal', (message: { version: number; plays: unknown[] }) => {
    received.push(message);
    for (const wake of waiters.splice(0)) wake();
  });
  return async (version) => {
    for (;;) {
      const found = received.find((message) => message.version >= version);
      if (found) return found.plays;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no legal plays for version ${version}`)), 10_000);
        waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  };
}

/** What the test compares across the restart: the board, the cube, the dice, the score, the clock. */
function snapshot(state: BackgammonState) {
  const json = state.toJSON() as Record<string, any>;
  return {
    gameId: json.gameId, status: json.status, phase: json.phase, turn: json.turn, points: json.points, bar: json.bar, off: json.off,
    dice: json.dice, diceLeft: json.diceLeft, cube: json.cube, score: json.score, gameNumber: json.gameNumber,
    diceCommit: json.diceCommit, diceSeed: json.diceSeed, version: json.version as number, clock: { ...json.clock },
  };
}

describe('a backgammon match across a restart of its server', function () {
  this.timeout(120_000);
  let dir: string;
  let server: ServerProcess | undefined;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'restart-')); });
  afterEach(async () => {
    await stopLeftover(server);
    rmSync(dir, { recursive: true, force: true });
  });

  for (const stop of ['SIGTERM', 'SIGKILL'] as const) {
    it(`goes on with the double standing after ${stop === 'SIGTERM' ? 'a graceful stop' : 'kill -9'}, rolls the same dice, and is recorded once`, async () => {
      const port = await freePort();
      const env = restartEnv(dir, port);
      server = startServer(env);
      await server.waitFor(/"msg":"listening"/, 45_000);
      const base = `http://127.0.0.1:${port}`;
      const [whiteClient, blackClient] = await Promise.all([guestClient(base), guestClient(base)]);
      const white: Match = await whiteClient.create('backgammon', { matchLength: 1, clock: { delay: DELAY_MS / 1000, reserve: 120 }, clientSeed: 'white-restart-seed' });
      const whiteLegal = legalPlays(white); // listening before the match can start
      const black: Match = await blackClient.joinById(white.roomId, { clientSeed: 'black-restart-seed' });
      const legalOf: Record<Side, (version: number) => Promise<unknown[]>> = { white: whiteLegal, black: legalPlays(black) };
      const rooms: Record<Side, Match> = { white, black };
      // The SDK reconnects only rooms joined at least `minUptime` ago (5 s by default).
      for (const room of [white, black]) room.reconnection.minUptime = 0;

      // The opening roll is the server's; its winner plays, then the other is on roll with the cube centred and doubles.
      const opening = await until(white, (state) => state.status === 'playing' && state.phase === 'move', 'the opening roll');
      const mover = opening.turn as Side;
      const plays = await legalOf[mover](opening.version);
      const version = opening.version;
      rooms[mover].send('move', { steps: plays[0] });
      const doubler = opposite(mover);
      await until(rooms[doubler], (state) => state.version > version && state.phase === 'roll' && state.turn === doubler, `${doubler} on roll`);
      rooms[doubler].send('double');
      const taker = mover;
      await until(rooms[taker], (state) => state.phase === 'cube' && state.cube.offeredBy === doubler, 'the double');
      const before = snapshot(rooms[taker].state);
      assert.equal(before.clock.running, taker);

      const back = Promise.all([reconnected(white), reconnected(black)]);
      const stoppedAt = Date.now();
      server.child.kill(stop);
      const exit = await server.exited;
      if (stop === 'SIGTERM') {
        assert.equal(exit.code, 0, exit.stderr);
        assert.doesNotMatch(exit.stdout, /"msg":"match recorded"/, 'the match is suspended, not ended');
      }
      server = startServer(env);
      await server.waitFor(/"msg":"listening"/, 45_000);
      const away = Date.now() - stoppedAt;
      assert.match(server.output().stdout, /"restored":1,"failed":0/);
      await back;

      // The match back and resumed (the taker is back): the taker's delay goes on from a later start.
      const resumed = snapshot(await until(rooms[taker], (state) => state.clock.running === taker && state.clock.since > before.clock.since,
        `the match back, ${taker} to answer`));
      assert.equal(white.roomId, black.roomId);
      const same = (s: ReturnType<typeof snapshot>) => ({ ...s, version: undefined, clock: undefined });
      assert.deepEqual(same(resumed), same(before), 'the same position, cube offer, dice and score');
      assert.deepEqual(resumed.cube, { value: 1, owner: '', offeredBy: doubler });
      assert.equal(resumed.diceSeed, '', 'the seed is still secret');
      assert.ok(resumed.version >= before.version, `version ${resumed.version} after ${before.version}`);
      // The time away is charged to nobody: both reserves are as they were (the taker's delay ran
      // only between the double and the stop), and the taker's delay goes on from where it was:
      // its start moved on by the whole time the server was away.
      assert.equal(resumed.clock[doubler], before.clock[doubler]);
      assert.equal(resumed.clock[taker], before.clock[taker]);
      assert.equal(resumed.clock.delay, DELAY_MS);
      assert.ok(resumed.clock.since - before.clock.since >= away - 1000,
        `the delay's start moved on by ${resumed.clock.since - before.clock.since} ms; the server was away ${away} ms`);

      const errors: unknown[] = [];
      for (const room of [white, black]) room.onMessage('error', (message) => errors.push(message));
      rooms[taker].send('drop');
      const ended = await until(rooms[doubler], (state) => state.status === 'ended', 'the end', 10_000).catch((error: Error) => {
        throw new Error(`${error.message}; errors ${JSON.stringify(errors)}; server:\n${server!.output().stdout.slice(-3000)}`);
      });
      assert.deepEqual([ended.winner, ended.termination, ended.score[doubler], ended.score[taker]], [doubler, 'drop', 1, 0]);
      assert.match(ended.diceSeed, /^[0-9a-f]{64}$/);
      assert.equal(createHash('sha256').update(Buffer.from(ended.diceSeed, 'hex')).digest('hex'), before.diceCommit, 'the seed is the one committed to before the restart');

      await server.waitFor(/"msg":"match recorded"/);
      const response = await fetch(`${base}/api/games/${before.gameId}`);
      assert.equal(response.status, 200);
      const stored = await response.json() as MatchDiceRecord & { kind: string; winner: string; roomId: string; backgammon: { score: Record<Side, number>; events: Array<{ type: string; at: string }> } };
      assert.deepEqual([stored.kind, stored.winner, stored.roomId], ['backgammon', doubler, white.roomId]);
      assert.deepEqual(stored.backgammon.score, { [doubler]: 1, [taker]: 0 });
      assert.deepEqual(stored.backgammon.dice.clientSeeds, { white: 'white-restart-seed', black: 'black-restart-seed' });
      assert.equal(stored.backgammon.dice.seed, ended.diceSeed);
      const types = stored.backgammon.events.map((event) => event.type);
      assert.deepEqual([types[0], ...new Set(types.slice(1, -5)), ...types.slice(-5)],
        ['game-start', 'opening-roll', 'play', 'double', 'drop', 'game-end', 'match-end'], 'the match as it was played, once');
      const times = stored.backgammon.events.map((event) => Date.parse(String(event.at)));
      assert.ok(times.every((time, i) => i === 0 || time >= times[i - 1]!), 'each event at its time');
      const verification = verifyMatchDice(stored);
      assert.deepEqual([verification.ok, verification.mismatches, verification.problems], [true, [], []], 'every roll recomputes from the revealed seed');
      const recordedLines = server.output().stdout.split('\n').filter((line) => line.includes('"msg":"match recorded"'));
      assert.equal(recordedLines.length, 1);
    });
  }
});
