/**
 * A chess game in play survives its server: stopped gracefully (SIGTERM) or killed (kill -9),
 * a real server process starts again on the same data, and the same players, with the stock
 * SDK's automatic reconnection and nothing else, finish the same game in the same room. Runs on
 * the database of the test run (PGlite in the server's DATA_DIR, or PostgreSQL).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Room } from '@colyseus/sdk';
import type { ChessState } from '../../schema/ChessState.ts';
import { freePort, guestClient, startServer, stopLeftover, type ServerProcess } from '../support/processes.ts';
import { reconnected, restartEnv, untilState as until } from '../support/restart.ts';

/** How long white thinks before the server stops. */
const THINKING_MS = 2500;

describe('a chess game across a restart of its server', function () {
  this.timeout(120_000);
  let dir: string;
  let server: ServerProcess | undefined;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'restart-')); });
  afterEach(async () => {
    await stopLeftover(server);
    rmSync(dir, { recursive: true, force: true });
  });

  for (const stop of ['SIGTERM', 'SIGKILL'] as const) {
    it(`goes on where it was after ${stop === 'SIGTERM' ? 'a graceful stop' : 'kill -9'}, and is recorded once`, async () => {
      const port = await freePort();
      const env = restartEnv(dir, port);
      server = startServer(env);
      await server.waitFor(/"msg":"listening"/, 45_000);
      const base = `http://127.0.0.1:${port}`;
      const [whiteClient, blackClient] = await Promise.all([guestClient(base), guestClient(base)]);
      const white: Room<any, ChessState> = await whiteClient.create('chess', { color: 'white', time: { initial: 300, increment: 0 } });
      const black: Room<any, ChessState> = await blackClient.joinById(white.roomId);
      // The SDK reconnects only rooms joined at least `minUptime` ago (5 s by default).
      for (const room of [white, black]) room.reconnection.minUptime = 0;
      const moves: Array<[Room<any, ChessState>, string]> = [[white, 'e4'], [black, 'e5'], [white, 'Bc4'], [black, 'Nc6']];
      for (const [i, [room, san]] of moves.entries()) {
        room.send('move', { san });
        await until(black, (state) => state.ply === i + 1, `ply ${i + 1}`);
      }
      const before = { ...black.state.toJSON(), clock: { ...black.state.clock.toJSON() } };
      assert.equal(before.clock.running, 'white');
      // White thinks for a while before the server goes (real time: this is a real process's
      // heartbeat, written every second, that a crash leaves behind).
      await delay(THINKING_MS);

      const back = Promise.all([reconnected(white), reconnected(black)]);
      server.child.kill(stop);
      const exit = await server.exited;
      if (stop === 'SIGTERM') {
        assert.equal(exit.code, 0, exit.stderr);
        assert.doesNotMatch(exit.stdout, /"msg":"game recorded"/, 'the game is suspended, not ended');
      }
      server = startServer(env);
      await server.waitFor(/"msg":"listening"/, 45_000);
      assert.match(server.output().stdout, /"restored":1,"failed":0/);
      await back;

      // The resumption (its version is past the suspension's) with white's clock running again.
      const resumed = await until(white, (state) => state.version > before.version && state.clock.running === 'white', 'the game back, white to move');
      assert.equal(white.roomId, black.roomId);
      assert.equal(resumed.fen, before.fen);
      assert.equal(resumed.gameId, before.gameId);
      assert.deepEqual([...resumed.moves], ['e4', 'e5', 'Bc4', 'Nc6']);
      // The time away is charged to nobody: black's time is as it was; white is charged the time
      // thought until the stop (after kill -9: until the server's last heartbeat, at most a
      // second before), never the restart.
      assert.equal(resumed.clock.black, before.clock.black);
      const charged = before.clock.white - resumed.clock.white;
      // A beat every second; a slow machine may write the last one a little late (hence 1,600).
      const least = stop === 'SIGTERM' ? THINKING_MS : THINKING_MS - 1600;
      assert.ok(charged >= least - 50 && charged < THINKING_MS + 1500, `white charged ${charged} ms for ${THINKING_MS} ms of thought`);

      const errors: unknown[] = [];
      for (const room of [white, black]) room.onMessage('error', (message) => errors.push(message));
      for (const [i, [room, san]] of ([[white, 'Qh5'], [black, 'Nf6'], [white, 'Qxf7#']] as const).entries()) {
        room.send('move', { san });
        await until(black, (state) => state.ply === i + 5, `ply ${i + 5}`, 10_000);
      }
      const ended = await until(black, (state) => state.status === 'ended', 'the end', 10_000).catch((error: Error) => {
        throw new Error(`${error.message}; errors ${JSON.stringify(errors)}; server:\n${server!.output().stdout.slice(-3000)}`);
      });
      assert.deepEqual([ended.result, ended.termination], ['1-0', 'checkmate']);
      await server.waitFor(/"msg":"game recorded"/);
      const stored = await (await fetch(`${base}/api/games/${before.gameId}`)).json() as { result: string; plies: number; roomId: string };
      assert.deepEqual([stored.result, stored.plies, stored.roomId], ['1-0', 7, white.roomId]);
      const recordedLines = server.output().stdout.split('\n').filter((line) => line.includes('"msg":"game recorded"'));
      assert.equal(recordedLines.length, 1);
    });
  }
});
