import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@colyseus/sdk';
import { cgroupCores } from '../src/cpu-budget.ts';
import { openDatabase } from '../src/db/orm.ts';
import { Game, Player } from '../src/db/entities/index.ts';
import { createLogger } from '../src/log.ts';
import { freePort, guestToken, PROBE_SERVER, type ServerProcess, startServer, stopLeftover } from './support/processes.ts';

const JWT_SECRET = 'lifecycle-test-secret-lifecycle-test-secret';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const guestOn = (port: number) => guestToken(`http://127.0.0.1:${port}`);

describe('the server process', function () {
  this.timeout(60_000);
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeEach(() => { dataDir = mkdtempSync(join(tmpdir(), 'server-')); });
  afterEach(async () => {
    await stopLeftover(server);
    server = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on a new data directory with nothing else running, serves, and stops on SIGTERM with exit 0', async () => {
    const port = await freePort();
    server = startServer({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    // How fast it starts is the benchmark's to measure, not a test's (a busy machine is slow).
    await server.waitFor(/"msg":"listening"/, 45_000);
    assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
    await guestOn(port);
    assert.ok(existsSync(join(dataDir, 'pglite.lock')));
    assert.ok(existsSync(join(dataDir, 'jwt-secret')), 'a generated secret is kept');
    assert.match(server.output().stdout, /JWT_SECRET is not set/);

    server.child.kill('SIGTERM');
    const exit = await server.exited;
    assert.equal(exit.code, 0, exit.stderr);
    assert.match(exit.stdout, /"msg":"shut down"/);
    assert.equal(existsSync(join(dataDir, 'pglite.lock')), false, 'the lock is released');
  });

  const oneCore = { label: 'pinned to one core', command: 'taskset', args: ['-c', '0', 'npm', 'run', '--silent', 'start'] };
  for (const start of [{ label: 'on every core', command: 'npm', args: ['run', '--silent', 'start'] }, oneCore]) {
    it(`npm start ${start.label}: the collector its cores call for; SIGTERM to npm (as a supervisor sends it) stops the server gracefully, leaving nothing running`, async function () {
      if (start === oneCore && spawnSync('taskset', ['--version']).status !== 0) this.skip();
      const port = await freePort();
      server = startServer({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' }, start);
      const listening = await server.waitFor(/"msg":"listening"/, 15_000);
      const nodePid = (JSON.parse(listening) as { pid: number }).pid;
      assert.notEqual(nodePid, server.child.pid, 'the server is npm\'s child');
      // One core: restarted in place (same pid) with V8's collector on the main thread (src/cpu-budget.ts).
      const cores = start === oneCore ? 1 : Math.min(availableParallelism(), cgroupCores());
      assert.equal(readFileSync(`/proc/${nodePid}/cmdline`, 'utf8').includes('--single-threaded-gc'), cores < 2);
      assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);

      server.child.kill('SIGTERM');
      const exit = await server.exited;
      assert.match(exit.stdout, /"msg":"shut down"/, 'the server itself shut down gracefully');
      assert.equal(processAlive(nodePid), false, 'the server process is gone');
      await assert.rejects(fetch(`http://127.0.0.1:${port}/health`), 'nothing serves on the port');
    });
  }

  it('on SIGTERM refuses new joins, lets rooms finish their writes, then closes the database and exits 0', async () => {
    const port = await freePort();
    server = startServer({ PORT: String(port), DATA_DIR: dataDir, JWT_SECRET, LOG_LEVEL: 'info' }, PROBE_SERVER);
    await server.waitFor(/"msg":"listening"/);
    const client = new Client(`http://127.0.0.1:${port}`);
    client.auth.token = await guestOn(port);
    const room = await client.joinOrCreate('probe', { recordOnDispose: 'written-at-dispose' });
    await room.waitForMessage('welcome');
    const left = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));

    server.child.kill('SIGTERM');
    await server.waitFor(/"msg":"stopping"/);
    const late = await fetch(`http://127.0.0.1:${port}/matchmake/joinOrCreate/probe`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${client.auth.token}` }, body: '{}',
    });
    assert.equal(late.status, 503, 'no new joins while shutting down');

    assert.equal(await left, 4001, 'the client is told the server is shutting down');
    const exit = await server.exited;
    assert.equal(exit.code, 0, exit.stderr);

    const database = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') }, createLogger('silent'));
    try {
      const written = await database.orm.em.fork().findOne(Player, { usernameKey: 'written-at-dispose' });
      assert.ok(written, 'the room\'s write at dispose reached the database before it closed');
    } finally {
      await database.close();
    }
  });

  it('on SIGTERM without a journal (JOURNAL=off) aborts a chess game in progress, records it, tells both players, and exits 0', async () => {
    // With the journal (the default) the game is suspended instead and resumed by the next start: test/restart/.
    const port = await freePort();
    server = startServer({ PORT: String(port), DATA_DIR: dataDir, JWT_SECRET, LOG_LEVEL: 'info', JOURNAL: 'off' });
    await server.waitFor(/"msg":"listening"/);
    const [white, black] = [new Client(`http://127.0.0.1:${port}`), new Client(`http://127.0.0.1:${port}`)];
    white.auth.token = await guestOn(port);
    black.auth.token = await guestOn(port);
    const whiteRoom = await white.create<any>('chess', { color: 'white', time: { initial: 300, increment: 0 } });
    const blackRoom = await black.joinById<any>(whiteRoom.roomId);
    const moved = (ply: number) => new Promise<void>((resolve) => {
      const check = () => { if (blackRoom.state?.ply === ply) { blackRoom.onStateChange.remove(check); resolve(); } };
      blackRoom.onStateChange(check);
      check();
    });
    whiteRoom.send('move', { san: 'e4' });
    await moved(1);
    blackRoom.send('move', { san: 'e5' });
    await moved(2);
    const gameId = blackRoom.state.gameId as string;
    const codes = Promise.all([whiteRoom, blackRoom].map((room) => new Promise<number>((resolve) => room.onLeave((code) => resolve(code)))));

    server.child.kill('SIGTERM');
    assert.deepEqual(await codes, [4001, 4001]);
    const exit = await server.exited;
    assert.equal(exit.code, 0, exit.stderr);
    const recorded = exit.stdout.split('\n').find((line) => line.includes('"msg":"game recorded"'));
    assert.ok(recorded, exit.stdout);
    assert.deepEqual(((({ result, termination }) => ({ result, termination }))(JSON.parse(recorded) as { result: unknown; termination: unknown })),
      { result: null, termination: 'aborted' }, 'an aborted game is logged with no result');

    const database = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') }, createLogger('silent'));
    try {
      const game = await database.orm.em.fork().findOne(Game, { id: gameId });
      assert.ok(game, 'the game was recorded before the database closed');
      assert.equal(game.termination, 'aborted');
      assert.equal(game.plies, 2);
    } finally {
      await database.close();
    }
  });

  it('stops at once, naming the port, when its port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const port = (taken.address() as { port: number }).port;
    try {
      server = startServer({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: 'memory://', JWT_SECRET, LOG_LEVEL: 'info' });
      const exit = await server.exited;
      assert.equal(exit.code, 1);
      const fatal = exit.stdout.split('\n').find((line) => line.includes('"msg":"cannot start"'));
      assert.match(fatal ?? exit.stdout, new RegExp(`port ${port} is already in use`));
    } finally {
      taken.close();
    }
  });

  it('gives up after SHUTDOWN_TIMEOUT when a room does not finish, and exits 1', async () => {
    const port = await freePort();
    server = startServer({ PORT: String(port), DATABASE_URL: 'memory://', JWT_SECRET, SHUTDOWN_TIMEOUT: '1s', LOG_LEVEL: 'info' }, PROBE_SERVER);
    await server.waitFor(/"msg":"listening"/);
    const client = new Client(`http://127.0.0.1:${port}`);
    client.auth.token = await guestOn(port);
    const room = await client.joinOrCreate('probe', { holdOnShutdown: true });
    room.reconnection.enabled = false;
    await room.waitForMessage('welcome');

    const stopped = Date.now();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    assert.equal(exit.code, 1);
    assert.match(exit.stdout, /shutdown timed out/);
    const took = Date.now() - stopped;
    assert.ok(took >= 900 && took < 15_000, `exited after ${took} ms`);
  });
});
