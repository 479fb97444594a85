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
 *
 * Games are opened `--batch` at a time (20) while the others play; the measurement starts after
 * all are open and `--warmup` seconds have passed. With `--plies 80` (about the average lichess
 * game) a game resigns at its length and a new one takes its place, as on a live server: games
 * of every age, with joins and game records going on during the measurement. By default (0)
 * games play on.
 */
import { availableParallelism, cpus, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { LoadGame, type GameEvents } from './lib/chess-game.ts';
import { longGame } from './lib/moves.ts';
import { guests, type LoadPlayer } from './lib/players.ts';
import { pinSelf, scrape, startBenchServer, type BenchServer, type ServerSample } from './lib/server.ts';
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
    database: { type: 'string' },
    batch: { type: 'string', default: '20' },
    plies: { type: 'string', default: '0' },
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
    cpuPercent: number; cpuMsPerMove: number; rssMB: number; rssPerGameKB: number; heapMB: number;
    /** Heap after the last full GC (what is alive), and its growth per game over the idle server's. */
    liveHeapMB: number; liveHeapPerGameKB: number | null; clients: number;
  };
  /** The load generator's own CPU: near 100 % means the numbers measure it, not the server. */
  loaderCpuPercent: number;
  /** The load generator's event-loop delay (ms): when high, latencies include its own delays. */
  loaderLoopDelay: { p99: number; max: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const loaderPinned = !args.url && pinSelf(1);
  const nodeArgs = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
  const env: Record<string, string> = args.database ? { DATABASE_URL: args.database } : {};
  const server: BenchServer | undefined = args.url ? undefined : await startBenchServer({ cpu: 0, nodeArgs, env });
  const url = args.url ?? server!.url;
  const line = longGame(300);
  const players = await guests(url, 64);
  const baseline = await scrape(url);
  const games: LoadGame[] = [];
  const results: StepResult[] = [];
  let capacity = 0;
  const errors: Record<string, number> = {};
  let latencies = { player: [] as number[], spectator: [] as number[] };
  let moves = 0;
  let measuring = false;
  let joins: number[] = [];
  let replaced = 0;
  const pick = (i: number): LoadPlayer => players[i % players.length]!;
  const plies = Number(args.plies);
  const events: GameEvents = {
    latency: (kind, ms) => { if (measuring) latencies[kind].push(ms); },
    error: (what) => { errors[what] = (errors[what] ?? 0) + 1; },
    moved: () => { if (measuring) moves += 1; },
    over: (game) => void replace(game),
  };

  /**
   * Opens game number `i` in its slot (its players are fixed by the slot). A slot's first game
   * is cut short at random and later ones last half to one and a half times `--plies`, so games
   * of every age are in play and some end every second.
   */
  async function open(i: number, first: boolean): Promise<void> {
    const length = plies === 0 ? line.length
      : first ? 2 + Math.floor(Math.random() * (plies - 1)) : Math.round(plies * (0.5 + Math.random()));
    const game = new LoadGame(line, pace, Math.max(2, length), events);
    games[i] = game;
    try {
      const watchers = Array.from({ length: spectatorsPerGame }, (_, k) => pick(i + 2 + k));
      await game.open(pick(i), pick(i + 1), watchers, { time: { initial: 1800, increment: 0 } });
      joins.push(game.joinMs);
      game.start();
    } catch (error) {
      events.error(`join ${(error as Error).message}`);
    }
  }

  /** A finished game leaves, and a new one opens in its place. */
  async function replace(game: LoadGame): Promise<void> {
    const slot = games.indexOf(game);
    await game.close();
    if (slot < 0 || stopping) return;
    if (measuring) replaced += 1;
    await open(slot, false);
  }
  let stopping = false;
  let previousLive: { bytes: number; games: number } | undefined;

  try {
    for (const target of steps) {
      joins = [];
      // Open games in batches until there are `target`.
      while (games.length < target) {
        const first = games.length;
        const batch = Math.min(Number(args.batch), target - first);
        games.length = first + batch;
        await Promise.all(Array.from({ length: batch }, (_, k) => open(first + k, true)));
        if (games.length % 500 === 0) console.error(`  … ${games.length} games open`);
      }
      await sleep(Number(args.warmup) * 1000);
      latencies = { player: [], spectator: [] };
      if (plies > 0) joins = []; // with churn: the joins during the measurement
      replaced = 0;
      moves = 0;
      for (const key of Object.keys(errors)) delete errors[key];
      const before: ServerSample = await scrape(url);
      const loaderBefore = process.cpuUsage();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      measuring = true;
      await sleep(Number(args.duration) * 1000);
      measuring = false;
      const after = await scrape(url);
      const loaderCpu = process.cpuUsage(loaderBefore);
      loop.disable();
      const seconds = (after.at - before.at) / 1000;
      const cpuSeconds = after.cpuSeconds - before.cpuSeconds;
      const result: StepResult = {
        games: target, spectatorsPerGame, paceMs: pace, seconds: Math.round(seconds * 10) / 10,
        movesPerSecond: Math.round(moves / seconds),
        latency: { player: summarize(latencies.player), spectator: summarize(latencies.spectator) },
        joinMs: summarize(joins),
        gamesReplaced: replaced,
        errors: { ...errors },
        server: {
          cpuPercent: Math.round((cpuSeconds / seconds) * 1000) / 10,
          cpuMsPerMove: moves > 0 ? Math.round((cpuSeconds * 1000 / moves) * 1000) / 1000 : 0,
          rssMB: Math.round(after.rssBytes / 1048576),
          rssPerGameKB: Math.round((after.rssBytes - baseline.rssBytes) / 1024 / target),
          heapMB: Math.round(after.heapUsedBytes / 1048576),
          liveHeapMB: Math.round(after.liveHeapBytes / 1048576),
          // Growth of the live heap per added game since the previous step (the idle server's
          // live heap is unknown until its first full collection).
          liveHeapPerGameKB: previousLive && after.liveHeapBytes > 0
            ? Math.round((after.liveHeapBytes - previousLive.bytes) / 1024 / (target - previousLive.games)) : null,
          clients: after.clients,
        },
        loaderCpuPercent: Math.round(((loaderCpu.user + loaderCpu.system) / 1e6 / seconds) * 1000) / 10,
        loaderLoopDelay: { p99: Math.round(loop.percentile(99) / 1e5) / 10, max: Math.round(loop.max / 1e5) / 10 },
      };
      results.push(result);
      if (after.liveHeapBytes > 0) previousLive = { bytes: after.liveHeapBytes, games: target };
      printStep(result);
      const held = result.latency.player.p99 <= bound && Object.keys(result.errors).length === 0;
      if (held) capacity = target;
      if (args.ramp && !held) break;
    }
  } finally {
    stopping = true;
    await Promise.all(games.map((game) => game?.close()));
    await server?.stop();
  }

  const report = {
    when: new Date().toISOString(),
    machine: { cpus: availableParallelism(), model: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version },
    pinned: { server: server?.pinned ?? false, loader: loaderPinned },
    p99BoundMs: bound,
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
    `  server cpu ${step.server.cpuPercent} %, ${step.server.cpuMsPerMove} ms/move; rss ${step.server.rssMB} MB, ${step.server.rssPerGameKB} KB/game; heap ${step.server.heapMB} MB, live ${step.server.liveHeapMB} MB (${step.server.liveHeapPerGameKB ?? '?'} KB/game)`,
    `  load generator: cpu ${step.loaderCpuPercent} %, event-loop delay p99 ${step.loaderLoopDelay.p99} ms, max ${step.loaderLoopDelay.max} ms`,
  ].join('\n'));
}

await main();
process.exit(process.exitCode ?? 0);
