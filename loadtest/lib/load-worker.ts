/**
 * One process of the benchmark's load generator (forked by bench.ts with an IPC channel): it
 * owns a share of the games, opens them when told, and reports what its receivers measured.
 * Several of these keep each heap small, so one process's garbage collection pauses only its
 * own share of the clients instead of adding its length to every latency sample.
 *
 * It plays against the project's server through the SDK (`protocol: 'colyseus'`) or against the
 * benchmark's floor (`'relay'`, loadtest/floor/): the same games, pace and measurements.
 *
 * Parent → worker: `open { count }`, `start`, `stop`, `close`.
 * Worker → parent: `ready` (its guests signed in, on the project's server), `opened`, `sample { ... }` (after `stop`), `closed`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { relayEndpoint } from '../floor/relay-client.ts';
import { LoadGame, type GameEndpoint, type GameEvents } from './chess-game.ts';
import { colyseusEndpoint } from './colyseus-endpoint.ts';
import { longGame } from './moves.ts';
import { guests } from './players.ts';
import { LOOP_RESOLUTION_MS } from './server.ts';

/** Which server the games are played on: the project's (its rooms, through the SDK) or the floor's relay. */
export type Protocol = 'colyseus' | 'relay';

export interface WorkerOptions { url: string; protocol: Protocol; spectators: number; pace: number; plies: number; batch: number; guests: number }

export type ToWorker = { op: 'open'; count: number } | { op: 'start' } | { op: 'stop' } | { op: 'close' };

export interface WorkerSample {
  op: 'sample';
  player: number[];
  spectator: number[];
  joins: number[];
  moves: number;
  replaced: number;
  errors: Record<string, number>;
  cpuMicros: number;
  loopP99Ms: number;
  loopMaxMs: number;
}

export type FromWorker = { op: 'ready' } | { op: 'opened' } | WorkerSample | { op: 'closed' };

const options = JSON.parse(process.env.LOAD_WORKER ?? '{}') as WorkerOptions;
const send = (message: FromWorker) => process.send!(message);

const line = longGame(300);
const endpoint: GameEndpoint = options.protocol === 'relay'
  ? relayEndpoint(options.url)
  : colyseusEndpoint(await guests(options.url, options.guests));
const games: LoadGame[] = [];
const errors: Record<string, number> = {};
let latencies = { player: [] as number[], spectator: [] as number[] };
let joins: number[] = [];
let moves = 0;
let replaced = 0;
let measuring = false;
let stopping = false;
let cpuBefore = process.cpuUsage();
let loop: ReturnType<typeof monitorEventLoopDelay> | undefined;

const events: GameEvents = {
  latency: (kind, ms) => { if (measuring) latencies[kind].push(ms); },
  error: (what) => { errors[what] = (errors[what] ?? 0) + 1; },
  moved: () => { if (measuring) moves += 1; },
  over: (game) => void replace(game),
};

/**
 * Opens game number `i` in its slot (its players are fixed by the slot). Without `plies` a game
 * plays the whole line. With it, a slot's first game is cut short at random and later ones last
 * half to one and a half times `plies`, so games of every age are in play and some end every
 * second.
 */
async function open(i: number, first: boolean): Promise<void> {
  const { plies } = options;
  const length = plies === 0 ? line.length
    : first ? 2 + Math.floor(Math.random() * (plies - 1)) : Math.round(plies * (0.5 + Math.random()));
  const game = new LoadGame(line, options.pace, Math.max(2, length), events);
  games[i] = game;
  try {
    const spectators = Array.from({ length: options.spectators }, (_, k) => i + 2 + k);
    await game.open(endpoint, { white: i, black: i + 1, spectators }, { time: { initial: 1800, increment: 0 } });
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

async function openUntil(count: number): Promise<void> {
  joins = [];
  while (games.length < count) {
    const first = games.length;
    const batch = Math.min(options.batch, count - first);
    games.length = first + batch;
    await Promise.all(Array.from({ length: batch }, (_, k) => open(first + k, true)));
  }
}

process.on('message', async (message: ToWorker) => {
  switch (message.op) {
    case 'open':
      await openUntil(message.count);
      send({ op: 'opened' });
      break;
    case 'start':
      latencies = { player: [], spectator: [] };
      if (options.plies > 0) joins = []; // with churn: the joins during the measurement
      moves = 0;
      replaced = 0;
      for (const key of Object.keys(errors)) delete errors[key];
      cpuBefore = process.cpuUsage();
      loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
      loop.enable();
      measuring = true;
      break;
    case 'stop': {
      measuring = false;
      const cpu = process.cpuUsage(cpuBefore);
      loop?.disable();
      send({
        op: 'sample', ...latencies, joins, moves, replaced, errors: { ...errors },
        cpuMicros: cpu.user + cpu.system,
        // Beyond the sampling interval, as for the server.
        loopP99Ms: Math.max(0, (loop?.percentile(99) ?? 0) / 1e6 - LOOP_RESOLUTION_MS),
        loopMaxMs: Math.max(0, (loop?.max ?? 0) / 1e6 - LOOP_RESOLUTION_MS),
      });
      break;
    }
    case 'close':
      stopping = true;
      await Promise.all(games.map((game) => game?.close()));
      send({ op: 'closed' });
      process.exit(0);
  }
});
send({ op: 'ready' });
