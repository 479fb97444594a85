import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BackgammonEvent } from '../../src/db/entities/index.ts';
import type { MatchEvent } from '../../src/games/backgammon/events.ts';
import { describeVerification, verifyMatchDice, type MatchDiceRecord } from '../../src/games/backgammon/verify.ts';
import { recordBackgammonMatch, type FinishedBackgammonMatch } from '../../src/services/backgammon-matches.ts';
import { main, parseArgs } from '../../scripts/verify-dice.ts';
import { BASE_URL } from '../support/harness.ts';
import { finishedRecord, newFinishedMatch, orm, playMatch } from '../support/backgammon-records.ts';

const SCRIPT = fileURLToPath(new URL('../../scripts/verify-dice.ts', import.meta.url));

/** The dice part of `GET /api/games/:id`, built from a record. */
function viewOf(match: FinishedBackgammonMatch, events: readonly MatchEvent[] = match.events): MatchDiceRecord {
  return { backgammon: { dice: match.dice, events: events.map((event, index) => ({ n: index + 1, ...event })) } };
}

function changeRoll(events: readonly MatchEvent[], index: number): MatchEvent[] {
  return events.map((event, i) => {
    if (i !== index) return event;
    if (event.type === 'roll') return { ...event, dice: [event.dice[0] % 6 + 1, event.dice[1]] as const };
    if (event.type === 'opening-roll') return { ...event, white: event.black, black: event.white };
    throw new Error(`event ${index} is no roll`);
  });
}

function runScript(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('verify-dice', () => {
  const played = playMatch({ seed: 202, matchLength: 3 });
  const players = { white: { id: 'w', username: 'w' }, black: { id: 'b', username: 'b' } };
  const record = finishedRecord(played, players);
  const rollIndexes = record.events.flatMap((event, index) => (event.type === 'roll' ? [index] : []));
  const openingIndexes = record.events.flatMap((event, index) => (event.type === 'opening-roll' && event.white !== event.black ? [index] : []));

  describe('verifyMatchDice (pure)', () => {
    it('accepts a real match: the commit holds and every roll, opening rolls included, is rollAt(k)', () => {
      const result = verifyMatchDice(viewOf(record));
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.mismatches, []);
      assert.equal(result.ok, true);
      assert.equal(result.commitOk, true);
      assert.equal(result.rolls, played.match.state.rolls, 'one k per opening-roll and roll event');
      assert.ok(openingIndexes.length >= 2, 'the match has several games');
      assert.ok(record.events.some((event) => event.type === 'opening-roll' && event.white === event.black), 'and a tied opening roll');
      assert.match(describeVerification(result).at(-1)!, /^OK: /);
    });

    it('reports a changed roll with its event number and k', () => {
      const index = rollIndexes[Math.floor(rollIndexes.length / 2)]!;
      const k = record.events.slice(0, index).filter((event) => event.type === 'roll' || event.type === 'opening-roll').length;
      const result = verifyMatchDice(viewOf(record, changeRoll(record.events, index)));
      assert.equal(result.ok, false);
      assert.equal(result.commitOk, true);
      assert.deepEqual(result.mismatches.map((m) => [m.n, m.k, m.type]), [[index + 1, k, 'roll']]);
      const lines = describeVerification(result, 'the match');
      assert.match(lines[0]!, new RegExp(`^mismatch: event ${index + 1}, roll k=${k}: `));
      assert.match(lines.at(-1)!, /^FAILED: 1 of \d+ rolls/);
    });

    it('reads an opening roll as [white, black]: swapped dice do not match', () => {
      const result = verifyMatchDice(viewOf(record, changeRoll(record.events, openingIndexes[1]!)));
      assert.deepEqual(result.mismatches.map((m) => m.type), ['opening-roll']);
    });

    it('fails a seed that is not the committed one, and a record that cannot be checked', () => {
      const other = { ...record, dice: { ...record.dice, commit: 'ab'.repeat(32) } };
      const wrongCommit = verifyMatchDice(viewOf(other));
      assert.deepEqual([wrongCommit.ok, wrongCommit.commitOk, wrongCommit.mismatches.length], [false, false, 0]);
      for (const dice of [
        { ...record.dice, seed: null },
        { ...record.dice, derivation: 'sha1-v0' },
        { ...record.dice, clientSeeds: { white: 'with space', black: 'x' } },
      ]) {
        const result = verifyMatchDice({ backgammon: { dice, events: viewOf(record).backgammon.events } } as MatchDiceRecord);
        assert.equal(result.ok, false);
        assert.equal(result.rolls, 0);
        assert.equal(result.problems.length, 1, JSON.stringify(result.problems));
      }
    });
  });

  describe('the script', () => {
    let recorded: FinishedBackgammonMatch;

    before(async () => {
      recorded = await newFinishedMatch({ seed: 303, matchLength: 3 });
      await recordBackgammonMatch({ orm: orm(), match: recorded });
    });

    it('exits 0 for a recorded match fetched from the server', async () => {
      const run = await runScript([recorded.id, '--url', BASE_URL]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^OK: the commit matches the seed and all \\d+ rolls of match ${recorded.id} match\\n$`));
    });

    it('asks the server at PORT when no --url is given, as npm start reads it', async () => {
      const port = new URL(BASE_URL).port;
      const run = await runScript([recorded.id], { PORT: port });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^OK: /);
      assert.deepEqual(parseArgs(['x'], {}), { id: 'x', url: 'http://localhost:2567' });
    });

    it('exits 1 with a line per mismatch once a stored roll has been changed', async () => {
      const tampered = await newFinishedMatch({ seed: 304, matchLength: 1 });
      await recordBackgammonMatch({ orm: orm(), match: tampered });
      const index = tampered.events.findIndex((event) => event.type === 'roll');
      const [changed] = changeRoll(tampered.events, index).slice(index, index + 1);
      await orm().em.fork().nativeUpdate(BackgammonEvent, { game: tampered.id, seq: index + 1 }, { event: changed });
      const run = await runScript([tampered.id, `--url=${BASE_URL}`]);
      assert.equal(run.code, 1, run.stderr);
      const lines = run.stdout.trim().split('\n');
      assert.equal(lines.length, 2, run.stdout);
      assert.match(lines[0]!, new RegExp(`^mismatch: event ${index + 1}, roll k=`));
      assert.match(lines[1]!, /^FAILED: 1 of \d+ rolls/);
    });

    it('exits 2 on usage errors, an unknown game, a chess game or an unreachable server', async () => {
      const out: string[] = [];
      const err: string[] = [];
      const io = (answer: () => Promise<Response>) => ({ fetch: answer as typeof fetch, out: (l: string) => out.push(l), err: (l: string) => err.push(l) });
      const never = () => Promise.reject(new Error('not called'));
      assert.equal(await main([], io(never)), 2);
      assert.equal(await main(['a', 'b'], io(never)), 2);
      assert.equal(await main(['a', '--port', '1'], io(never)), 2);
      assert.equal(await main(['a', '--url', 'ftp://x'], io(never)), 2);
      assert.equal(await main(['--help'], io(never)), 0);
      assert.equal(await main(['a'], io(() => Promise.reject(new TypeError('fetch failed')))), 2);
      assert.equal(await main(['a'], io(async () => Response.json({ kind: 'chess', moves: [] }))), 2);
      assert.match(err.at(-1)!, /not a backgammon match/);
      const unknown = await runScript([crypto.randomUUID(), '--url', BASE_URL]);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /answered 404/);
    });
  });
});
