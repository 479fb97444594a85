/**
 * The durable journal of games in play: a room opens its game here, appends every action it
 * accepts before broadcasting it, and ends it. Once a call has resolved, what it wrote survives a
 * crash of the process, and of the database too, so the game can be brought back.
 *
 * Writes are grouped: the first call arms a timer of `delayMs`, and when it fires everything
 * queued by every room of the process goes out as one statement (sessions opened, entries,
 * sessions ended: atomic, one round trip, no transaction around it), rather than a transaction
 * per move. While a batch is being written new calls queue; they go out once they have gathered
 * for `delayMs` too, so a steady load makes one write every `delayMs` at most (batches grow with
 * the load, and a write costs the process about the same whatever it carries). Calls resolve in
 * the order they were made.
 *
 * When the database does not take a batch (down, refusing connections, slower than `timeoutMs`),
 * the batch goes to a local spool instead, one fsynced file per batch, and its calls resolve
 * then: it is durable. A timer writes the spool to the database once it is back, oldest batch
 * first (consecutive batches together, up to `maxBatch` items a statement); every part is
 * idempotent on its key, so a batch written twice (or by a statement that timed out and
 * committed after all) is stored once. While batches wait in the spool, new ones
 * queue behind them (in the spool, or behind a drain under way), so a session is never ended in
 * the database before it was opened there. A batch the database refuses for its data (SQLSTATE
 * class 22 or 23, a server bug) is written item by item and what is refused kept aside in a
 * `.rejected` file, so one bad item does not hold back every game. One process per spool
 * directory (as per DATA_DIR).
 *
 * Write-behind (`writeBehindMs`, for the embedded database): a statement on PGlite runs inside
 * this process, a few milliseconds of its CPU each and tens of microseconds a row, more than
 * everything else a move costs. There a batch is made durable by an append to a local log
 * (journal-log.ts) instead, and calls resolve then; every `writeBehindMs` the log's segment is
 * sealed and written to the database like spool files are (in statements of `maxBatch` items at
 * most, the event loop served between them). Readers of the journal in the database call
 * `settle()` first; a start drains what a crash left in the log before restoring games. Only for
 * a database no other process reads while this one runs (the log is this process's). What an
 * append guarantees (a process crash, or with `syncLog` the machine's too) is journal-log.ts's.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readdir, readFile, rename, unlink } from 'node:fs/promises';
import { setImmediate as served } from 'node:timers/promises';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import { writeDurably } from './durable-file.ts';
import { JournalLog, LOG_SUFFIX, readSegment } from './journal-log.ts';
import type { RunStatement } from './native-statement.ts';

export interface SessionOpening {
  id: string;
  kind: string;
  roomId: string;
  players: readonly string[];
  setup: unknown;
  owner: string;
  /** Epoch ms. */
  startedAt: number;
}

export interface JournalRecord {
  sessionId: string;
  seq: number;
  /** Epoch ms. */
  at: number;
  /** Plain JSON data. */
  entry: unknown;
}

/** One call, its JSON already serialised (a snapshot taken at the call); a spool file holds a list of them. */
type OpenItem = { type: 'open'; id: string; kind: string; roomId: string; players: string; setup: string; owner: string; startedAt: number };
type AppendItem = { type: 'append'; sessionId: string; seq: number; at: number; entry: string };
type EndItem = { type: 'end'; sessionId: string; at: number };
type Item = OpenItem | AppendItem | EndItem;

interface Waiting { item: Item; resolve(): void; reject(error: Error): void }
interface SpoolFile { items: Item[] }

const SUFFIX = '.json';
const REJECTED = '.rejected';

const json = (value: unknown): string => JSON.stringify(value) ?? 'null';
const iso = (ms: number): string => new Date(ms).toISOString();

/** The range of a JavaScript Date (±8.64e15 ms); times come from the server clock, far inside it. */
const MAX_EPOCH_MS = 8.64e15;

/** An epoch ms PostgreSQL can store, checked at the call (RangeError) rather than failing a whole batch. */
function epochMs(ms: number): number {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_EPOCH_MS) throw new RangeError(`not a time: ${ms}`);
  return ms;
}

/**
 * Every batch is this ONE statement (atomic without a transaction, one round trip), always the
 * same text, so PostgreSQL prepares it once per connection: the sessions opened, the entries,
 * the sessions ended, each part given as arrays of columns. The parts see the same snapshot,
 * so the end of a session opened in the same batch is written with its opening; foreign keys
 * are checked at the end of the statement, after every part. Every part is idempotent on its
 * key, and the first end of a session wins.
 */
const BATCH = {
  name: 'journal_batch',
  text: `with opened as (
  insert into game_session (id, kind, room_id, players, setup, owner, started_at, ended_at)
  select * from unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[], $6::text[], $7::timestamptz[], $8::timestamptz[])
  on conflict (id) do nothing
), kept as (
  insert into journal_entry (session_id, seq, at, entry)
  select * from unnest($9::uuid[], $10::int[], $11::timestamptz[], $12::jsonb[])
  on conflict (session_id, seq) do nothing
)
update game_session as s set ended_at = v.at
from unnest($13::uuid[], $14::timestamptz[]) as v (id, at)
where s.id = v.id and s.ended_at is null`,
};

/** The batch's parameters: its items as columns. */
function columns(items: readonly Item[]): unknown[] {
  const firstEnds = new Map<string, EndItem>();
  for (const item of items) if (item.type === 'end' && !firstEnds.has(item.sessionId)) firstEnds.set(item.sessionId, item);
  const open: [string[], string[], string[], string[], string[], string[], string[], (string | null)[]] = [[], [], [], [], [], [], [], []];
  const kept: [string[], number[], string[], string[]] = [[], [], [], []];
  for (const item of items) {
    if (item.type === 'open') {
      const end = firstEnds.get(item.id);
      firstEnds.delete(item.id);
      const row = [item.id, item.kind, item.roomId, item.players, item.setup, item.owner, iso(item.startedAt), end ? iso(end.at) : null];
      row.forEach((value, i) => (open[i] as unknown[]).push(value));
    } else if (item.type === 'append') {
      kept[0].push(item.sessionId);
      kept[1].push(item.seq);
      kept[2].push(iso(item.at));
      kept[3].push(item.entry);
    }
  }
  const ends = [...firstEnds.values()];
  return [...open, ...kept, ends.map((end) => end.sessionId), ends.map((end) => iso(end.at))];
}

/** Whether PostgreSQL refused the data itself (class 22 data exception, 23 integrity violation): retrying will not help. */
function refusesData(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, sqlState, cause } = current as { code?: unknown; sqlState?: unknown; cause?: unknown };
    if ([code, sqlState].some((state) => typeof state === 'string' && /^2[23][0-9A-Z]{3}$/.test(state))) return true;
    current = cause;
  }
  return false;
}

function timedOut(ms: number): Error {
  return Object.assign(new Error(`the journal write took more than ${ms} ms`), { code: 'ETIMEDOUT' });
}

/** An item for a log line: which session, never its data. */
function describe(item: Item): { type: string; session: string; seq?: number } {
  if (item.type === 'open') return { type: item.type, session: item.id };
  if (item.type === 'append') return { type: item.type, session: item.sessionId, seq: item.seq };
  return { type: item.type, session: item.sessionId };
}

const isBatchFile = (name: string) => (name.endsWith(SUFFIX) || name.endsWith(LOG_SUFFIX)) && !name.startsWith('.');

export class Journal {
  readonly #run: RunStatement;
  readonly #dir: string;
  readonly #log: Logger;
  readonly #delayMs: number;
  readonly #maxBatch: number;
  readonly #retryMs: number;
  readonly #timeoutMs: number;
  readonly #writeBehindMs: number;
  readonly #localLog: JournalLog | undefined;
  #writeBehind: NodeJS.Timeout | undefined;
  /** With write-behind: sessions opened, and sessions ended, that are in the local log and not yet in the database. */
  readonly #unwrittenOpens = new Map<string, OpenItem>();
  readonly #unwrittenEnds = new Set<string>();
  #settling: Promise<void> | undefined;
  #settleAgain: Promise<void> | undefined;
  #queue: Waiting[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  #draining: Promise<unknown> = Promise.resolve();
  #retry: NodeJS.Timeout | undefined;
  #spooled: number;
  #lastSpoolMs = 0;
  #counter = 0;
  #flushes = 0;
  #items = 0;
  /** When the first call still queued arrived (performance.now()). */
  #gatheringSince = 0;
  #outage = false;
  #closed = false;

  /**
   * `run` writes a batch's statement (native-statement.ts). `delayMs` (2) is how long the first call of a batch waits for others; `maxBatch` (2000) the most
   * calls in one statement; `retryMs` (5000) how often the spool is tried while it holds batches;
   * `timeoutMs` (5000) how long a batch may take before it goes to the spool instead;
   * `writeBehindMs` (0: off) how often the local log is written to the database (module comment),
   * `syncLog` (false) whether each append to it is fdatasynced.
   */
  constructor({ run, dir, log, delayMs = 2, maxBatch = 2000, retryMs = 5_000, timeoutMs = 5_000, writeBehindMs = 0, syncLog = false }: {
    run: RunStatement; dir: string; log: Logger; delayMs?: number; maxBatch?: number; retryMs?: number; timeoutMs?: number;
    writeBehindMs?: number; syncLog?: boolean;
  }) {
    this.#run = run;
    this.#dir = dir;
    this.#log = log;
    this.#delayMs = delayMs;
    this.#maxBatch = maxBatch;
    this.#retryMs = retryMs;
    this.#timeoutMs = timeoutMs;
    this.#writeBehindMs = writeBehindMs;
    this.#localLog = writeBehindMs > 0 ? new JournalLog(dir, (suffix) => this.#nextName(suffix), { sync: syncLog }) : undefined;
    mkdirSync(dir, { recursive: true });
    const names = readdirSync(dir);
    // A temporary file was never acknowledged (its write did not finish): nothing waits for it.
    for (const name of names.filter((file) => file.startsWith('.') && file.endsWith('.tmp'))) rmSync(join(dir, name), { force: true });
    const batches = names.filter(isBatchFile);
    this.#spooled = batches.length;
    this.#lastSpoolMs = batches.reduce((latest, name) => Math.max(latest, Number.parseInt(name, 10) || 0), 0);
    if (this.#spooled > 0) this.#scheduleRetry();
  }

  /** Batches waiting in the spool directory. */
  get spooled(): number {
    return this.#spooled;
  }

  /** Batches handled so far (each one statement, or one spool file). */
  get flushes(): number {
    return this.#flushes;
  }

  /** Calls (opens, entries, ends) handled so far. */
  get items(): number {
    return this.#items;
  }

  open(session: SessionOpening): Promise<void> {
    return this.#enqueue(() => ({
      type: 'open', id: session.id, kind: session.kind, roomId: session.roomId, players: json(session.players),
      setup: json(session.setup), owner: session.owner, startedAt: epochMs(session.startedAt),
    }));
  }

  append(record: JournalRecord): Promise<void> {
    return this.#enqueue(() => {
      if (!Number.isSafeInteger(record.seq)) throw new TypeError(`a journal seq is an integer (got ${record.seq})`);
      return { type: 'append', sessionId: record.sessionId, seq: record.seq, at: epochMs(record.at), entry: json(record.entry) };
    });
  }

  end(sessionId: string, at: number): Promise<void> {
    return this.#enqueue(() => ({ type: 'end', sessionId, at: epochMs(at) }));
  }

  /** Writes everything queued now (and what is queued meanwhile), for a shutdown. */
  async flush(): Promise<void> {
    while (this.#flushing || this.#queue.length > 0) await (this.#flushing ?? this.#kick());
  }

  /**
   * Writes the spooled batches to the database, oldest first (consecutive ones together, up to
   * `maxBatch` items a statement), removing each file once written; stops at the first failure.
   * `written` and `left` count batches (files).
   */
  drain(): Promise<{ written: number; left: number }> {
    const run = this.#draining.then(() => this.#drainAll());
    this.#draining = run.catch(() => undefined);
    return run;
  }

  /**
   * Everything acknowledged so far, in the database: flushes, and with write-behind seals the
   * log's segment and drains it. Readers of the journal in the database call this first. Throws
   * when the database does not take it (what was not written stays in the spool or the log).
   */
  settle(): Promise<void> {
    // Calls made while one runs share the next one: a flood of readers makes two at most.
    if (!this.#settling) {
      this.#settling = this.#settleOnce().finally(() => { this.#settling = undefined; });
      return this.#settling;
    }
    this.#settleAgain ??= this.#settling.catch(() => undefined).then(() => {
      this.#settleAgain = undefined;
      return this.settle();
    });
    return this.#settleAgain;
  }

  /**
   * A player's games in play as the database will have them once the local log is written
   * (write-behind): `written` (read from the database) without the sessions ended since, with the
   * sessions opened since that have `playerId` among their players. Without write-behind, `written`.
   */
  withUnwritten<Session extends { id: string }>(written: readonly Session[], playerId: string, toSession: (opened: SessionOpening) => Session): Session[] {
    const sessions = written.filter((session) => !this.#unwrittenEnds.has(session.id));
    for (const item of this.#unwrittenOpens.values()) {
      if (this.#unwrittenEnds.has(item.id) || written.some((session) => session.id === item.id)) continue;
      const players = JSON.parse(item.players) as unknown;
      if (!Array.isArray(players) || !players.includes(playerId)) continue;
      sessions.push(toSession({ id: item.id, kind: item.kind, roomId: item.roomId, players, setup: JSON.parse(item.setup), owner: item.owner, startedAt: item.startedAt }));
    }
    return sessions;
  }

  async #settleOnce(): Promise<void> {
    await this.flush();
    if (this.#localLog && (await this.#localLog.seal())) this.#spooled += 1;
    const { left } = await this.drain();
    if (left > 0) throw new Error(`the journal holds ${left} batch file(s) the database does not take yet`);
  }

  /** Flushes (and with write-behind, writes the log to the database if it can), then stops the timers; later calls are refused. */
  async close(): Promise<void> {
    await this.flush();
    this.#closed = true;
    clearTimeout(this.#writeBehind);
    this.#writeBehind = undefined;
    if (this.#localLog) {
      if (await this.#localLog.seal()) this.#spooled += 1;
      // Left in the log if the database is away: the next start writes it before restoring.
      await this.drain().catch((error: unknown) => this.#log.warn({ err: error, dir: this.#dir }, 'the journal log stays on disk for the next start'));
    }
    clearTimeout(this.#retry);
    this.#retry = undefined;
    await this.#draining;
  }

  #enqueue(make: () => Item): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the journal is closed'));
    let item: Item;
    try {
      item = make();
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      if (this.#queue.length === 0) this.#gatheringSince = performance.now();
      this.#queue.push({ item, resolve, reject });
      if (!this.#timer && !this.#flushing) this.#timer = setTimeout(() => void this.#kick(), this.#delayMs);
    });
  }

  /**
   * Starts a flush of the next batch unless one runs. When it ends, the calls queued meanwhile
   * go out once they have gathered for `delayMs` (at once if that has passed, or if they fill a
   * batch): under a steady load, one write every `delayMs` at most, however fast the database.
   */
  #kick(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#flushing) return this.#flushing;
    if (this.#queue.length === 0) return Promise.resolve();
    const batch = this.#queue.splice(0, this.#maxBatch);
    if (this.#queue.length > 0) this.#gatheringSince = performance.now();
    this.#flushing = this.#commit(batch).then(() => {
      this.#flushing = undefined;
      if (this.#queue.length === 0) return;
      const wait = this.#queue.length >= this.#maxBatch ? 0 : this.#gatheringSince + this.#delayMs - performance.now();
      if (wait <= 0) void this.#kick();
      else this.#timer = setTimeout(() => void this.#kick(), wait);
    });
    return this.#flushing;
  }

  /** Makes a batch durable, in the database or else in the spool, and settles its calls; never throws. */
  async #commit(batch: Waiting[]): Promise<void> {
    this.#flushes += 1;
    this.#items += batch.length;
    const items = batch.map((waiting) => waiting.item);
    if (this.#localLog) {
      try {
        await this.#localLog.append(items);
        for (const item of items) {
          if (item.type === 'open') this.#unwrittenOpens.set(item.id, item);
          else if (item.type === 'end') this.#unwrittenEnds.add(item.sessionId);
        }
        for (const waiting of batch) waiting.resolve();
        this.#scheduleWriteBehind();
      } catch (error) {
        this.#log.error({ err: error, dir: this.#dir, items: items.length }, 'a journal batch could not be appended to the local log');
        for (const waiting of batch) waiting.reject(error as Error);
      }
      return;
    }
    try {
      // The database is back and the spool is being written: this batch goes after it.
      if (this.#spooled > 0 && !this.#outage) await this.drain().catch(() => undefined);
      if (this.#spooled === 0) {
        try {
          await this.#write(items);
          this.#up();
          for (const waiting of batch) waiting.resolve();
          return;
        } catch (error) {
          this.#down(error);
        }
      }
      await this.#spool(items);
      for (const waiting of batch) waiting.resolve();
    } catch (error) {
      this.#log.error({ err: error, dir: this.#dir, items: items.length }, 'a journal batch could not be written to the database nor to the spool');
      for (const waiting of batch) waiting.reject(error as Error);
    }
  }

  /** The batch's one statement; one slower than `timeoutMs` counts as failed (it may still commit: harmless). */
  async #write(items: readonly Item[]): Promise<void> {
    const work = this.#run(BATCH.name, BATCH.text, columns(items));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(timedOut(this.#timeoutMs)), this.#timeoutMs); });
    work.catch(() => undefined); // lost the race: its own failure no longer matters
    try {
      await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #spool(items: readonly Item[]): Promise<void> {
    const file: SpoolFile = { items: [...items] };
    await writeDurably(this.#dir, this.#nextName(), JSON.stringify(file));
    this.#spooled += 1;
    this.#scheduleRetry();
  }

  /** Sortable by time (never going back, even if the clock does) and by a counter within a millisecond. */
  #nextName(suffix = SUFFIX): string {
    this.#lastSpoolMs = Math.max(Date.now(), this.#lastSpoolMs);
    this.#counter += 1;
    return `${String(this.#lastSpoolMs).padStart(18, '0')}-${String(this.#counter).padStart(6, '0')}${suffix}`;
  }

  /** With write-behind: in `writeBehindMs`, the log's segment is sealed and written to the database. */
  #scheduleWriteBehind(): void {
    if (this.#writeBehind || this.#closed) return;
    this.#writeBehind = setTimeout(() => {
      void (async () => {
        if (await this.#localLog!.seal()) this.#spooled += 1;
        this.#writeBehind = undefined;
        await this.drain();
      })().catch((error: unknown) => {
        this.#writeBehind = undefined;
        this.#log.error({ err: error, dir: this.#dir }, 'the journal log could not be written to the database');
        this.#scheduleRetry();
      });
    }, this.#writeBehindMs);
    this.#writeBehind.unref();
  }

  async #drainAll(): Promise<{ written: number; left: number }> {
    let written = 0;
    for (;;) {
      const active = this.#localLog?.active;
      const names = (await readdir(this.#dir)).filter((name) => isBatchFile(name) && name !== active).sort();
      if (names.length === 0) return { written, left: 0 };
      while (names.length > 0) {
        const group = await this.#takeGroup(names);
        if (group.names.length === 0) continue;
        try {
          const refused = await this.#writeOrSplit(group.items);
          if (refused.length > 0) await writeDurably(this.#dir, `${group.names[0]}${REJECTED}`, JSON.stringify({ items: refused }));
          for (const item of group.items) {
            if (item.type === 'open') this.#unwrittenOpens.delete(item.id);
            else if (item.type === 'end') this.#unwrittenEnds.delete(item.sessionId);
          }
          for (const name of group.names) {
            await unlink(join(this.#dir, name));
            this.#spooled -= 1;
            written += 1;
          }
        } catch (error) {
          this.#down(error);
          this.#scheduleRetry();
          return { written, left: this.#spooled };
        }
        this.#up();
      }
    }
  }

  /**
   * Takes from `names` the oldest spool files to write in one statement: at most `maxBatch` items
   * (one file at least), so catching up after a long outage is not one write per batch. The same
   * parts in the same order as one by one. A file that does not read is kept aside.
   */
  async #takeGroup(names: string[]): Promise<{ names: string[]; items: Item[] }> {
    const group: { names: string[]; items: Item[] } = { names: [], items: [] };
    while (names.length > 0) {
      const path = join(this.#dir, names[0]!);
      let items: Item[];
      try {
        const text = await readFile(path, 'utf8');
        if (path.endsWith(LOG_SUFFIX)) {
          const segment = readSegment<Item>(text);
          if (segment.cut) this.#log.warn({ file: path }, 'the journal log ends with a batch cut short by a crash (never acknowledged); it is left out');
          items = segment.items;
        } else {
          items = (JSON.parse(text) as SpoolFile).items;
        }
      } catch (error) {
        // Written whole or not at all (renamed after fsync): only a damaged disk or a hand gets here.
        this.#log.error({ err: error, file: path }, 'a journal spool file does not read; it is kept aside');
        await rename(path, `${path}${REJECTED}`);
        this.#spooled -= 1;
        names.shift();
        continue;
      }
      if (group.names.length > 0 && group.items.length + items.length > this.#maxBatch) break;
      group.names.push(names.shift()!);
      group.items.push(...items);
    }
    return group;
  }

  /**
   * Writes a group in statements of `maxBatch` items at most (a log segment may hold more), the
   * event loop served between them; returns the items the database refused (`#writeChunk`).
   */
  async #writeOrSplit(items: readonly Item[]): Promise<Item[]> {
    if (items.length <= this.#maxBatch) return this.#writeChunk(items);
    const refused: Item[] = [];
    for (let start = 0; start < items.length; start += this.#maxBatch) {
      if (start > 0) await served();
      refused.push(...await this.#writeChunk(items.slice(start, start + this.#maxBatch)));
    }
    return refused;
  }

  /** Writes a batch; if the database refuses its data, writes it item by item and returns the items refused. */
  async #writeChunk(items: readonly Item[]): Promise<Item[]> {
    try {
      await this.#write(items);
      return [];
    } catch (error) {
      if (!refusesData(error)) throw error;
    }
    const refused: Item[] = [];
    for (const item of items) {
      try {
        await this.#write([item]);
      } catch (error) {
        if (!refusesData(error)) throw error;
        this.#log.error({ err: error, ...describe(item) }, 'the database refuses a journal item; it is kept aside in the spool');
        refused.push(item);
      }
    }
    return refused;
  }

  #scheduleRetry(): void {
    if (this.#retry || this.#closed) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.drain().catch((error: unknown) => {
        this.#log.error({ err: error, dir: this.#dir }, 'the journal spool could not be read');
        this.#scheduleRetry();
      });
    }, this.#retryMs);
    this.#retry.unref();
  }

  /** Once per outage: the first batch that does not go (a refused item is not an outage; it is logged where it is kept aside). */
  #down(error: unknown): void {
    if (this.#outage || refusesData(error)) return;
    this.#outage = true;
    this.#log.warn({ err: error, dir: this.#dir }, 'the database does not take journal writes: batches go to the spool');
  }

  #up(): void {
    if (!this.#outage) return;
    this.#outage = false;
    this.#log.info({ spooled: this.#spooled }, 'the database takes journal writes again');
  }
}
