import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/log.ts';
import { Persister } from '../../rooms/shared/persister.ts';
import { ManualScheduler } from '../support/manual-scheduler.ts';

/** A logger whose lines a test can read. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { log: createLogger('info', sink), lines };
}

function flush() {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('persisting a finished game from a room', () => {
  function setUp(failures: number) {
    const scheduler = new ManualScheduler(0);
    const { log, lines } = capturingLogger();
    let timer: { cancel(): void } | undefined;
    const writes: number[] = [];
    const persister = new Persister<string, string>({
      write: async (record) => {
        writes.push(scheduler.now());
        if (writes.length <= failures) throw new Error('database unavailable');
        return `stored ${record}`;
      },
      schedule: (at, task) => { timer?.cancel(); timer = at === undefined ? undefined : scheduler.at(at, task); },
      now: () => scheduler.now(),
      log,
    });
    return { scheduler, lines, writes, persister };
  }

  it('retries a failed write with growing delays until the database takes it, and logs each failure', async () => {
    const { scheduler, lines, writes, persister } = setUp(3);
    const stored: string[] = [];
    persister.persist('game-1', (result) => stored.push(result));
    await flush();
    for (const delay of [1000, 2000, 5000]) {
      scheduler.advance(delay);
      await flush();
    }
    assert.deepEqual(writes, [0, 1000, 3000, 8000]);
    assert.deepEqual(stored, ['stored game-1']);
    assert.equal(persister.stored, true);
    assert.equal(lines.filter((l) => l.msg === 'could not record the game; will retry').length, 3);
    scheduler.advance(60_000);
    await flush();
    assert.equal(writes.length, 4, 'nothing more once stored');
  });

  it('at shutdown tries once more at once, and logs the whole record if that fails too', async () => {
    const { lines, writes, persister } = setUp(10);
    persister.persist('game-2', () => assert.fail('not stored'));
    await flush();
    await persister.settle();
    assert.equal(writes.length, 2);
    const last = lines.at(-1)!;
    assert.equal(last.level, 'error');
    assert.equal(last.record, 'game-2');
    assert.match(String(last.msg), /game NOT recorded/);
  });
});
