/**
 * The journal of games in play (src/db/journal.ts) on the run's database: grouped writes, read
 * back by the selectors of src/services/game-sessions.ts, and the spool that takes what the
 * database cannot. The database going away is played by a switch in front of the run's ORM
 * (every write refused like a connection) and, on a PostgreSQL run, by a real TCP cut.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal, type SessionOpening } from '../../src/db/journal.ts';
import { nativeStatements, type RunStatement } from '../../src/db/native-statement.ts';
import { openDatabase, type Database } from '../../src/db/orm.ts';
import { createLogger } from '../../src/log.ts';
import { adoptSessions, findSession, playerSessionsInPlay, sessionEntries, sessionsInPlay } from '../../src/services/game-sessions.ts';
import { proxiedDatabase } from '../support/cuttable-proxy.ts';
import { eventually, harness } from '../support/harness.ts';
import { freePort } from '../support/processes.ts';

const OWNER_PREFIX = 'journal-test-';
const realOrm = () => harness().app.runtime.db.orm;

/** A log that keeps its lines, to see what was said and how often. */
function capturedLog() {
  const lines: Array<{ level: string; msg: string }> = [];
  const log = createLogger('info', { write: (line: string) => { lines.push(JSON.parse(line)); } });
  return { log, lines, said: (level: string, pattern: RegExp) => lines.filter((line) => line.level === level && pattern.test(line.msg)).length };
}

/**
 * The run's database behind a switch. While `down`, every write fails as a refused connection
 * does; `hold()` makes writes wait until `release()`. Counts the writes (each one statement).
 */
function switchable(real: RunStatement) {
  const state = { down: false, writes: 0 };
  let gate: Promise<void> | undefined;
  let open: () => void = () => undefined;
  const run: RunStatement = async (...args) => {
    state.writes += 1;
    await gate;
    if (state.down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    return real(...args);
  };
  return {
    run,
    state,
    hold() { gate = new Promise((resolve) => { open = resolve; }); },
    release() { gate = undefined; open(); },
  };
}

function opening(owner: string, players: string[] = [randomUUID(), randomUUID()]): SessionOpening {
  return { id: randomUUID(), kind: 'chess', roomId: randomUUID().slice(0, 9), players, setup: { settings: { rated: true }, fen: "it's ok? \\ yes" }, owner, startedAt: Date.UTC(2026, 11, 1, 10) };
}

const spoolFiles = (dir: string) => readdirSync(dir).filter((name) => !name.startsWith('.'));

describe('the journal of games in play', function () {
  this.timeout(30_000);
  let dir: string;
  let owner: string;
  const journals: Journal[] = [];
  const journal = (options: Partial<ConstructorParameters<typeof Journal>[0]> = {}) => {
    const made = new Journal({ run: nativeStatements(realOrm()), dir, log: createLogger('silent'), ...options });
    journals.push(made);
    return made;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'journal-'));
    owner = `${OWNER_PREFIX}${randomUUID()}`;
  });

  afterEach(async () => {
    for (const made of journals.splice(0)) await made.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  after(async () => {
    await realOrm().em.fork().execute(`delete from game_session where owner like '${OWNER_PREFIX}%'`);
  });

  it('writes many appends of many sessions made in one tick in one statement, read back in order with their times', async () => {
    const { run, state } = switchable(nativeStatements(realOrm()));
    const subject = journal({ run });
    const sessions = Array.from({ length: 50 }, () => opening(owner));
    const base = Date.UTC(2026, 11, 1, 10, 0, 0, 123);
    await Promise.all([
      ...sessions.map((session) => subject.open(session)),
      ...sessions.flatMap((session, s) => Array.from({ length: 20 }, (_, i) =>
        subject.append({ sessionId: session.id, seq: i + 1, at: base + s * 1000 + i, entry: { move: `m${i}`, by: s % 2 ? 'white' : 'black' } }))),
    ]);
    assert.equal(subject.flushes, 1);
    assert.equal(state.writes, 1);

    const entries = await sessionEntries({ orm: realOrm(), sessionId: sessions[7]!.id });
    assert.deepEqual(entries, Array.from({ length: 20 }, (_, i) => ({ seq: i + 1, at: base + 7000 + i, entry: { move: `m${i}`, by: 'white' } })));
    const inPlay = await sessionsInPlay({ orm: realOrm(), owner });
    assert.deepEqual(inPlay.map((session) => session.id).sort(), sessions.map((session) => session.id).sort());
    const one = inPlay.find((session) => session.id === sessions[3]!.id)!;
    assert.deepEqual({ ...one, entries: one.entries.length }, {
      id: sessions[3]!.id, kind: 'chess', roomId: sessions[3]!.roomId, players: sessions[3]!.players, setup: sessions[3]!.setup,
      owner, startedAt: new Date(Date.UTC(2026, 11, 1, 10)), entries: 20,
    });
    assert.deepEqual(one.entries.map((entry) => entry.seq), Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('writes a session opened, played and ended within one batch, and ends another opened before, in the same statement', async () => {
    const { run, state } = switchable(nativeStatements(realOrm()));
    const subject = journal({ run });
    const earlier = opening(owner);
    await subject.open(earlier);
    const brief = opening(owner);
    await Promise.all([
      subject.open(brief),
      subject.append({ sessionId: brief.id, seq: 1, at: brief.startedAt + 1, entry: { event: 'start' } }),
      subject.end(brief.id, brief.startedAt + 2),
      subject.append({ sessionId: earlier.id, seq: 1, at: earlier.startedAt + 5, entry: { event: 'last' } }),
      subject.end(earlier.id, earlier.startedAt + 6),
    ]);
    assert.equal(state.writes, 2, 'the earlier opening, then the rest in one');
    assert.deepEqual((await sessionsInPlay({ orm: realOrm(), owner })).map((session) => session.id), []);
    for (const [session, entry] of [[brief, { event: 'start' }], [earlier, { event: 'last' }]] as const) {
      const found = await findSession({ orm: realOrm(), id: session.id });
      assert.ok(found?.endedAt, 'ended');
      assert.deepEqual(found.entries.map((kept) => kept.entry), [entry]);
    }
  });

  it('queues calls made while a batch is written and writes them right after, resolving every call in call order', async () => {
    const { run, state, hold, release } = switchable(nativeStatements(realOrm()));
    const subject = journal({ run });
    const session = opening(owner);
    const resolved: string[] = [];
    const track = (name: string, promise: Promise<void>) => promise.then(() => { resolved.push(name); });
    hold();
    const first = [track('open', subject.open(session)), track('1', subject.append({ sessionId: session.id, seq: 1, at: 1, entry: 1 }))];
    await eventually(async () => (state.writes === 1 ? true : undefined), 'the first batch to start');
    const second = [2, 3, 4].map((seq) => track(String(seq), subject.append({ sessionId: session.id, seq, at: seq, entry: seq })));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(resolved, []);
    assert.equal(state.writes, 1, 'no second batch while the first is written');
    release();
    await Promise.all([...first, ...second]);
    assert.deepEqual(resolved, ['open', '1', '2', '3', '4']);
    assert.equal(subject.flushes, 2);
    assert.deepEqual((await sessionEntries({ orm: realOrm(), sessionId: session.id })).map((entry) => entry.seq), [1, 2, 3, 4]);
  });

  it('puts at most maxBatch calls in one statement', async () => {
    const { run, state } = switchable(nativeStatements(realOrm()));
    const subject = journal({ run, maxBatch: 3 });
    const session = opening(owner);
    await Promise.all([subject.open(session), ...[1, 2, 3, 4, 5, 6].map((seq) => subject.append({ sessionId: session.id, seq, at: seq, entry: {} }))]);
    assert.equal(state.writes, 3);
    assert.equal((await sessionEntries({ orm: realOrm(), sessionId: session.id })).length, 6);
  });

  it('keeps the first of an entry written twice, in one batch or in two', async () => {
    const subject = journal();
    const session = opening(owner);
    await Promise.all([
      subject.open(session),
      subject.append({ sessionId: session.id, seq: 1, at: 1000, entry: 'first' }),
      subject.append({ sessionId: session.id, seq: 1, at: 2000, entry: 'second' }),
    ]);
    await subject.append({ sessionId: session.id, seq: 1, at: 3000, entry: 'third' });
    await subject.open({ ...session, owner: 'someone-else' });
    assert.deepEqual(await sessionEntries({ orm: realOrm(), sessionId: session.id }), [{ seq: 1, at: 1000, entry: 'first' }]);
    assert.equal((await sessionsInPlay({ orm: realOrm(), owner }))[0]?.id, session.id, 'opened once, by its first owner');
  });

  it('ends a session (the first end wins): it is no longer in play, its entries stay', async () => {
    const subject = journal();
    const [a, b] = [opening(owner), opening(owner)];
    await Promise.all([subject.open(a), subject.open(b), subject.append({ sessionId: a.id, seq: 1, at: 5, entry: { resign: 'white' } })]);
    await Promise.all([subject.end(a.id, Date.UTC(2026, 11, 1, 11)), subject.end(a.id, Date.UTC(2026, 11, 1, 12))]);
    await subject.end(a.id, Date.UTC(2026, 11, 1, 13));
    assert.deepEqual((await sessionsInPlay({ orm: realOrm(), owner })).map((session) => session.id), [b.id]);
    const [row] = await realOrm().em.fork().execute<Array<{ ended: boolean }>>(
      `select ended_at = '2026-12-01T11:00:00Z'::timestamptz as ended from game_session where id = ?`, [a.id]);
    assert.equal(row?.ended, true);
    assert.deepEqual(await sessionEntries({ orm: realOrm(), sessionId: a.id }), [{ seq: 1, at: 5, entry: { resign: 'white' } }]);
  });

  it('finds the games in play of a player and hands games in play to another process', async () => {
    const subject = journal();
    const player = randomUUID();
    const [mine, other, ended] = [opening(owner, [player, randomUUID()]), opening(owner), opening(owner, [randomUUID(), player])];
    await Promise.all([subject.open(mine), subject.open(other), subject.open(ended), subject.end(ended.id, Date.now())]);
    assert.deepEqual(await playerSessionsInPlay({ orm: realOrm(), playerId: player }),
      [{ id: mine.id, kind: 'chess', roomId: mine.roomId, startedAt: new Date(mine.startedAt) }]);
    const heir = `${OWNER_PREFIX}${randomUUID()}`;
    assert.equal(await adoptSessions({ orm: realOrm(), from: owner, to: heir }), 2);
    assert.deepEqual(await sessionsInPlay({ orm: realOrm(), owner }), []);
    assert.deepEqual((await sessionsInPlay({ orm: realOrm(), owner: heir })).map((session) => session.id).sort(), [mine.id, other.id].sort());
  });

  describe('when the database does not take a batch', () => {
    it('spools it durably (the calls resolve), warns once, and writes it when the database is back, in order', async () => {
      const { run, state } = switchable(nativeStatements(realOrm()));
      const { log, said } = capturedLog();
      const subject = journal({ run, log });
      const session = opening(owner);
      state.down = true;
      await Promise.all([subject.open(session), subject.append({ sessionId: session.id, seq: 1, at: 1234, entry: { move: 'e4' } })]);
      assert.equal(subject.spooled, 1);
      const [file] = spoolFiles(dir);
      assert.match(file!, /^\d{18}-\d{6}\.json$/);
      const spooled = JSON.parse(readFileSync(join(dir, file!), 'utf8'));
      assert.equal(spooled.items[1].at, 1234, 'times as epoch ms');

      const writes = state.writes;
      await subject.append({ sessionId: session.id, seq: 2, at: 1235, entry: { move: 'e5' } });
      await subject.end(session.id, Date.UTC(2026, 11, 1, 11));
      assert.equal(state.writes, writes, 'while the spool holds batches, new ones go behind them without trying the database');
      assert.equal(subject.spooled, 3);
      assert.equal(said('warn', /does not take journal writes/), 1, 'one warning per outage');

      state.down = false;
      const beforeDrain = state.writes;
      assert.deepEqual(await subject.drain(), { written: 3, left: 0 });
      assert.equal(state.writes - beforeDrain, 1, 'consecutive batches written together');
      assert.deepEqual(spoolFiles(dir), []);
      assert.equal(subject.spooled, 0);
      assert.equal(said('info', /takes journal writes again/), 1);
      assert.deepEqual(await sessionEntries({ orm: realOrm(), sessionId: session.id }),
        [{ seq: 1, at: 1234, entry: { move: 'e4' } }, { seq: 2, at: 1235, entry: { move: 'e5' } }]);
      assert.deepEqual(await sessionsInPlay({ orm: realOrm(), owner }), [], 'ended after it was opened, as called');

      await subject.append({ sessionId: session.id, seq: 3, at: 1236, entry: {} });
      assert.equal(subject.spooled, 0, 'written straight to the database again');
    });

    it('tries the spool again by itself', async () => {
      const { run, state } = switchable(nativeStatements(realOrm()));
      const subject = journal({ run, retryMs: 20 });
      const session = opening(owner);
      state.down = true;
      await subject.open(session);
      assert.equal(subject.spooled, 1);
      await new Promise((resolve) => setTimeout(resolve, 60));
      assert.equal(subject.spooled, 1, 'still down: still spooled');
      state.down = false;
      await eventually(async () => (subject.spooled === 0 ? true : undefined), 'the spool to be written');
      assert.equal((await sessionsInPlay({ orm: realOrm(), owner })).length, 1);
    });

    it('leaves the spool to the next journal on the same directory, which writes it', async () => {
      const { run, state } = switchable(nativeStatements(realOrm()));
      const first = journal({ run });
      const session = opening(owner);
      state.down = true;
      await Promise.all([first.open(session), first.append({ sessionId: session.id, seq: 1, at: 7, entry: [1, 'two', null] })]);
      await first.close();
      const next = journal();
      assert.equal(next.spooled, 1);
      assert.deepEqual(await next.drain(), { written: 1, left: 0 });
      assert.deepEqual(spoolFiles(dir), []);
      assert.deepEqual(await sessionEntries({ orm: realOrm(), sessionId: session.id }), [{ seq: 1, at: 7, entry: [1, 'two', null] }]);
    });

    it('spools a batch slower than timeoutMs', async () => {
      const { run, hold, release } = switchable(nativeStatements(realOrm()));
      const subject = journal({ run, timeoutMs: 50 });
      hold();
      await subject.open(opening(owner));
      assert.equal(subject.spooled, 1);
      release();
      assert.deepEqual(await subject.drain(), { written: 1, left: 0 });
    });

    it('rejects the calls when the spool cannot be written either', async () => {
      const { run, state } = switchable(nativeStatements(realOrm()));
      const { log, said } = capturedLog();
      const subject = journal({ run, log });
      state.down = true;
      rmSync(dir, { recursive: true });
      writeFileSync(dir, 'not a directory');
      await assert.rejects(subject.open(opening(owner)));
      assert.equal(subject.spooled, 0);
      assert.equal(said('error', /nor to the spool/), 1);
    });

    it('writes what the database takes of a batch it refuses, and keeps the refused items aside', async () => {
      const { log, said } = capturedLog();
      const subject = journal({ log });
      const session = opening(owner);
      const stranger = randomUUID(); // never opened: its entry breaks the foreign key
      await Promise.all([
        subject.open(session),
        subject.append({ sessionId: session.id, seq: 1, at: 1, entry: 'kept' }),
        subject.append({ sessionId: stranger, seq: 1, at: 2, entry: 'refused' }),
      ]);
      assert.equal(subject.spooled, 1);
      assert.equal(said('warn', /does not take journal writes/), 0, 'not an outage');
      assert.deepEqual(await subject.drain(), { written: 1, left: 0 });
      assert.deepEqual(await sessionEntries({ orm: realOrm(), sessionId: session.id }), [{ seq: 1, at: 1, entry: 'kept' }]);
      const [rejected] = readdirSync(dir);
      assert.match(rejected!, /\.json\.rejected$/);
      assert.deepEqual(JSON.parse(readFileSync(join(dir, rejected!), 'utf8')).items, [{ type: 'append', sessionId: stranger, seq: 1, at: 2, entry: '"refused"' }]);
      assert.equal(said('error', /refuses a journal item/), 1);
      await subject.append({ sessionId: session.id, seq: 2, at: 3, entry: 'next' });
      assert.equal(subject.spooled, 0, 'the journal goes on');
    });

    it('refuses at the call what no batch could store', async () => {
      const subject = journal();
      await assert.rejects(subject.append({ sessionId: randomUUID(), seq: 1.5, at: 1, entry: {} }), TypeError);
      await assert.rejects(subject.append({ sessionId: randomUUID(), seq: 1, at: Number.NaN, entry: {} }), RangeError);
      await assert.rejects(subject.append({ sessionId: randomUUID(), seq: 1, at: 1, entry: 1n }), TypeError);
      assert.equal(subject.flushes, 0);
    });

    describe('a PostgreSQL cut for real', () => {
      let database: Database | undefined;
      let cut: (() => Promise<void>) | undefined;
      after(async () => {
        await cut?.();
        await database?.close();
      });

      it('spools while the connection is cut and writes it all once the connection is back', async function () {
        const url = process.env.DATABASE_URL;
        if (!url?.startsWith('postgres')) this.skip(); // PGlite lives in the process: nothing to cut
        const { proxy, url: proxied } = await proxiedDatabase(url!, await freePort());
        cut = () => proxy.cut();
        database = await openDatabase({ kind: 'postgres', url: proxied }, createLogger('silent'));
        const subject = journal({ run: nativeStatements(database.orm) });
        const session = opening(owner);
        await subject.open(session);
        assert.equal(subject.spooled, 0);
        await proxy.cut();
        await subject.append({ sessionId: session.id, seq: 1, at: 11, entry: 'during the cut' });
        await subject.end(session.id, 12);
        assert.equal(subject.spooled, 2);
        await proxy.restore();
        assert.deepEqual(await subject.drain(), { written: 2, left: 0 });
        assert.deepEqual(await sessionEntries({ orm: realOrm(), sessionId: session.id }), [{ seq: 1, at: 11, entry: 'during the cut' }]);
        assert.deepEqual(await sessionsInPlay({ orm: realOrm(), owner }), []);
      });
    });
  });

  describe('with write-behind (the embedded database)', () => {
    /** Retries `check` every 20 ms for up to 2 s, until it passes. */
    const passes = async (check: () => unknown): Promise<void> => {
      for (let attempt = 0; ; attempt++) {
        try {
          return void await check();
        } catch (error) {
          if (attempt >= 100) throw error;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    };
    const logFiles = () => readdirSync(dir).filter((name) => name.endsWith('.log'));
    const appends = (sessionId: string, from: number, count: number) => Array.from({ length: count }, (_, i) => ({ sessionId, seq: from + i, at: Date.UTC(2026, 11, 1, 10) + from + i, entry: { move: from + i } }));

    it('acknowledges a batch once it is in the local log, with no statement, and settle() writes the log in statements of maxBatch items', async () => {
      const { run, state } = switchable(nativeStatements(realOrm()));
      const subject = journal({ run, writeBehindMs: 60_000, maxBatch: 7 });
      const session = opening(owner);
      await subject.open(session);
      await Promise.all(appends(session.id, 1, 10).map((record) => subject.append(record)));
      await Promise.all(appends(session.id, 11, 10).map((record) => subject.append(record)));
      assert.equal(state.writes, 0);
      assert.equal(subject.flushes, 5); // maxBatch calls a batch: 1, 7 + 3, 7 + 3
      assert.equal(logFiles().length, 1);
      const lines = readFileSync(join(dir, logFiles()[0]!), 'utf8').split('\n');
      assert.deepEqual(lines.map((line) => (line ? JSON.parse(line).length : 0)), [1, 7, 3, 7, 3, 0]);
      assert.equal(await findSession({ orm: realOrm(), id: session.id }), undefined);

      await subject.settle();
      assert.equal(state.writes, 3); // 21 items: 7 + 7 + 7
      assert.deepEqual((await sessionEntries({ orm: realOrm(), sessionId: session.id })).map((entry) => entry.seq), Array.from({ length: 20 }, (_, i) => i + 1));
      assert.deepEqual(logFiles(), []);
      assert.equal(subject.spooled, 0);
    });

    it('writes the log to the database by itself every writeBehindMs, a new segment after each', async () => {
      const subject = journal({ writeBehindMs: 40 });
      const session = opening(owner);
      await subject.open(session);
      await Promise.all(appends(session.id, 1, 3).map((record) => subject.append(record)));
      await passes(async () => assert.equal((await sessionEntries({ orm: realOrm(), sessionId: session.id })).length, 3));
      await subject.append(appends(session.id, 4, 1)[0]!);
      assert.equal(logFiles().length, 1);
      await passes(async () => assert.equal((await sessionEntries({ orm: realOrm(), sessionId: session.id })).length, 4));
      await passes(() => assert.deepEqual(logFiles(), []));
    });

    it('keeps the log while the database is down and writes it once it is back', async () => {
      const { run, state } = switchable(nativeStatements(realOrm()));
      const subject = journal({ run, writeBehindMs: 60_000, retryMs: 30 });
      const session = opening(owner);
      state.down = true;
      await subject.open(session);
      await subject.append(appends(session.id, 1, 1)[0]!);
      await assert.rejects(subject.settle(), /does not take yet/);
      assert.equal(logFiles().length, 1);
      state.down = false;
      await passes(async () => assert.equal((await sessionEntries({ orm: realOrm(), sessionId: session.id })).length, 1));
      assert.deepEqual(logFiles(), []);
    });

    it('leaves what a crash left in the log to the next journal on the directory, without the last batch cut short', async () => {
      const { run, state } = switchable(nativeStatements(realOrm()));
      const crashed = journal({ run, writeBehindMs: 60_000 });
      const session = opening(owner);
      await crashed.open(session);
      await Promise.all(appends(session.id, 1, 5).map((record) => crashed.append(record)));
      const [segment] = logFiles();
      // The process died writing its next batch: half a line, never acknowledged.
      writeFileSync(join(dir, segment!), JSON.stringify(appends(session.id, 6, 2)).slice(0, 40), { flag: 'a' });
      const lines = capturedLog();
      const next = journal({ log: lines.log, writeBehindMs: 60_000 });
      assert.equal(next.spooled, 1);
      assert.deepEqual(await next.drain(), { written: 1, left: 0 });
      assert.equal(state.writes, 0);
      assert.deepEqual((await sessionEntries({ orm: realOrm(), sessionId: session.id })).map((entry) => entry.seq), [1, 2, 3, 4, 5]);
      assert.equal(lines.said('warn', /cut short/), 1);
      assert.equal(next.spooled, 0);
    });

    it('counts the sessions opened and ended in the log, not yet in the database, among a player\'s games in play', async () => {
      const subject = journal({ writeBehindMs: 60_000 });
      const player = randomUUID();
      const [kept, ended, other] = [opening(owner, [player, randomUUID()]), opening(owner, [player, randomUUID()]), opening(owner)];
      await subject.open(ended);
      await subject.settle();
      await Promise.all([subject.open(kept), subject.open(other), subject.end(ended.id, ended.startedAt + 1)]);
      const read = async () => subject.withUnwritten(await playerSessionsInPlay({ orm: realOrm(), playerId: player }), player, (opened) => ({ id: opened.id, kind: opened.kind, roomId: opened.roomId, startedAt: new Date(opened.startedAt) }));
      assert.deepEqual((await playerSessionsInPlay({ orm: realOrm(), playerId: player })).map((session) => session.id), [ended.id]);
      assert.deepEqual((await read()).map((session) => [session.id, session.roomId]), [[kept.id, kept.roomId]]);
      await subject.settle();
      assert.deepEqual((await playerSessionsInPlay({ orm: realOrm(), playerId: player })).map((session) => session.id), [kept.id]);
      assert.deepEqual((await read()).map((session) => session.id), [kept.id]);
    });

    it('writes the log to the database when it closes (each append synced to disk, JOURNAL_SYNC=on)', async () => {
      const subject = new Journal({ run: nativeStatements(realOrm()), dir, log: createLogger('silent'), writeBehindMs: 60_000, syncLog: true });
      const session = opening(owner);
      await subject.open(session);
      await subject.append(appends(session.id, 1, 1)[0]!);
      await subject.end(session.id, session.startedAt + 10);
      await subject.close();
      const found = await findSession({ orm: realOrm(), id: session.id });
      assert.equal(found?.entries.length, 1);
      assert.equal(found?.endedAt?.getTime(), session.startedAt + 10);
      assert.deepEqual(logFiles(), []);
    });
  });
});
