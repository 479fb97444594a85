/**
 * Load on the lobby and quick pairing (@colyseus/loadtest): every client joins the lobby,
 * queues in --pool, plays the game it is matched into at --pace, and queues again.
 *
 *   npm run loadtest -- lobby --endpoint ws://localhost:2567 --numClients 100 --pool chess:3+2
 */
import type { Options } from '@colyseus/loadtest';
import { parseArgs } from 'node:util';
import { autoplay } from './lib/autoplay.ts';
import { longGame } from './lib/moves.ts';
import { guests } from './lib/players.ts';

const { values } = parseArgs({ options: {
  pace: { type: 'string', default: '2000' },
  pool: { type: 'string', default: 'chess:3+2' },
}, strict: false });
const line = longGame(300);

interface Matched { reservation: unknown; color: 'white' | 'black' }

export async function main(options: Options): Promise<void> {
  const [me] = await guests(options.endpoint, 1);
  const lobby = await me!.client.joinOrCreate('lobby');
  lobby.onMessage('*', () => undefined);
  let onMatched: (match: Matched) => void = () => undefined;
  lobby.onMessage('matched', (match: Matched) => onMatched(match));
  for (;;) {
    const matched = new Promise<Matched>((resolve) => { onMatched = resolve; });
    lobby.send('queue', { pool: values.pool });
    const { reservation, color } = await matched;
    const room = await me!.client.consumeSeatReservation(reservation as never);
    await autoplay(room, color, line, Number(values.pace));
    await room.leave();
  }
}
