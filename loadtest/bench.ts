/**
 * `npm run bench`: how far one server process goes with chess. Opens N concurrent games through
 * the real SDK (two players and S spectators each), plays real legal moves at a set pace, and
 * reports moves per second, send-to-receipt latency for opponents and spectators, join time,
 * errors, and the server's CPU and memory. With several game counts (or --ramp) it steps up and
 * reports the capacity: the largest N whose p99 stayed within --p99.
 *
 *   npm run bench -- --games 1000
 *   npm run bench -- --ramp --p99 50 --out bench.json
 *   npm run bench -- --url http://game.internal:2567 --games 200
 *   npm run bench -- --games 5000 --database postgres://postgres@127.0.0.1:5432/bench
 *   npm run bench -- --games 1000 --journal off            # the same without the journal of games in play
 *   npm run bench -- --games 1000 --journal-delay 10ms     # the journal gathering writes longer
 *   npm run bench -- --games 1000 --node-args=--trace-gc   # flags for the server's node
 *   npm run bench -- --games 3000 --profile prof/            # CPU profile of each measured window
 *   npm run bench -- --games 3000 --heap-profile prof/       # where it allocated in each measured window
 *   npm run bench -- --games 1000 --floor off               # without the floor (below)
 *
 * The floor. Numbers from one machine do not compare with another's (this project's machine
 * varies 2–3× from one day to the next), so every run also measures a floor on the same machine:
 * a plain relay (loadtest/floor/relay-server.ts: `ws` and chess.js, each move checked with
 * `move()` and relayed, nothing else) under the same workload, from the same load generator
 * (the same games, pace, move line, spectators and join flow, the same latency points), started
 * the same way (same core, node flags and control hook) and read the same way (its /metrics).
 * The floor runs first, all its steps (with `--ramp`, up to its own limit), then the project's
 * server. Only one of them is ever alive, on the server's core, so neither's timers, collections
 * or sockets fall in the other's windows; interleaving the steps would keep both alive, with the
 * games of the one not measured still playing (games play on between steps). The two runs are
 * minutes apart, much less than the day-to-day drift the floor is there to cancel. Then both
 * are printed side by side with their ratios (this server ÷ floor) for the CPU per move, the
 * opponent's p50 and p99, resident memory and live heap per game, and the time to open the
 * step's games; `--out` holds both and the ratios. With `--url` there is no floor.
 *
 * Pinned to one core, both servers run with `--single-threaded-gc`, which `npm start` chooses by
 * itself on one core (src/cpu-budget.ts; given here, since the benchmark's control channel would
 * not survive that restart); `--parallel-gc` keeps V8's default of four GC worker threads, which
 * then share that core with the main thread.
 *
 * The load comes from `--loaders` processes (one per 1,000 games by default) on the load
 * generator's core, so no single heap's garbage collection pauses every client at once. Games
 * are opened `--batch` at a time (20) while the others play; the measurement starts after all
 * are open and `--warmup` seconds have passed. With `--plies 80` (about the average lichess
 * game) a game resigns at its length and a new one takes its place, as on a live server: games
 * of every age, with joins and game records going on during the measurement. By default (0)
 * games play on.
 */
import { availableParallelism, cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Loaders } from './lib/loaders.ts';
import { gcBetween, hasTaskset, pinSelf, RELAY, scrape, startBenchServer, type BenchServer, type GcKind, type GcPauses, type ServerSample } from './lib/server.ts';
import { summarize, type Summary } from './lib/stats.ts';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    games: { type: 'string', default: '100' },
    ramp: { type: 'boolean', default: false },
    spectators: { type: 'string', default: '1' },
    pace: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '5' },
    duration: { type: 'string', default: '20' },
    p99: { type: 'string', default: '50' },
    out: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    profile: { type: 'string' },
    'profile-interval': { type: 'string', default: '1000' },
    'heap-profile': { type: 'string' },
    database: { type: 'string' },
    journal: { type: 'string', default: 'on' },
    'journal-delay': { type: 'string', default: '2ms' },
    batch: { type: 'string', default: '20' },
    plies: { type: 'string', default: '0' },
    loaders: { type: 'string' },
    'node-args': { type: 'string' },
    'parallel-gc': { type: 'boolean', default: false },
    floor: { type: 'string' },
  },
});
if (args.floor !== undefined && args.floor !== 'on' && args.floor !== 'off') throw new Error('--floor is on or off');
if (args.floor === 'on' && args.url) throw new Error('--floor needs the server the benchmark starts itself (not --url)');
/** The floor is measured unless turned off, or the server is someone else's (`--url`). */
const withFloor = args.floor === undefined ? !args.url : args.floor === 'on';

const spectatorsPerGame = Number(args.spectators);
const pace = Number(args.pace);
const bound = Number(args.p99);
const RAMP = [100, 500, 1000, 2000, 3000, 4000, 5000, 6000];
const steps = args.ramp ? RAMP : args.games!.split(',').map(Number);

interface StepResult {
  games: number;
  spectatorsPerGame: number;
  paceMs: number;
  seconds: number;
  movesPerSecond: number;
  latency: { player: Summary; spectator: Summary };
  joinMs: Summary;
  /**
   * How long the step's new games (those added since the previous step) took to open: from the
   * request to open them to the last one in play, opened `--batch` at a time.
   */
  open: { games: number; ms: number };
  /** Games that ended (at their length) and were replaced by new ones during the measurement. */
  gamesReplaced: number;
  errors: Record<string, number>;
  server: {
    cpuPercent: number; cpuMsPerMove: number;
    /** The CPU per move beyond what the server used with no games (`idleCpuPercent`). */
    cpuMsPerMoveAboveIdle: number;
    /** The part of the CPU spent in the kernel (socket reads and writes, mostly). */
    systemCpuPercent: number;
    /**
     * Of the measured window, the share the main thread ran, waited for the CPU while runnable,
     * and the share the server's other threads ran (a server started here, on Linux).
     */
    threads?: { mainRunPercent: number; mainWaitPercent: number; othersRunPercent: number };
    /** The server's event-loop delay during the measurement (ms). */
    loopDelay: { p99: number; max: number };
    /** The server's garbage-collection pauses during the measurement, by kind (the usual cause of its stalls). */
    gc: Record<GcKind, GcPauses>;
    rssMB: number; rssPerGameKB: number; heapMB: number;
    /** Heap after the last full GC (what is alive), and its growth per game over the idle server's. */
    liveHeapMB: number; liveHeapPerGameKB: number | null;
    /** Resident memory per game added since the previous step (null when this step added none). */
    rssPerAddedGameKB: number | null; clients: number;
    /** The journal's writes per second and the actions each carried (0 with --journal off). */
    journal: { batchesPerSecond: number; itemsPerBatch: number };
  };
  /**
   * The load generator's processes, their CPU (near 100 % means the numbers measure it, not the
   * server) and their worst event-loop delay (when high, latencies include its own delays).
   */
  loader: { processes: number; cpuPercent: number; loopDelay: { p99: number; max: number } };
}

/** One server's measurement over all the steps: the project's, or the floor. */
interface SideReport {
  pinned: boolean;
  /** Its CPU with no games, over `IDLE_SECONDS`. */
  idleCpuPercent: number;
  /** With several steps, the largest number of games whose p99 stayed within `--p99`. */
  capacity: number | undefined;
  steps: StepResult[];
}

type Side = 'server' | 'floor';
const NAME: Record<Side, string> = { server: 'this server', floor: 'floor' };

/** This server ÷ floor for one step (null where the floor's figure is 0 or unknown). */
interface Ratios {
  games: number;
  cpuMsPerMove: number | null; p50: number | null; p99: number | null;
  rssPerGameKB: number | null; liveHeapPerGameKB: number | null; openMs: number | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (value: number) => Math.round(value * 10) / 10;
/** How long the server is watched with no games before the first step. */
const IDLE_SECONDS = 5;

async function main(): Promise<void> {
  const loaderPinned = !args.url && pinSelf(1);
  for (const dir of [args.profile, args['heap-profile']]) {
    if (!dir) continue;
    if (args.url) throw new Error('--profile and --heap-profile need the server the benchmark starts itself (not --url)');
    mkdirSync(dir, { recursive: true });
  }
  // A server pinned to one core runs its garbage collection on its main thread: V8's parallel and
  // concurrent GC workers would only take turns with it on that core (docs/performance.md). The
  // project's server would choose so itself, as `npm start` does on one core.
  const singleThreadedGc = hasTaskset() && !args.url && !args['parallel-gc'];
  const nodeArgs = [
    ...(singleThreadedGc ? ['--single-threaded-gc'] : []),
    ...(args['node-args']?.split(/\s+/).filter(Boolean) ?? []),
  ];
  const floor = withFloor ? await measure('floor', nodeArgs) : undefined;
  const server = await measure('server', nodeArgs);
  const ratios = floor ? compare(server, floor) : undefined;

  // The project's server's figures stay where they were before the floor (idleCpuPercent,
  // capacity, steps); the floor's are beside them, with the ratios of each step both ran.
  const report = {
    when: new Date().toISOString(),
    machine: { cpus: availableParallelism(), model: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version },
    pinned: { server: server.pinned, ...(floor ? { floor: floor.pinned } : {}), loader: loaderPinned },
    serverNodeArgs: nodeArgs,
    p99BoundMs: bound,
    idleCpuPercent: server.idleCpuPercent,
    capacity: server.capacity,
    steps: server.steps,
    floor,
    ratios,
  };
  if (args.out) writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  const failed = [server, ...(floor ? [floor] : [])]
    .some((side) => side.steps.some((step) => Object.keys(step.errors).length > 0 || step.movesPerSecond === 0));
  if (args.smoke && failed) {
    console.error('smoke run failed: errors or no moves');
    process.exitCode = 1;
  }
}

/**
 * Starts one side's server (unless `--url` gives the project's) and its load generator, watches
 * it idle, then runs every step on it: opens the games, waits `--warmup`, measures `--duration`.
 * Stops both before returning.
 */
async function measure(side: Side, nodeArgs: string[]): Promise<SideReport> {
  const floor = side === 'floor';
  const env: Record<string, string> = floor ? {} : {
    JOURNAL: args.journal!, JOURNAL_DELAY: args['journal-delay']!, ...(args.database ? { DATABASE_URL: args.database } : {}),
    ...(args['parallel-gc'] ? { SINGLE_THREADED_GC: 'off' } : {}),
  };
  const server: BenchServer | undefined = args.url && !floor ? undefined
    : await startBenchServer({ cpu: 0, nodeArgs, env, ...(floor ? { entry: RELAY } : {}) });
  const url = server?.url ?? args.url!;
  const loaderCount = args.loaders ? Number(args.loaders) : Math.min(8, Math.max(1, Math.ceil(Math.max(...steps) / 1000)));
  const loaders = await Loaders.start(loaderCount, {
    url, protocol: floor ? 'relay' : 'colyseus', spectators: spectatorsPerGame, pace, plies: Number(args.plies),
    batch: Math.max(1, Math.round(Number(args.batch) / loaderCount)), guests: 64,
  });
  await server?.collectGarbage();
  const baseline = await scrape(url);
  // What the server costs with no game at all (metrics, the embedded database, timers), so the
  // CPU of a move can be told apart from the fixed cost that few games spread over few moves.
  await sleep(IDLE_SECONDS * 1000);
  const idle = await scrape(url);
  const idleCpuPercent = ((idle.cpuSeconds - baseline.cpuSeconds) / ((idle.at - baseline.at) / 1000)) * 100;
  console.log(`${NAME[side]}, idle (no games, ${IDLE_SECONDS} s): cpu ${round1(idleCpuPercent)} %`);
  const results: StepResult[] = [];
  let capacity = 0;
  let previous = { rssBytes: baseline.rssBytes, games: 0 };
  const profileName = (dir: string, ending: string, target: number) => join(dir, `${floor ? 'floor' : 'chess'}-${target}.${ending}`);

  try {
    for (const target of steps) {
      const opening = performance.now();
      await loaders.open(target);
      const openMs = performance.now() - opening;
      if (target >= 1000) console.error(`  … ${target} games open`);
      await sleep(Number(args.warmup) * 1000);
      if (args.profile) await server?.startProfile(Number(args['profile-interval']));
      if (args['heap-profile']) await server?.startHeapProfile();
      const threadsBefore = server?.threads();
      const before: ServerSample = await scrape(url);
      loaders.start();
      await sleep(Number(args.duration) * 1000);
      const samples = await loaders.stop();
      const after = await scrape(url);
      const threadsAfter = server?.threads();
      if (args.profile) await server?.stopProfile(profileName(args.profile, 'cpuprofile', target));
      if (args['heap-profile']) await server?.stopHeapProfile(profileName(args['heap-profile'], 'heapprofile', target));
      // After the measurement, so the forced collection's pause is in no latency.
      await server?.collectGarbage();
      const live = server ? (await scrape(url)).liveHeapBytes : after.liveHeapBytes;
      const seconds = (after.at - before.at) / 1000;
      const cpuSeconds = after.cpuSeconds - before.cpuSeconds;
      /** Milliseconds of a thread's time as a percentage of the window. */
      const windowShare = (ms: number) => round1(ms / seconds / 10);
      const moves = samples.reduce((sum, sample) => sum + sample.moves, 0);
      /** CPU seconds spread over the window's moves, in milliseconds per move. */
      const msPerMove = (cpu: number) => (moves > 0 ? Math.round((cpu * 1000 / moves) * 1000) / 1000 : 0);
      const errors: Record<string, number> = {};
      for (const sample of samples) for (const [what, count] of Object.entries(sample.errors)) errors[what] = (errors[what] ?? 0) + count;
      if (samples.length < loaders.size) errors['load generator process died'] = loaders.size - samples.length;
      const result: StepResult = {
        games: target, spectatorsPerGame, paceMs: pace, seconds: round1(seconds),
        movesPerSecond: Math.round(moves / seconds),
        latency: { player: summarize(samples.flatMap((s) => s.player)), spectator: summarize(samples.flatMap((s) => s.spectator)) },
        joinMs: summarize(samples.flatMap((s) => s.joins)),
        open: { games: target - previous.games, ms: Math.round(openMs) },
        gamesReplaced: samples.reduce((sum, sample) => sum + sample.replaced, 0),
        errors,
        server: {
          cpuPercent: round1((cpuSeconds / seconds) * 100),
          systemCpuPercent: round1(((after.cpuSystemSeconds - before.cpuSystemSeconds) / seconds) * 100),
          ...(threadsBefore && threadsAfter ? {
            threads: {
              mainRunPercent: windowShare(threadsAfter.mainRunMs - threadsBefore.mainRunMs),
              mainWaitPercent: windowShare(threadsAfter.mainWaitMs - threadsBefore.mainWaitMs),
              othersRunPercent: windowShare(threadsAfter.othersRunMs - threadsBefore.othersRunMs),
            },
          } : {}),
          cpuMsPerMove: msPerMove(cpuSeconds),
          cpuMsPerMoveAboveIdle: msPerMove(cpuSeconds - (idleCpuPercent / 100) * seconds),
          loopDelay: { p99: round1(after.loopP99Ms), max: round1(after.loopMaxMs) },
          gc: gcBetween(before, after),
          rssMB: Math.round(after.rssBytes / 1048576),
          rssPerGameKB: Math.round((after.rssBytes - baseline.rssBytes) / 1024 / target),
          rssPerAddedGameKB: target > previous.games ? Math.round((after.rssBytes - previous.rssBytes) / 1024 / (target - previous.games)) : null,
          heapMB: Math.round(after.heapUsedBytes / 1048576),
          liveHeapMB: Math.round(live / 1048576),
          // Exact when the benchmark started the server (it forces a full collection before
          // reading); against --url, what the last collection the server ran left.
          liveHeapPerGameKB: live > 0 && baseline.liveHeapBytes > 0 ? Math.round((live - baseline.liveHeapBytes) / 1024 / target) : null,
          clients: after.clients,
          journal: {
            batchesPerSecond: Math.round((after.journalBatches - before.journalBatches) / seconds),
            itemsPerBatch: after.journalBatches > before.journalBatches
              ? round1((after.journalItems - before.journalItems) / (after.journalBatches - before.journalBatches)) : 0,
          },
        },
        loader: {
          processes: loaders.size,
          cpuPercent: round1(samples.reduce((sum, sample) => sum + sample.cpuMicros, 0) / 1e6 / seconds * 100),
          loopDelay: { p99: round1(Math.max(...samples.map((s) => s.loopP99Ms))), max: round1(Math.max(...samples.map((s) => s.loopMaxMs))) },
        },
      };
      results.push(result);
      previous = { rssBytes: after.rssBytes, games: target };
      printStep(side, result);
      const held = result.latency.player.p99 <= bound && Object.keys(result.errors).length === 0;
      if (held) capacity = target;
      if (args.ramp && !held) break;
    }
  } finally {
    await loaders.close();
    await server?.stop();
  }
  const ramped = results.length > 1 || args.ramp;
  if (ramped) console.log(`${NAME[side]}: capacity at p99 ≤ ${bound} ms: ${capacity} games`);
  return { pinned: server?.pinned ?? false, idleCpuPercent: round1(idleCpuPercent), capacity: ramped ? capacity : undefined, steps: results };
}

/** Prints, for each step both sides ran, the two side by side with this server ÷ floor. */
function compare(server: SideReport, floor: SideReport): Ratios[] {
  const ratio = (mine: number | null, floors: number | null) =>
    (mine === null || floors === null || floors <= 0 ? null : Math.round((mine / floors) * 100) / 100);
  const cell = (value: number | null, unit: string) => (value === null ? '?' : `${value} ${unit}`).padStart(12);
  const all: Ratios[] = [];
  for (const step of server.steps) {
    const base = floor.steps.find((each) => each.games === step.games);
    if (!base) continue;
    const rows: Array<{ key: Exclude<keyof Ratios, 'games'>; what: string; unit: string; mine: number | null; floors: number | null }> = [
      { key: 'cpuMsPerMove', what: 'CPU per move', unit: 'ms', mine: step.server.cpuMsPerMove, floors: base.server.cpuMsPerMove },
      { key: 'p50', what: 'opponent p50', unit: 'ms', mine: step.latency.player.p50, floors: base.latency.player.p50 },
      { key: 'p99', what: 'opponent p99', unit: 'ms', mine: step.latency.player.p99, floors: base.latency.player.p99 },
      { key: 'rssPerGameKB', what: 'RSS per game', unit: 'KB', mine: step.server.rssPerGameKB, floors: base.server.rssPerGameKB },
      { key: 'liveHeapPerGameKB', what: 'live heap per game', unit: 'KB', mine: step.server.liveHeapPerGameKB, floors: base.server.liveHeapPerGameKB },
      { key: 'openMs', what: `open ${step.open.games} games`, unit: 'ms', mine: step.open.ms, floors: base.open.ms },
    ];
    const ratios = { games: step.games } as Ratios;
    for (const row of rows) ratios[row.key] = ratio(row.mine, row.floors);
    all.push(ratios);
    console.log([
      `games ${step.games}: ${'this server'.padStart(12)} ${'floor'.padStart(12)} ${'÷ floor'.padStart(8)}`,
      ...rows.map((row) => `  ${row.what.padEnd(20)}${cell(row.mine, row.unit)} ${cell(row.floors, row.unit)} ${String(ratios[row.key] ?? '?').padStart(8)}`),
    ].join('\n'));
  }
  return all;
}

function printStep(side: Side, step: StepResult): void {
  const { player, spectator } = step.latency;
  console.log([
    `${NAME[side]}: games ${step.games} (${step.games * (2 + step.spectatorsPerGame)} clients), ${step.movesPerSecond} moves/s over ${step.seconds} s`,
    `  opponent  p50 ${player.p50}  p95 ${player.p95}  p99 ${player.p99}  max ${player.max} ms  (${player.count} moves)`,
    `  spectator p50 ${spectator.p50}  p95 ${spectator.p95}  p99 ${spectator.p99}  max ${spectator.max} ms`,
    step.gamesReplaced > 0
      ? `  ${step.gamesReplaced} games ended and were replaced; their joins p50 ${step.joinMs.p50} p99 ${step.joinMs.p99} ms; errors ${JSON.stringify(step.errors)}`
      : `  joins p50 ${step.joinMs.p50} p99 ${step.joinMs.p99} ms; errors ${JSON.stringify(step.errors)}`,
    `  server cpu ${step.server.cpuPercent} % (${step.server.systemCpuPercent} % in the kernel), ${step.server.cpuMsPerMove} ms/move (${step.server.cpuMsPerMoveAboveIdle} above the idle server's), event-loop delay p99 ${step.server.loopDelay.p99} max ${step.server.loopDelay.max} ms; rss ${step.server.rssMB} MB, ${step.server.rssPerGameKB} KB/game (${step.server.rssPerAddedGameKB === null ? 'no games added since the last step' : `${step.server.rssPerAddedGameKB} KB per game added since the last step`}); heap ${step.server.heapMB} MB, live ${step.server.liveHeapMB} MB (${step.server.liveHeapPerGameKB ?? '?'} KB/game)`,
    ...(step.server.threads ? [`  server threads: main ran ${step.server.threads.mainRunPercent} % and waited for the CPU ${step.server.threads.mainWaitPercent} % of the time; the other threads ran ${step.server.threads.othersRunPercent} %`] : []),
    `  server gc: ${(['minor', 'major', 'incremental'] as const).map((kind) => {
      const gc = step.server.gc[kind];
      return `${kind} ${gc.count}× ${gc.ms} ms (${gc.over10ms} over 10 ms, ${gc.over100ms} over 100 ms)`;
    }).join(', ')}`,
    ...(side === 'server' ? [`  journal: ${step.server.journal.batchesPerSecond} writes/s, ${step.server.journal.itemsPerBatch} actions each`] : []),
    `  load generator (${step.loader.processes} processes): cpu ${step.loader.cpuPercent} %, worst event-loop delay p99 ${step.loader.loopDelay.p99} max ${step.loader.loopDelay.max} ms`,
  ].join('\n'));
}

await main();
process.exit(process.exitCode ?? 0);
