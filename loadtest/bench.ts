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
 *
 * A server it pins to one core runs with `--single-threaded-gc` (`--parallel-gc` keeps V8's
 * default of four GC worker threads, which then share that core with the main thread).
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
import { gcBetween, hasTaskset, pinSelf, scrape, startBenchServer, type BenchServer, type GcKind, type GcPauses, type ServerSample } from './lib/server.ts';
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
  },
});

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
  // concurrent GC workers would only take turns with it on that core (docs/performance.md).
  const singleThreadedGc = hasTaskset() && !args.url && !args['parallel-gc'];
  const nodeArgs = [
    ...(singleThreadedGc ? ['--single-threaded-gc'] : []),
    ...(args['node-args']?.split(/\s+/).filter(Boolean) ?? []),
  ];
  const env: Record<string, string> = { JOURNAL: args.journal, JOURNAL_DELAY: args['journal-delay'], ...(args.database ? { DATABASE_URL: args.database } : {}) };
  const server: BenchServer | undefined = args.url ? undefined : await startBenchServer({ cpu: 0, nodeArgs, env });
  const url = args.url ?? server!.url;
  const loaderCount = args.loaders ? Number(args.loaders) : Math.min(8, Math.max(1, Math.ceil(Math.max(...steps) / 1000)));
  const loaders = await Loaders.start(loaderCount, {
    url, spectators: spectatorsPerGame, pace, plies: Number(args.plies), batch: Math.max(1, Math.round(Number(args.batch) / loaderCount)), guests: 64,
  });
  await server?.collectGarbage();
  const baseline = await scrape(url);
  // What the server costs with no game at all (metrics, the embedded database, timers), so the
  // CPU of a move can be told apart from the fixed cost that few games spread over few moves.
  await sleep(IDLE_SECONDS * 1000);
  const idle = await scrape(url);
  const idleCpuPercent = ((idle.cpuSeconds - baseline.cpuSeconds) / ((idle.at - baseline.at) / 1000)) * 100;
  console.log(`idle server (no games, ${IDLE_SECONDS} s): cpu ${round1(idleCpuPercent)} %`);
  const results: StepResult[] = [];
  let capacity = 0;
  let previous = { rssBytes: baseline.rssBytes, games: 0 };

  try {
    for (const target of steps) {
      await loaders.open(target);
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
      if (args.profile) await server?.stopProfile(join(args.profile, `chess-${target}.cpuprofile`));
      if (args['heap-profile']) await server?.stopHeapProfile(join(args['heap-profile'], `chess-${target}.heapprofile`));
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
      printStep(result);
      const held = result.latency.player.p99 <= bound && Object.keys(result.errors).length === 0;
      if (held) capacity = target;
      if (args.ramp && !held) break;
    }
  } finally {
    await loaders.close();
    await server?.stop();
  }

  const report = {
    when: new Date().toISOString(),
    machine: { cpus: availableParallelism(), model: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version },
    pinned: { server: server?.pinned ?? false, loader: loaderPinned },
    serverNodeArgs: nodeArgs,
    p99BoundMs: bound,
    idleCpuPercent: round1(idleCpuPercent),
    capacity: results.length > 1 || args.ramp ? capacity : undefined,
    steps: results,
  };
  if (args.out) writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  if (report.capacity !== undefined) console.log(`capacity at p99 ≤ ${bound} ms: ${capacity} games`);
  const failed = results.some((step) => Object.keys(step.errors).length > 0 || step.movesPerSecond === 0);
  if (args.smoke && failed) {
    console.error('smoke run failed: errors or no moves');
    process.exitCode = 1;
  }
}

function printStep(step: StepResult): void {
  const { player, spectator } = step.latency;
  console.log([
    `games ${step.games} (${step.games * (2 + step.spectatorsPerGame)} clients), ${step.movesPerSecond} moves/s over ${step.seconds} s`,
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
    `  journal: ${step.server.journal.batchesPerSecond} writes/s, ${step.server.journal.itemsPerBatch} actions each`,
    `  load generator (${step.loader.processes} processes): cpu ${step.loader.cpuPercent} %, worst event-loop delay p99 ${step.loader.loopDelay.p99} max ${step.loader.loopDelay.max} ms`,
  ].join('\n'));
}

await main();
process.exit(process.exitCode ?? 0);
