import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Spool } from '../../src/db/spool.ts';
import { createLogger } from '../../src/log.ts';
import { Persister } from '../../rooms/shared/persister.ts';
import { eventually } from '../support/harness.ts';
import { ManualScheduler } from '../support/manual-scheduler.ts';

/** A logger whose lines a test can read. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { log: createLogger('info', sink), lines };
}

interface Game { id: string; endedAt: Date }

describe('persisting a finished game from a room', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'spool-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function setUp(failures: number, spoolDir = join(dir, 'spool')) {
    const scheduler = new ManualScheduler(0);
    const { log, lines } = capturingLogger();
    let timer: { cancel(): void } | undefined;
    const writes: number[] = [];
    const spool = new Spool(spoolDir);
    const persister = new Persister<Game, string>({
      write: async (record) => {
        writes.push(scheduler.now());
        if (writes.length <= failures) throw new Error('database unavailable');
        return `stored ${record.id}`;
      },
      schedule: (at, task) => { timer?.cancel(); timer = at === undefined ? undefined : scheduler.at(at, task); },
      now: () => scheduler.now(),
      log,
      spool,
      kind: 'chess',
      idOf: (record) => record.id,
    });
    return { scheduler, lines, writes, persister, spool };
  }

  const game = (id: string): Game => ({ id, endedAt: new Date(Date.UTC(2026, 11, 1, 12)) });

  it('spools a record at its first failed write, retries with growing delays, and unspools it once stored', async () => {
    const { scheduler, lines, writes, persister, spool } = setUp(3);
    const stored: string[] = [];
    persister.persist(game('game-1'), (result) => stored.push(result));
    await eventually(async () => ((await spool.entries()).length === 1 ? true : undefined), 'the record spooled');
    assert.deepEqual(await spool.entries(), [{ kind: 'chess', id: 'game-1', record: game('game-1') }], 'dates read back as dates');
    for (const [i, delay] of [1000, 2000, 5000].entries()) {
      await eventually(async () => (lines.length === i + 1 ? true : undefined), `failure ${i + 1} logged`);
      scheduler.advance(delay);
    }
    await eventually(async () => (stored.length === 1 ? true : undefined), 'stored');
    assert.deepEqual(writes, [0, 1000, 3000, 8000]);
    assert.deepEqual(stored, ['stored game-1']);
    assert.equal(persister.stored, true);
    assert.deepEqual(await spool.entries(), [], 'gone from the spool once in the database');
    assert.equal(lines.filter((l) => l.msg === 'could not record the game yet; will retry' && l.spooled === true).length, 3);
    scheduler.advance(60_000);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(writes.length, 4, 'nothing more once stored');
  });

  it('at shutdown tries once more at once; a record still refused stays in the spool for the next start', async () => {
    const { lines, writes, persister, spool } = setUp(10);
    persister.persist(game('game-2'), () => assert.fail('not stored'));
    await eventually(async () => (lines.length === 1 ? true : undefined), 'the first failure');
    await persister.settle();
    assert.equal(writes.length, 2);
    const last = lines.at(-1)!;
    assert.equal(last.level, 'warn');
    assert.match(String(last.msg), /in the spool and is written at the next start/);
    assert.equal(last.record, undefined, 'the log does not carry the record: the spool does');
    assert.deepEqual((await spool.entries()).map((entry) => 'id' in entry && entry.id), ['game-2']);
  });

  it('logs the whole record when neither the database nor the spool takes it', async () => {
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, 'not a directory');
    const { lines, persister } = setUp(10, join(blocked, 'spool'));
    persister.persist(game('game-3'), () => assert.fail('not stored'));
    await persister.settle();
    const last = lines.at(-1)!;
    assert.equal(last.level, 'error');
    assert.equal((last.record as Game).id, 'game-3');
    assert.match(String(last.msg), /game NOT recorded/);
  });
});
