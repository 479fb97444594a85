/**
 * `npm run bench:restore`: how long a start takes to bring back N chess games in play. Writes a
 * journal of N games of `--plies` moves each (as rooms write it: the start, every move with its
 * time, each seat's connection) for a process name, then starts the real server under that name
 * and reads how long it took to restore them, before it listened (its "games in play restored"
 * log line), and the memory it then holds.
 *
 *   npm run bench:restore -- --games 1000
 *   npm run bench:restore -- --games 1000 --plies 80 --database postgres://postgres@127.0.0.1:5432/bench
 *   npm run bench:restore -- --games 1000 --profile prof/   # a CPU profile of the server's start
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config.ts';
import { Journal } from '../src/db/journal.ts';
import { nativeStatements } from '../src/db/native-statement.ts';
import { openDatabase } from '../src/db/orm.ts';
import { Chess } from 'chess.js';
import { ChessGame } from '../src/games/chess/game.ts';
import { createLogger } from '../src/log.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const NODE = 'restore-bench';

const { values: args } = parseArgs({
  options: {
    games: { type: 'string', default: '1000' },
    plies: { type: 'string', default: '40' },
    database: { type: 'string' },
    profile: { type: 'string' },
  },
});
const games = Number(args.games);
const plies = Number(args.plies);

/** A line of `plies` legal moves that does not end the game (a seeded pick each time), kept as rooms keep moves. */
function line(length: number): Array<{ uci: string; san: string; fen: string }> {
  const chess = new Chess();
  const ucis: string[] = [];
  for (let seed = 7; ucis.length < length; seed = (seed * 48271) % 2147483647) {
    const moves = chess.moves({ verbose: true });
    const move = moves[seed % moves.length]!;
    chess.move(move);
    if (chess.isGameOver()) throw new Error('the line ended the game: pick another seed');
    ucis.push(move.from + move.to + (move.promotion ?? ''));
  }
  const game = ChessGame.start() as ChessGame;
  return ucis.map((uci) => {
    const played = game.play({ uci });
    if (!played.ok) throw new Error(`the rules refuse ${uci}`);
    return { uci, san: played.move.san, fen: played.move.fen };
  });
}

async function writeJournal(dataDir: string, moves: Array<{ uci: string; san: string; fen: string }>): Promise<void> {
  const config = parseConfig({ DATA_DIR: dataDir, DATABASE_URL: args.database, LOG_LEVEL: 'warn' });
  const log = createLogger('warn');
  const database = await openDatabase(config.database, log);
  await database.migrate();
  // Games an earlier run left under this name would be restored too.
  await database.orm.em.fork().execute('delete from game_session where owner = ?', [NODE]);
  const journal = new Journal({ run: nativeStatements(database.orm), dir: join(dataDir, 'journal'), log });
  const started = Date.now() - 3_600_000;
  const settings = { control: { initialMs: 600_000, incrementMs: 0 }, color: 'white', fen: 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1', rated: false };
  const writes: Promise<void>[] = [];
  for (let g = 0; g < games; g++) {
    const id = randomUUID();
    const players = { white: { id: randomUUID(), username: `w${g}`, guest: true }, black: { id: randomUUID(), username: `b${g}`, guest: true } };
    writes.push(journal.open({ id, kind: 'chess', roomId: `r${g.toString(36).padStart(8, '0')}`, players: [players.white.id, players.black.id], setup: { settings, players }, owner: NODE, startedAt: started }));
    let seq = 0;
    const keep = (entry: unknown, at: number) => writes.push(journal.append({ sessionId: id, seq: ++seq, at, entry }));
    keep({ seat: 'white', connection: { sessionId: `sw${g}`, token: `tw${g}` } }, started);
    keep({ seat: 'black', connection: { sessionId: `sb${g}`, token: `tb${g}` } }, started);
    keep({ seat: null, event: { type: 'start' } }, started);
    moves.forEach((move, ply) => keep({ seat: ply % 2 === 0 ? 'white' : 'black', event: { type: 'move', ...move, lag: 0 } }, started + (ply + 1) * 5000));
  }
  await Promise.all(writes);
  await journal.close();
  await database.close();
}

async function timeRestart(dataDir: string): Promise<{ restoreMs: number; readMs: number; startMs: number; restored: number; rssMb: number; heapMb: number }> {
  const started = performance.now();
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const profile = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
  const child = spawn(process.execPath, [...profile, MAIN], {
    env: {
      PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_NAME: NODE, LOG_LEVEL: 'info',
      JWT_SECRET: randomBytes(32).toString('hex'), ...(args.database ? { DATABASE_URL: args.database } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const restoredLine = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const found = output.split('\n').find((line) => line.includes('"msg":"games in play restored"'));
      if (found && output.includes('"msg":"listening"')) resolve(found);
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output.slice(-3000)}`)));
  });
  const startMs = performance.now() - started;
  const { restored, ms, readMs } = JSON.parse(restoredLine) as { restored: number; ms: number; readMs: number };
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const gauge = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)`, 'm').exec(metrics)?.[1] ?? NaN);
  // A profile is written when the process exits by itself (a graceful stop).
  child.kill(args.profile ? 'SIGTERM' : 'SIGKILL');
  if (args.profile) await new Promise((resolve) => child.once('exit', resolve));
  return { restoreMs: ms, readMs, startMs, restored, rssMb: gauge('process_resident_memory_bytes') / 2 ** 20, heapMb: gauge('nodejs_heap_size_used_bytes') / 2 ** 20 };
}

const dataDir = mkdtempSync(join(tmpdir(), 'restore-bench-'));
try {
  const moves = line(plies);
  const writing = performance.now();
  await writeJournal(dataDir, moves);
  console.log(`journal of ${games} games × ${plies} plies written in ${Math.round(performance.now() - writing)} ms`);
  const result = await timeRestart(dataDir);
  console.log(JSON.stringify({ games, plies, database: args.database ? 'postgresql' : 'pglite', ...result, restoreMs: Math.round(result.restoreMs), startMs: Math.round(result.startMs), rssMb: Math.round(result.rssMb), heapMb: Math.round(result.heapMb) }));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
