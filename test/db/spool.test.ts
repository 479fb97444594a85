/**
 * The spool of finished games the database could not take: what it keeps survives the process
 * (a SIGTERM, a kill -9), and the next start writes it, once. The restart tests run real server
 * processes whose PostgreSQL is cut by a proxy; they need PostgreSQL and are skipped on a PGlite
 * run (CI runs the suite on PostgreSQL too).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Room } from '@colyseus/sdk';
import { ChessMove, Game, Rating } from '../../src/db/entities/index.ts';
import { Spool } from '../../src/db/spool.ts';
import { createLogger } from '../../src/log.ts';
import { writeSpooledRecords } from '../../src/services/spooled-records.ts';
import { finishedChessGame } from '../support/chess.ts';
import { proxiedDatabase, type CuttableProxy } from '../support/cuttable-proxy.ts';
import { harness } from '../support/harness.ts';
import { freePort, guestClient, startServer, stopLeftover, type ServerProcess } from '../support/processes.ts';

const orm = () => harness().app.runtime.db.orm;
const JWT_SECRET = 'spool-test-secret-spool-test-secret-spool-test';

/** A finished game black won, as a room would hand it to be recorded. */
const finishedGame = () => finishedChessGame({
  outcome: { result: '0-1', termination: 'resign', winner: 'black' },
  startedAt: new Date('2026-12-01T10:00:00Z'), endedAt: new Date('2026-12-01T10:05:00Z'),
});

describe('the spool of unwritten games', function () {
  this.timeout(90_000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'spool-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes what it holds once, however often it is drained, and leaves nothing behind', async () => {
    const spool = new Spool(join(dir, 'spool'));
    const game = await finishedGame();
    await spool.put({ kind: 'chess', id: game.id, record: game });
    await spool.put({ kind: 'chess', id: game.id, record: game }); // spooled twice: one entry
    const log = createLogger('silent');
    assert.deepEqual(await writeSpooledRecords({ orm: orm(), spool, log }), { written: 1, left: 0 });
    assert.deepEqual(await writeSpooledRecords({ orm: orm(), spool, log }), { written: 0, left: 0 });
    await spool.put({ kind: 'chess', id: game.id, record: game }); // as if a second process had it too
    assert.deepEqual(await writeSpooledRecords({ orm: orm(), spool, log }), { written: 1, left: 0 });
    const em = orm().em.fork();
    const stored = await em.findOneOrFail(Game, { id: game.id });
    assert.equal(stored.endedAt.toISOString(), '2026-12-01T10:05:00.000Z', 'dates come back as dates');
    assert.equal(await em.count(ChessMove, { game: game.id }), 2);
    assert.equal((await em.findOneOrFail(Rating, { player: game.players.black.id, category: 'blitz' })).games, 1, 'rated once');
    assert.deepEqual(readdirSync(join(dir, 'spool')), []);
  });

  it('keeps a record of an unknown kind or one that does not read, and says so', async () => {
    const spool = new Spool(join(dir, 'spool'));
    await spool.put({ kind: 'go', id: 'g1', record: {} });
    assert.deepEqual(await writeSpooledRecords({ orm: orm(), spool, log: createLogger('silent') }), { written: 0, left: 1 });
    assert.deepEqual(readdirSync(join(dir, 'spool')), ['go.g1.json']);
  });

  describe('across a restart (a server process, its PostgreSQL cut)', () => {
    let proxy: CuttableProxy | undefined;
    let server: ServerProcess | undefined;
    afterEach(async () => {
      await stopLeftover(server);
      await proxy?.cut();
    });

    for (const stop of ['SIGTERM', 'SIGKILL'] as const) {
      it(`writes a game that ended while the database was away, after ${stop === 'SIGTERM' ? 'a graceful stop' : 'kill -9'} and a restart`, async function () {
        const databaseUrl = process.env.DATABASE_URL;
        if (!databaseUrl?.startsWith('postgres')) this.skip(); // PGlite lives in the process: nothing to cut
        const proxied = await proxiedDatabase(databaseUrl!, await freePort());
        proxy = proxied.proxy;
        const port = await freePort();
        const env = { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: proxied.url, DATA_DIR: dir, JWT_SECRET, LOG_LEVEL: 'info' };
        server = startServer(env);
        await server.waitFor(/"msg":"listening"/, 45_000);
        const base = `http://127.0.0.1:${port}`;
        const [white, black] = await Promise.all([guestClient(base), guestClient(base)]);
        const whiteRoom: Room = await white.create('chess', { color: 'white' });
        const blackRoom: Room = await black.joinById(whiteRoom.roomId);
        const ply = (n: number) => new Promise<void>((resolve) => {
          const check = () => { if (blackRoom.state?.ply === n) { blackRoom.onStateChange.remove(check); resolve(); } };
          blackRoom.onStateChange(check);
          check();
        });
        for (const [i, [room, san]] of ([[whiteRoom, 'f3'], [blackRoom, 'e5'], [whiteRoom, 'g4']] as const).entries()) {
          room.send('move', { san });
          await ply(i + 1);
        }
        const gameId = blackRoom.state.gameId as string;

        await proxy.cut();
        blackRoom.send('move', { san: 'Qh4#' });
        await server.waitFor(/"spooled":true.*"msg":"could not record the game yet; will retry"/);
        assert.deepEqual(readdirSync(join(dir, 'spool')), [`chess.${gameId}.json`], 'the finished game is on disk');
        server.child.kill(stop);
        const exit = await server.exited;
        if (stop === 'SIGTERM') {
          assert.equal(exit.code, 0, exit.stderr);
          assert.match(exit.stdout, /in the spool and is written at the next start/);
        }

        await proxy.restore();
        server = startServer(env);
        await server.waitFor(/"msg":"spooled record written"/, 45_000);
        await server.waitFor(/"msg":"listening"/, 45_000);
        const stored = await (await fetch(`${base}/api/games/${gameId}`)).json() as { result: string; termination: string; plies: number };
        assert.deepEqual([stored.result, stored.termination, stored.plies], ['0-1', 'checkmate', 4]);
        assert.deepEqual(readdirSync(join(dir, 'spool')), [], 'nothing left in the spool');
      });
    }
  });
});
