/**
 * `npm run bench:journal`: what the journal of games in play (src/db/journal.ts) costs the
 * process by itself, away from the noise of a whole server. Appends like a server's rooms make
 * them (chess moves with their position, `--rate` a second spread evenly over `--sessions`
 * games) are handed to the real journal on the real database, and the process's CPU is compared
 * with the same pacing handing them to nothing, in alternating windows of the same run. The
 * difference, per action, is the journal's own cost: its JavaScript, the driver, the system
 * calls and the garbage they make.
 *
 *   npm run bench:journal -- --database postgres://postgres@127.0.0.1:5432/bench
 *   npm run bench:journal -- --database postgres://… --delay 5 --rate 1500 --sessions 3000
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config.ts';
import { Journal } from '../src/db/journal.ts';
import { nativeStatements } from '../src/db/native-statement.ts';
import { openDatabase } from '../src/db/orm.ts';
import { createLogger } from '../src/log.ts';
import { pinSelf } from './lib/server.ts';

const { values: args } = parseArgs({
  options: {
    database: { type: 'string' },
    rate: { type: 'string', default: '500' },
    sessions: { type: 'string', default: '1000' },
    delay: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '3' },
  },
});
const rate = Number(args.rate);
const sessionCount = Number(args.sessions);
const seconds = Number(args.seconds);
const OWNER = 'journal-cost-bench';

/** A move as a chess room keeps it. */
function entry(seq: number): unknown {
  return {
    seat: seq % 2 ? 'white' : 'black',
    event: { type: 'move', uci: 'g1f3', san: 'Nf3', fen: 'rnbqkbnr/pppp1ppp/8/4p3/4P3/5N2/PPPP1PPP/RNBQKB1R b KQkq - 1 2', lag: 12 },
  };
}

/** Hands `rate` appends a second to `sink` for `seconds`, evenly paced; returns the process CPU (ms) and the appends made. */
async function window(sink: (sessionId: string, seq: number) => void, sessions: string[], seqs: number[]): Promise<{ cpuMs: number; actions: number }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  let made = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - start;
      const due = Math.min(Math.floor((elapsed / 1000) * rate), seconds * rate);
      for (; made < due; made++) {
        const s = Math.floor(Math.random() * sessions.length);
        sink(sessions[s]!, ++seqs[s]!);
      }
      if (elapsed >= seconds * 1000) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, actions: made };
}

async function main(): Promise<void> {
  pinSelf(0);
  const dataDir = mkdtempSync(join(tmpdir(), 'journal-cost-'));
  const config = parseConfig({ DATA_DIR: dataDir, DATABASE_URL: args.database, LOG_LEVEL: 'warn' });
  const log = createLogger('warn');
  const database = await openDatabase(config.database, log);
  try {
    await database.migrate();
    await database.orm.em.fork().execute('delete from game_session where owner = ?', [OWNER]);
    const journal = new Journal({ run: nativeStatements(database.orm), dir: join(dataDir, 'journal'), delayMs: Number(args.delay), log });
    const sessions = Array.from({ length: sessionCount }, () => randomUUID());
    const seqs = sessions.map(() => 0);
    const now = Date.now();
    await Promise.all(sessions.map((id, i) => journal.open({ id, kind: 'chess', roomId: `jc${i}`, players: [], setup: {}, owner: OWNER, startedAt: now })));
    let failed = 0;
    const kept = (sessionId: string, seq: number) => {
      journal.append({ sessionId, seq, at: Date.now(), entry: entry(seq) }).catch(() => { failed += 1; });
    };
    const nothing = (sessionId: string, seq: number) => { entry(seq); };
    console.log(`${rate} actions/s over ${sessionCount} games, JOURNAL_DELAY ${args.delay} ms, ${config.database.kind}; windows of ${seconds} s`);
    const totals = { on: { cpuMs: 0, actions: 0 }, off: { cpuMs: 0, actions: 0 } };
    for (let round = 0; round < Number(args.rounds); round++) {
      for (const mode of ['off', 'on'] as const) {
        const flushes = journal.flushes;
        const result = await window(mode === 'on' ? kept : nothing, sessions, seqs);
        await journal.flush();
        totals[mode].cpuMs += result.cpuMs;
        totals[mode].actions += result.actions;
        const writes = (journal.flushes - flushes) / seconds;
        console.log(`  ${mode.padEnd(3)} cpu ${(result.cpuMs / seconds / 10).toFixed(1)} %, ${(result.cpuMs * 1000 / result.actions).toFixed(1)} µs/action${mode === 'on' ? `, ${writes.toFixed(0)} writes/s` : ''}`);
      }
    }
    const perAction = (totals.on.cpuMs / totals.on.actions - totals.off.cpuMs / totals.off.actions) * 1000;
    console.log(`journal: ${perAction.toFixed(1)} µs of CPU per action (${(perAction * rate / 1000).toFixed(1)} ms/s at ${rate} actions/s)${failed ? `; ${failed} appends failed` : ''}`);
    await journal.close();
    await database.orm.em.fork().execute('delete from game_session where owner = ?', [OWNER]);
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
