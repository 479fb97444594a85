/**
 * An exclusive lock on the embedded database's directory. PGlite has no locking of its own:
 * two processes on one directory both open it and silently lose each other's writes. The lock
 * is a file created with O_EXCL that names its owner; a second process on the same directory
 * fails at once, and a lock left behind by a process that died is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

export class DirLockedError extends Error {
  override name = 'DirLockedError';
}

interface LockOwner { pid: number; host: string; since: string }

/** Locks this process holds now; a lock file naming our pid but not in here is a past life's. */
const heldHere = new Set<string>();

export interface DirLock {
  readonly path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): { raw: string; owner: LockOwner | undefined } {
  let raw = '';
  try {
    raw = readFileSync(path, 'utf8');
    return { raw, owner: JSON.parse(raw) as LockOwner };
  } catch {
    return { raw, owner: undefined };
  }
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  writeSync(fd, JSON.stringify(owner));
  closeSync(fd);
  return true;
}

/** Takes the lock at `path` (e.g. `data/pglite.lock`) or throws `DirLockedError` naming the holder. */
export function acquireDirLock(path: string, what: string): DirLock {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(path)) return lockAt(path);
    const { raw, owner } = readOwner(path);
    const sameHost = owner?.host === hostname();
    // A pid equal to ours that we do not hold is a previous life (pid 1 in a restarted container).
    const ours = owner?.pid === process.pid;
    const held = owner !== undefined && (!sameHost || (ours ? heldHere.has(path) : isAlive(owner.pid)));
    if (held) {
      const where = sameHost ? `process ${owner.pid}` : `process ${owner.pid} on host ${owner.host}`;
      throw new DirLockedError(
        `${what} is in use by ${where} since ${owner.since} (lock file ${path}); ` +
        'stop that process, or give this one its own DATA_DIR or a DATABASE_URL');
    }
    // Stale or unreadable: remove it, but only if it is still the file we judged.
    if (readOwner(path).raw === raw) {
      try { unlinkSync(path); } catch { /* removed by a concurrent taker */ }
    }
  }
  throw new DirLockedError(`${what} could not be locked (lock file ${path} keeps reappearing)`);
}

function lockAt(path: string): DirLock {
  let held = true;
  heldHere.add(path);
  const release = () => {
    if (!held) return;
    held = false;
    heldHere.delete(path);
    process.off('exit', release);
    if (readOwner(path).owner?.pid === process.pid) {
      try { unlinkSync(path); } catch { /* already gone */ }
    }
  };
  process.on('exit', release);
  return { path, release };
}
