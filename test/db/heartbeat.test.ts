/**
 * The process heartbeat (src/db/heartbeat.ts) on the run's database: each beat is the last
 * moment the process was known alive, read back with its games in play (the suspension after a
 * crash starts there) and by a peer adopting them.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Heartbeat } from '../../src/db/heartbeat.ts';
import { Journal } from '../../src/db/journal.ts';
import { nativeStatements, type RunStatement } from '../../src/db/native-statement.ts';
import { createLogger } from '../../src/log.ts';
import { nodeAliveAt, sessionsInPlay } from '../../src/services/game-sessions.ts';
import { harness } from '../support/harness.ts';

const realOrm = () => harness().app.runtime.db.orm;
const PREFIX = 'heartbeat-test-';

function capturedLog() {
  const lines: Array<{ level: string; msg: string }> = [];
  const log = createLogger('info', { write: (line: string) => { lines.push(JSON.parse(line)); } });
  return { log, said: (level: string, pattern: RegExp) => lines.filter((line) => line.level === level && pattern.test(line.msg)).length };
}

describe('the process heartbeat', () => {
  let dir: string;
  let node: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heartbeat-'));
    node = `${PREFIX}${randomUUID().slice(0, 8)}`;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  after(async () => {
    await realOrm().em.fork().execute(`delete from game_session where owner like '${PREFIX}%'`);
    await realOrm().em.fork().execute(`delete from node_heartbeat where node like '${PREFIX}%'`);
  });

  it('keeps the last beat of each process, read with its games in play', async () => {
    let now = Date.UTC(2026, 11, 1, 12, 0, 0, 250);
    const heartbeat = new Heartbeat({ run: nativeStatements(realOrm()), node, now: () => now, log: createLogger('silent') });
    assert.equal(await nodeAliveAt({ orm: realOrm(), node }), undefined, 'no beat yet');
    const journal = new Journal({ run: nativeStatements(realOrm()), dir, log: createLogger('silent') });
    const id = randomUUID();
    await journal.open({ id, kind: 'chess', roomId: 'hb-room', players: [], setup: {}, owner: node, startedAt: now - 60_000 });
    await journal.close();
    assert.equal((await sessionsInPlay({ orm: realOrm(), owner: node }))[0]!.aliveAt, undefined);

    await heartbeat.beat();
    now += 1_000;
    await heartbeat.beat();
    assert.equal(await nodeAliveAt({ orm: realOrm(), node }), now);
    const [session] = await sessionsInPlay({ orm: realOrm(), owner: node });
    assert.deepEqual([session!.id, session!.aliveAt], [id, now]);
    assert.equal(await nodeAliveAt({ orm: realOrm(), node: `${node}-other` }), undefined, 'per process');
  });

  it('beats every period from start until stop', async () => {
    let now = 1_000_000;
    const heartbeat = new Heartbeat({ run: nativeStatements(realOrm()), node, now: () => (now += 10), everyMs: 20, log: createLogger('silent') });
    heartbeat.start();
    await new Promise((resolve) => setTimeout(resolve, 120));
    await heartbeat.stop();
    const last = await nodeAliveAt({ orm: realOrm(), node });
    assert.ok(last !== undefined && last >= 1_000_030, `several beats (last ${last})`);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(await nodeAliveAt({ orm: realOrm(), node }), last, 'none after stop');
  });

  it('never throws when the database does not take a beat: it warns once, and says when it is back', async () => {
    const real = nativeStatements(realOrm());
    let down = true;
    const run: RunStatement = async (...args) => {
      if (down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return real(...args);
    };
    const { log, said } = capturedLog();
    const heartbeat = new Heartbeat({ run, node, now: () => 5_000, log });
    await heartbeat.beat();
    await heartbeat.beat();
    assert.equal(said('warn', /heartbeat could not be written/), 1);
    assert.equal(await nodeAliveAt({ orm: realOrm(), node }), undefined);
    down = false;
    await heartbeat.beat();
    assert.equal(said('info', /heartbeat is written again/), 1);
    assert.equal(await nodeAliveAt({ orm: realOrm(), node }), 5_000);
  });
});
