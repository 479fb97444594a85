import assert from 'node:assert/strict';
import type { Room } from '@colyseus/sdk';
import { lobbyOn, ownerPort, startCluster, until, visitor, type LobbyClient, type Node, type Visitor } from './cluster.ts';

interface Matched { roomId: string; color: 'white' | 'black'; reservation: unknown }

/** Both take the seats the lobby reserved and play a move each: the game runs, wherever it lives. */
async function play(first: [Visitor, Matched], second: [Visitor, Matched]): Promise<{ white: Room; black: Room }> {
  const rooms = await Promise.all([first, second].map(([who, matched]) => who.client.consumeSeatReservation(matched.reservation as never)));
  const white = first[1].color === 'white' ? rooms[0]! : rooms[1]!;
  const black = first[1].color === 'white' ? rooms[1]! : rooms[0]!;
  await until<any>(white, (s) => s.status === 'playing', 'the game to start');
  white.send('move', { san: 'e4' });
  await until<any>(black, (s) => s.ply === 1, 'white\'s move at black');
  black.send('move', { san: 'e5' });
  await until<any>(white, (s) => s.ply === 2, 'black\'s move at white');
  return { white, black };
}

async function liveAt(node: Node, roomId: string): Promise<boolean> {
  const live = await (await fetch(`${node.url}/api/live`)).json() as { games: Array<{ roomId: string }> };
  return live.games.some((game) => game.roomId === roomId);
}

describe('several processes as one server (Redis presence and driver)', function () {
  this.timeout(120_000);
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let a: Node;
  let b: Node;

  before(async () => {
    cluster = await startCluster(['a', 'b']);
    [a, b] = cluster.nodes as [Node, Node];
  });

  after(async () => {
    await cluster?.stop();
  });

  it('gives each process its own lobby', async () => {
    const [onA, onB] = await Promise.all([visitor(a), visitor(b)]);
    const [lobbyA, lobbyB] = await Promise.all([lobbyOn(onA), lobbyOn(onB)]);
    assert.notEqual(lobbyA.room.roomId, lobbyB.room.roomId);
    await Promise.all([lobbyA.room.leave(), lobbyB.room.leave()]);
  });

  it('lists on each process the rooms of both', async () => {
    const [onA, onB] = await Promise.all([visitor(a), visitor(b)]);
    const [lobbyA, lobbyB] = await Promise.all([lobbyOn(onA), lobbyOn(onB)]);
    const creators = await Promise.all([visitor(a), visitor(b), visitor(a), visitor(b)]);
    const rooms = await Promise.all(creators.map((someone) => someone.client.create('chess', { time: { initial: 300, increment: 0 } })));
    const processes = new Set<string>();
    const listedAt = async (lobby: LobbyClient) => {
      const seen = new Map<string, string>();
      while (rooms.some((room) => !seen.has(room.roomId))) {
        const [roomId, listing] = await lobby.inbox['+']!.next(10_000) as unknown as [string, { processId: string }];
        seen.set(roomId, listing.processId);
      }
      return seen;
    };
    const [seenByA, seenByB] = await Promise.all([listedAt(lobbyA), listedAt(lobbyB)]);
    for (const room of rooms) {
      assert.equal(seenByA.get(room.roomId), seenByB.get(room.roomId));
      processes.add(seenByA.get(room.roomId)!);
    }
    assert.equal(processes.size, 2, 'rooms were created on both processes, and both lobbies list them all');
    await Promise.all([...rooms.map((room) => room.leave()), lobbyA.room.leave(), lobbyB.room.leave()]);
  });

  it('pairs a seek made on one process with a player on the other; both reach the room and play', async () => {
    const [seeker, taker] = await Promise.all([visitor(a, 'registered'), visitor(b, 'registered')]);
    const [lobbyA, lobbyB] = await Promise.all([lobbyOn(seeker), lobbyOn(taker)]);
    lobbyA.room.send('seek', { game: 'chess', time: { initial: 180, increment: 2 }, rated: true });
    const { id } = await lobbyA.inbox['seek:created']!.next(10_000);
    let shown;
    do shown = await lobbyB.inbox['seek+']!.next(10_000); while (shown.id !== id);
    lobbyB.room.send('seek:accept', { id });
    const [forSeeker, forTaker] = await Promise.all([lobbyA.inbox.matched!.next(10_000), lobbyB.inbox.matched!.next(10_000)]);
    const { white } = await play([seeker, forSeeker as unknown as Matched], [taker, forTaker as unknown as Matched]);
    assert.equal((white.state as any).rated, true);
    await Promise.all([lobbyA.room.leave(), lobbyB.room.leave()]);
  });

  it('lets exactly one of two players on different processes take the same seek', async () => {
    const [seeker, first, second] = await Promise.all([visitor(a), visitor(a), visitor(b)]);
    const lobbies = await Promise.all([lobbyOn(seeker), lobbyOn(first), lobbyOn(second)]);
    lobbies[0].room.send('seek', { game: 'chess', time: { initial: 60, increment: 0 } });
    const { id } = await lobbies[0].inbox['seek:created']!.next(10_000);
    for (const lobby of lobbies.slice(1)) {
      let shown;
      do shown = await lobby.inbox['seek+']!.next(10_000); while (shown.id !== id);
    }
    lobbies[1].room.send('seek:accept', { id });
    lobbies[2].room.send('seek:accept', { id });
    await lobbies[0].inbox.matched!.next(10_000);
    const outcomes = await Promise.all(lobbies.slice(1).map((lobby) => Promise.race([
      lobby.inbox.matched!.next(10_000).then(() => 'matched'),
      lobby.inbox.error!.next(10_000).then((e) => e.code as string),
    ])));
    assert.equal(outcomes.filter((o) => o === 'matched').length, 1, outcomes.join());
    await Promise.all(lobbies.map((lobby) => lobby.room.leave()));
  });

  it('pairs quick-pairing players waiting on different processes within 2 s', async () => {
    const [onA, onB] = await Promise.all([visitor(a), visitor(b)]);
    const [lobbyA, lobbyB] = await Promise.all([lobbyOn(onA), lobbyOn(onB)]);
    lobbyA.room.send('queue', { pool: 'chess:3+2' });
    await lobbyA.inbox['queue:joined']!.next(10_000);
    const queuedAt = Date.now();
    lobbyB.room.send('queue', { pool: 'chess:3+2' });
    const [forA, forB] = await Promise.all([lobbyA.inbox.matched!.next(10_000), lobbyB.inbox.matched!.next(10_000)]);
    assert.ok(Date.now() - queuedAt < 2000, `paired after ${Date.now() - queuedAt} ms`);
    await play([onA, forA as unknown as Matched], [onB, forB as unknown as Matched]);
    await Promise.all([lobbyA.room.leave(), lobbyB.room.leave()]);
  });

  it('lets a spectator coming in through the other process watch a game', async () => {
    const [white, black] = await Promise.all([visitor(a), visitor(a)]);
    const whiteRoom = await white.client.create('chess', { color: 'white' });
    const blackRoom = await black.client.joinById(whiteRoom.roomId);
    await until<any>(whiteRoom, (s) => s.status === 'playing', 'the game to start');
    for (const through of [b, a]) {
      const spectator = await visitor(through);
      const watching = await spectator.client.joinById(whiteRoom.roomId, { spectate: true });
      await until<any>(whiteRoom, (s) => s.spectators === 1, `the spectator via ${through.name} counted`);
      const ply = (whiteRoom.state as any).ply as number;
      (ply % 2 === 0 ? whiteRoom : blackRoom).send('move', { san: ply % 2 === 0 ? 'Nf3' : 'Nf6' });
      await until<any>(watching, (s) => s.ply === ply + 1, `the spectator via ${through.name} sees the move`);
      await watching.leave();
      await until<any>(whiteRoom, (s) => s.spectators === 0, 'the spectator gone');
    }
    assert.ok(await liveAt(a, whiteRoom.roomId) && await liveAt(b, whiteRoom.roomId), 'both processes list the game as live');
    await Promise.all([whiteRoom.leave(), blackRoom.leave()]);
  });

  it('keeps serving its own rooms and lobby when the other process stops', async () => {
    const [white, black] = await Promise.all([visitor(a), visitor(b)]);
    const whiteRoom = await white.client.create('chess', { color: 'white' });
    const blackRoom = await black.client.joinById(whiteRoom.roomId);
    await until<any>(whiteRoom, (s) => s.status === 'playing', 'the game to start');
    const owner = await ownerPort(a, whiteRoom.roomId) === a.port ? a : b;
    const other = owner === a ? b : a;

    other.process.child.kill('SIGTERM');
    const exit = await other.process.exited;
    assert.equal(exit.code, 0);

    whiteRoom.send('move', { san: 'd4' });
    await until<any>(blackRoom, (s) => s.ply === 1, `a move on ${owner.name} after ${other.name} stopped`);
    const [seeker, taker] = await Promise.all([visitor(owner), visitor(owner)]);
    const [lobbyS, lobbyT] = await Promise.all([lobbyOn(seeker), lobbyOn(taker)]);
    lobbyS.room.send('seek', { game: 'chess', time: { initial: 60, increment: 0 } });
    const { id } = await lobbyS.inbox['seek:created']!.next(10_000);
    lobbyT.room.send('seek:accept', { id });
    const [forS, forT] = await Promise.all([lobbyS.inbox.matched!.next(10_000), lobbyT.inbox.matched!.next(10_000)]);
    await play([seeker, forS as unknown as Matched], [taker, forT as unknown as Matched]);
    assert.equal((await fetch(`${owner.url}/ready`)).status, 200);
  });
});
