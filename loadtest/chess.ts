/**
 * Load on chess rooms (@colyseus/loadtest): clients in groups of 2 + S. In each group the first
 * creates a timed game, the second joins it, both play at --pace; the others are spectators who
 * watch for --watch seconds, leave, and come back.
 *
 *   npm run loadtest -- chess --endpoint ws://localhost:2567 --numClients 60 --pace 2000 --spectators 1
 */
import type { Options } from '@colyseus/loadtest';
import { parseArgs } from 'node:util';
import { autoplay } from './lib/autoplay.ts';
import { longGame } from './lib/moves.ts';
import { guests } from './lib/players.ts';

const { values } = parseArgs({ options: {
  pace: { type: 'string', default: '2000' },
  spectators: { type: 'string', default: '1' },
  watch: { type: 'string', default: '20' },
  initial: { type: 'string', default: '300' },
}, strict: false });
const pace = Number(values.pace);
const group = 2 + Number(values.spectators);
const line = longGame(300);
/** The room of each group, as its creator opens it. */
const rooms = new Map<number, Promise<string>>();
const opened = new Map<number, (roomId: string) => void>();

function roomOf(groupIndex: number): Promise<string> {
  if (!rooms.has(groupIndex)) rooms.set(groupIndex, new Promise((resolve) => opened.set(groupIndex, resolve)));
  return rooms.get(groupIndex)!;
}

export async function main(options: Options): Promise<void> {
  const [me] = await guests(options.endpoint, 1);
  const groupIndex = Math.floor(options.clientId / group);
  const role = options.clientId % group;
  for (;;) {
    if (role === 0) {
      const room = await me!.client.create('chess', { color: 'white', time: { initial: Number(values.initial), increment: 0 } });
      roomOf(groupIndex);
      opened.get(groupIndex)!(room.roomId);
      await autoplay(room, 'white', line, pace);
      rooms.delete(groupIndex);
      await room.leave();
    } else if (role === 1) {
      const room = await me!.client.joinById(await roomOf(groupIndex));
      await autoplay(room, 'black', line, pace);
      await room.leave();
    } else {
      const room = await me!.client.joinById(await roomOf(groupIndex), { spectate: true });
      room.onMessage('*', () => undefined);
      await new Promise((resolve) => setTimeout(resolve, Number(values.watch) * 1000));
      await room.leave();
    }
  }
}
