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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * The rooms of each group, by game number: the creator opens game g, the second player joins
 * game g; spectators join the group's latest game.
 */
const rooms = new Map<string, { id: Promise<string>; open: (roomId: string) => void }>();
const latest = new Map<number, number>();

function gameOf(groupIndex: number, game: number) {
  const key = `${groupIndex}:${game}`;
  if (!rooms.has(key)) {
    let open!: (roomId: string) => void;
    const id = new Promise<string>((resolve) => { open = resolve; });
    rooms.set(key, { id, open });
  }
  return rooms.get(key)!;
}

export async function main(options: Options): Promise<void> {
  const [me] = await guests(options.endpoint, 1);
  const groupIndex = Math.floor(options.clientId / group);
  const role = options.clientId % group;
  for (let game = 0; ; game++) {
    if (role === 0) {
      const room = await me!.client.create('chess', { color: 'white', time: { initial: Number(values.initial), increment: 0 } });
      latest.set(groupIndex, game);
      gameOf(groupIndex, game).open(room.roomId);
      await autoplay(room, 'white', line, pace);
      rooms.delete(`${groupIndex}:${game - 1}`);
      await room.leave();
    } else if (role === 1) {
      const room = await me!.client.joinById(await gameOf(groupIndex, game).id);
      await autoplay(room, 'black', line, pace);
      await room.leave();
    } else {
      // The game may end between learning its id and joining: then try the group's next one.
      const room = await me!.client.joinById(await gameOf(groupIndex, latest.get(groupIndex) ?? 0).id, { spectate: true }).catch(() => undefined);
      if (room === undefined) {
        await sleep(1000);
        continue;
      }
      room.onMessage('*', () => undefined);
      await sleep(Number(values.watch) * 1000);
      if (room.connection.isOpen) await room.leave();
    }
  }
}
