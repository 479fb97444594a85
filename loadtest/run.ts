/**
 * `npm run loadtest -- <scenario> [@colyseus/loadtest options] [scenario options]`:
 * scenarios `chess` and `lobby`; see each file. @colyseus/loadtest draws a terminal UI, so run
 * it in a terminal; `npm run bench` is the headless measurement.
 */
import { cli } from '@colyseus/loadtest';

const scenarios = { chess: './chess.ts', lobby: './lobby.ts' } as const;
const name = process.argv[2] as keyof typeof scenarios;
if (!(name in scenarios)) {
  console.error(`usage: npm run loadtest -- ${Object.keys(scenarios).join('|')} --endpoint ws://host:2567 --numClients N [...]`);
  process.exit(2);
}
process.argv.splice(2, 1);
if (!process.argv.includes('--room') && !process.argv.includes('--roomId')) process.argv.push('--room', name);
const { main } = await import(scenarios[name]) as { main: Parameters<typeof cli>[0] };
cli(main);
