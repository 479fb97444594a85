import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDirLock, DirLockedError } from '../../src/db/dir-lock.ts';
import { startServer } from '../support/processes.ts';

/** A pid that is not running: far above pid_max on Linux (4194304). */
const DEAD_PID = 9_999_999;

describe('the embedded database directory lock', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'dirlock-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is taken by one holder; a second is refused, naming the first', () => {
    const lock = acquireDirLock(join(dir, 'pglite.lock'), 'the database');
    assert.throws(() => acquireDirLock(join(dir, 'pglite.lock'), 'the database'), (error: Error) => {
      assert.ok(error instanceof DirLockedError);
      assert.match(error.message, new RegExp(`the database is in use by process ${process.pid}`));
      return true;
    });
    lock.release();
    assert.equal(existsSync(join(dir, 'pglite.lock')), false);
  });

  it('takes over a lock left by a process that died', () => {
    writeFileSync(join(dir, 'pglite.lock'), JSON.stringify({ pid: DEAD_PID, host: hostname(), since: '2020-01-01T00:00:00Z' }));
    const lock = acquireDirLock(join(dir, 'pglite.lock'), 'the database');
    assert.equal(JSON.parse(readFileSync(join(dir, 'pglite.lock'), 'utf8')).pid, process.pid);
    lock.release();
  });

  it('takes over a lock naming this pid that this process does not hold (a restarted container)', () => {
    writeFileSync(join(dir, 'pglite.lock'), JSON.stringify({ pid: process.pid, host: hostname(), since: '2020-01-01T00:00:00Z' }));
    acquireDirLock(join(dir, 'pglite.lock'), 'the database').release();
  });

  it('takes over an unreadable lock file', () => {
    writeFileSync(join(dir, 'pglite.lock'), 'garbage');
    acquireDirLock(join(dir, 'pglite.lock'), 'the database').release();
  });

  it('refuses a lock held from another host, whose process it cannot check', () => {
    writeFileSync(join(dir, 'pglite.lock'), JSON.stringify({ pid: DEAD_PID, host: 'elsewhere', since: '2020-01-01T00:00:00Z' }));
    assert.throws(() => acquireDirLock(join(dir, 'pglite.lock'), 'the database'), /on host elsewhere/);
  });

  it('never removes a lock another process took', () => {
    const lock = acquireDirLock(join(dir, 'pglite.lock'), 'the database');
    writeFileSync(join(dir, 'pglite.lock'), JSON.stringify({ pid: DEAD_PID, host: hostname(), since: 'now' }));
    lock.release();
    assert.equal(existsSync(join(dir, 'pglite.lock')), true);
  });

  it('stops a second server process on the same data directory at once, with a clear message', async () => {
    const lock = acquireDirLock(join(dir, 'pglite.lock'), 'the embedded database');
    try {
      const started = Date.now();
      const exit = await startServer({ DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'warn' }).exited;
      assert.equal(exit.code, 1);
      assert.match(exit.stderr, new RegExp(`^cannot start: the embedded database .*pglite is in use by process ${process.pid}`));
      assert.ok(Date.now() - started < 5000, 'it failed before opening the database');
    } finally {
      lock.release();
    }
  });
});
