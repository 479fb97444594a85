/**
 * `npm run verify-dice -- <game id> [--url http://localhost:2567]`: fetches a finished
 * backgammon match from the REST API (`GET /api/games/:id`), checks that sha-256 of the revealed
 * seed is the commit published at the start, and recomputes every roll with `rollAt`
 * (docs/dice.md). Without `--url` it asks the server on this machine at `PORT` (from the
 * environment or `.env`, as `npm start` reads it; 2567 by default). Prints a line per mismatch and
 * a summary. Exit code 0 when everything matches, 1 when something does not, 2 on a usage or
 * fetch error.
 */
import { describeVerification, verifyMatchDice, type MatchDiceRecord } from '../src/games/backgammon/verify.ts';

/** The server on this machine, at the port `npm start` would use. */
export function defaultUrl(env: NodeJS.ProcessEnv): string {
  return `http://localhost:${env.PORT || 2567}`;
}
const USAGE = 'usage: npm run verify-dice -- <game id> [--url http://localhost:$PORT]';

export interface Io {
  fetch: typeof fetch;
  out: (line: string) => void;
  err: (line: string) => void;
}

const processIo: Io = {
  fetch: (...args) => fetch(...args),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

type Args = { id: string; url: string } | { error: string } | { help: true };

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Args {
  let id: string | undefined;
  let url = defaultUrl(env);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { help: true };
    if (arg === '--url') {
      const value = argv[++i];
      if (value === undefined) return { error: '--url needs a value' };
      url = value;
    } else if (arg.startsWith('--url=')) {
      url = arg.slice('--url='.length);
    } else if (arg.startsWith('-')) {
      return { error: `unknown option ${arg}` };
    } else if (id === undefined) {
      id = arg;
    } else {
      return { error: `one game id only (got ${id} and ${arg})` };
    }
  }
  if (id === undefined) return { error: 'the game id is missing' };
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { error: `--url must be http(s): ${url}` };
  } catch {
    return { error: `--url is not a URL: ${url}` };
  }
  return { id, url: url.replace(/\/+$/, '') };
}

/** Runs the check; returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const args = parseArgs(argv);
  if ('help' in args) { io.out(USAGE); return 0; }
  if ('error' in args) { io.err(`verify-dice: ${args.error}`); io.err(USAGE); return 2; }

  const address = `${args.url}/api/games/${encodeURIComponent(args.id)}`;
  let record: unknown;
  try {
    const response = await io.fetch(address, { headers: { accept: 'application/json' } });
    const body = await response.json().catch(() => undefined) as { error?: { message?: string } } | undefined;
    if (!response.ok) {
      io.err(`verify-dice: GET ${address} answered ${response.status}${body?.error?.message ? `: ${body.error.message}` : ''}`);
      return 2;
    }
    record = body;
  } catch (error) {
    io.err(`verify-dice: cannot fetch ${address}: ${(error as Error).message}`);
    return 2;
  }
  const view = record as { kind?: string } & Partial<MatchDiceRecord>;
  if (view?.kind !== 'backgammon' || !view.backgammon) {
    io.err(`verify-dice: game ${args.id} is not a backgammon match`);
    return 2;
  }
  const result = verifyMatchDice(view as MatchDiceRecord);
  for (const line of describeVerification(result, `match ${args.id}`)) io.out(line);
  return result.ok ? 0 : 1;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
