/**
 * A process that dies and never comes back does not take its games with it: once its lease has
 * lapsed, a peer adopts them (the journal says whose they are), restores them under the same room
 * ids, and the players resume through the stock SDK's `client.reconnect(token)` sent to the peer.
 */
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, type Room } from '@colyseus/sdk';
import { ownerPort, startCluster, until, visitor, type Node } from './cluster.ts';

/** How long black thinks before the process dies. */
const THINKING_MS = 2500;

describe('games of a process gone for good (Redis, PostgreSQL)', function () {
  this.timeout(120_000);
  let cluster: Awaited<ReturnType<typeof startCluster>> | undefined;

  after(async () => {
    await cluster?.stop();
  });

  it('are adopted by another process, where the players resume them with client.reconnect', async () => {
    cluster = await startCluster(['a', 'b'], { LEASE_TTL: '2s', LOG_LEVEL: 'info' });
    const [a, b] = cluster.nodes as [Node, Node];
    const [white, black] = await Promise.all([visitor(a), visitor(a)]);
    const whiteRoom: Room<any, any> = await white.client.create('chess', { color: 'white', time: { initial: 300, increment: 0 } });
    const blackRoom: Room<any, any> = await black.client.joinById(whiteRoom.roomId);
    await until(whiteRoom, (s) => s.status === 'playing', 'the game to start');
    for (const [i, [room, san]] of ([[whiteRoom, 'e4'], [blackRoom, 'e5'], [whiteRoom, 'Nf3']] as const).entries()) {
      room.send('move', { san });
      await until(blackRoom, (s) => s.ply === i + 1, `ply ${i + 1}`);
    }
    const owner = await ownerPort(a, whiteRoom.roomId) === a.port ? a : b;
    const survivor = owner === a ? b : a;
    const tokens = { white: whiteRoom.reconnectionToken, black: blackRoom.reconnectionToken };
    // The SDK would retry the dead process by itself: these clients give up on it and go to the survivor.
    for (const room of [whiteRoom, blackRoom]) room.reconnection.enabled = false;
    const blackBefore = blackRoom.state.clock.black as number;
    await delay(THINKING_MS); // black thinks (real time: the dead process's last heartbeat counts)

    owner.process.child.kill('SIGKILL');
    await owner.process.exited;
    // Its name in the journal is its host and port. (Games of processes of earlier runs may be adopted too.)
    const from = `"from":"${hostname()}:${owner.port}"`;
    const adopted = await survivor.process.waitFor(new RegExp(`${from}.*"msg":"adopted the games in play of a process that is gone"`), 30_000);
    assert.match(adopted, /"moved":1,"restored":1,"failed":0/);

    const back = async (token: string, who: typeof white): Promise<Room<any, any>> => {
      const client = new Client(survivor.url);
      client.auth.token = who.token;
      return client.reconnect(token).catch((error: Error) => {
        throw new Error(`${error.message}\nsurvivor:\n${survivor.process.output().stdout.slice(-5000)}`);
      });
    };
    const [whiteAgain, blackAgain] = [await back(tokens.white, white), await back(tokens.black, black)];
    assert.equal(whiteAgain.roomId, whiteRoom.roomId);
    const state = await until(blackAgain, (s) => s.ply === 3 && s.status === 'playing', 'the adopted game');
    assert.deepEqual([...state.moves], ['e4', 'e5', 'Nf3']);
    // Black is charged the time thought until the last heartbeat of the dead process (a second
    // before it died at most, a little more on a slow machine), not the seconds the adoption
    // took (LEASE_TTL and more).
    const charged = blackBefore - state.clock.black;
    assert.ok(charged >= THINKING_MS - 1650 && charged < THINKING_MS + 1500, `black charged ${charged} ms for ${THINKING_MS} ms of thought`);
    blackAgain.send('move', { san: 'Nc6' });
    await until(whiteAgain, (s) => s.ply === 4 && s.clock.running === 'white', 'black\'s move on the adopting process');
    assert.equal(await ownerPort(survivor, whiteRoom.roomId), survivor.port);
  });
});
