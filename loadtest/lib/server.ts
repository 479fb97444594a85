/**
 * The server a benchmark measures: started here (pinned to its own core when `taskset` exists)
 * or reached at a given URL. Its CPU and memory are read from its own /metrics, so the same
 * numbers come from a local or a remote server. The benchmark's floor (loadtest/floor/) is
 * started and read the same way: the same core, node flags, control hook and metrics.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
/** The floor: the plain relay the project's server is compared with. */
export const RELAY = fileURLToPath(new URL('../floor/relay-server.ts', import.meta.url));
const CONTROL = fileURLToPath(new URL('./bench-control.ts', import.meta.url));

/**
 * Read once, at load: after `pinSelf`, this process's `availableParallelism()` is 1 (it counts
 * the cores it may use), and a check made then would start the server unpinned, on the load
 * generator's core.
 */
const TASKSET = spawnSync('taskset', ['--version']).status === 0 && availableParallelism() >= 2;

export function hasTaskset(): boolean {
  return TASKSET;
}

/** Moves this process to one CPU, leaving the other to the server. */
export function pinSelf(cpu: number): boolean {
  return hasTaskset() && spawnSync('taskset', ['-a', '-cp', String(cpu), String(process.pid)]).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface BenchServer {
  url: string;
  pinned: boolean;
  /** Runs a full garbage collection in the server (so its live heap can be read exactly). */
  collectGarbage(): Promise<void>;
  /** Starts a CPU profile in the server, sampling every `intervalUs` microseconds. */
  startProfile(intervalUs: number): Promise<void>;
  /** Stops the profile and writes it to `path` (a `.cpuprofile`). */
  stopProfile(path: string): Promise<void>;
  /** Starts a sampling profile of the server's allocations (bench-control.ts). */
  startHeapProfile(): Promise<void>;
  /** Stops it and writes it to `path` (a `.heapprofile`). */
  stopHeapProfile(path: string): Promise<void>;
  /** The scheduler's account of the server's threads so far (Linux only). */
  threads(): ThreadTimes | undefined;
  stop(): Promise<void>;
}

/**
 * Starts a server on core `cpu`: the project's (`src/main.ts`) unless `entry` names another
 * script (the floor's relay), which then gets the same flags, environment and control hook, and
 * must answer `GET /ready` and `GET /metrics` as the project's server does. Without a
 * DATABASE_URL in `env`, the server runs as `npm start` does: the embedded database in a data
 * directory of its own (made here, removed when it stops).
 */
export async function startBenchServer({ cpu, env = {}, nodeArgs = [], entry = MAIN }: { cpu: number; env?: Record<string, string>; nodeArgs?: string[]; entry?: string }): Promise<BenchServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-data-'));
  const pinned = hasTaskset();
  const command = pinned ? 'taskset' : process.execPath;
  const node = ['--expose-gc', '--import', CONTROL, ...nodeArgs, entry];
  const args = pinned ? ['-c', String(cpu), process.execPath, ...node] : node;
  const child: ChildProcess = spawn(command, args, {
    env: {
      PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir,
      JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', MAX_SPECTATORS: '1000', ACCOUNT_LIMIT: '1000000', JOIN_LIMIT: '1000000', ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/ready`)).status === 200) break;
    } catch { /* not yet */ }
    if (attempt > 300) throw new Error('the server did not become ready in 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pinned,
    collectGarbage: () => control(child, { do: 'gc' }),
    startProfile: (intervalUs) => control(child, { do: 'profile-start', intervalUs }),
    stopProfile: (path) => control(child, { do: 'profile-stop', path }),
    startHeapProfile: () => control(child, { do: 'heap-profile-start' }),
    stopHeapProfile: (path) => control(child, { do: 'heap-profile-stop', path }),
    threads: () => (child.pid === undefined ? undefined : threadTimes(child.pid)),
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }).finally(() => rmSync(dataDir, { recursive: true, force: true })),
  };
}

/**
 * How long the server's main thread ran and how long it waited, runnable, for a CPU; and how long
 * its other threads ran (V8's garbage-collection and compiler workers, libuv's pool). On a server
 * limited to one core, the other threads' time is taken from the main thread, and the main
 * thread's waits are latency no profile of its own shows.
 */
export interface ThreadTimes { mainRunMs: number; mainWaitMs: number; othersRunMs: number }

function threadTimes(pid: number): ThreadTimes | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  const times: ThreadTimes = { mainRunMs: 0, mainWaitMs: 0, othersRunMs: 0 };
  for (const task of tasks) {
    let line: string;
    try {
      line = readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8');
    } catch {
      continue; // the thread ended in between
    }
    // schedstat: nanoseconds on the CPU, nanoseconds waiting on a run queue, time slices
    const [run = 0, wait = 0] = line.trim().split(/\s+/).map(Number);
    if (task === String(pid)) {
      times.mainRunMs = run / 1e6;
      times.mainWaitMs = wait / 1e6;
    } else {
      times.othersRunMs += run / 1e6;
    }
  }
  return times;
}

/** Sends a command to the server's bench-control hook and waits for its answer. */
function control(child: ChildProcess, command: { do: string } & Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (answer: { done?: string; error?: string }) => {
      if (answer.done !== command.do) return;
      child.off('message', onMessage);
      if (answer.error) reject(new Error(`the server's ${command.do} failed: ${answer.error}`));
      else resolve();
    };
    child.on('message', onMessage);
    child.send(command);
  });
}

/** prom-client's (and the load generator's) event-loop sampling interval. */
export const LOOP_RESOLUTION_MS = 10;

/** Garbage-collection pauses of one kind (V8's `minor`, `major`, `incremental`, `weakcb`), cumulative. */
export interface GcPauses { count: number; ms: number; over10ms: number; over100ms: number }
export const GC_KINDS = ['minor', 'major', 'incremental', 'weakcb'] as const;
export type GcKind = (typeof GC_KINDS)[number];

export interface ServerSample {
  at: number; cpuSeconds: number; cpuSystemSeconds: number; rssBytes: number; heapUsedBytes: number; liveHeapBytes: number;
  loopP99Ms: number; loopMaxMs: number; rooms: number; clients: number; gc: Record<GcKind, GcPauses>;
  /** The journal's writes (statements) and what they carried, since the server started. */
  journalBatches: number; journalItems: number;
}

/** What happened between two samples: the pauses of each kind in between. */
export function gcBetween(before: ServerSample, after: ServerSample): Record<GcKind, GcPauses> {
  const diff = (kind: GcKind): GcPauses => {
    const [a, b] = [before.gc[kind], after.gc[kind]];
    return { count: b.count - a.count, ms: Math.round((b.ms - a.ms) * 10) / 10, over10ms: b.over10ms - a.over10ms, over100ms: b.over100ms - a.over100ms };
  };
  return Object.fromEntries(GC_KINDS.map((kind) => [kind, diff(kind)])) as Record<GcKind, GcPauses>;
}

export async function scrape(url: string): Promise<ServerSample> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  const labelled = (name: string) => Number(new RegExp(`^${name}\\{room_type="chess"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  // prom-client's GC histogram (buckets 1 ms, 10 ms, 100 ms, …), cumulative since the start.
  const gcValue = (series: string, kind: GcKind, le?: string) =>
    Number(new RegExp(`^nodejs_gc_duration_seconds_${series}\\{${le ? `le="${le}",` : ''}kind="${kind}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  const gc = Object.fromEntries(GC_KINDS.map((kind) => {
    const count = gcValue('count', kind);
    return [kind, { count, ms: gcValue('sum', kind) * 1000, over10ms: count - gcValue('bucket', kind, '0.01'), over100ms: count - gcValue('bucket', kind, '0.1') }];
  })) as Record<GcKind, GcPauses>;
  return {
    at: performance.now(),
    cpuSeconds: value('process_cpu_seconds_total'),
    cpuSystemSeconds: value('process_cpu_system_seconds_total'),
    rssBytes: value('process_resident_memory_bytes'),
    heapUsedBytes: value('nodejs_heap_size_used_bytes'),
    liveHeapBytes: value('nodejs_heap_live_bytes'),
    // prom-client restarts its event-loop histogram at every scrape: this is since the last one.
    // It samples every 10 ms and counts the sampling interval in: the delay is what is beyond.
    loopP99Ms: Math.max(0, value('nodejs_eventloop_lag_p99_seconds') * 1000 - LOOP_RESOLUTION_MS),
    loopMaxMs: Math.max(0, value('nodejs_eventloop_lag_max_seconds') * 1000 - LOOP_RESOLUTION_MS),
    rooms: labelled('game_rooms'),
    clients: labelled('game_clients'),
    gc,
    journalBatches: value('game_journal_batches'),
    journalItems: value('game_journal_items'),
  };
}
