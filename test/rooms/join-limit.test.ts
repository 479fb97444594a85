/**
 * The matchmaking limit per player, on a server process of its own with JOIN_LIMIT=3 (the suite's
 * server allows a great many, as its tests join freely): a player who creates and joins rooms
 * faster is refused with 429 and creates nothing; other players are not affected.
 */
import assert from 'node:assert/strict';
import { freePort, guestClient, type ServerProcess, startServer, stopLeftover } from '../support/processes.ts';

const JWT_SECRET = 'join-limit-test-secret-join-limit-test-secret';

describe('the matchmaking limit (a server process with JOIN_LIMIT=3)', function () {
  this.timeout(60_000);
  let server: ServerProcess | undefined;

  after(() => stopLeftover(server));

  it('lets a player create or join 3 rooms a minute, then refuses with 429 and creates nothing', async () => {
    const port = await freePort();
    server = startServer({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: 'memory://', JWT_SECRET, LOG_LEVEL: 'info', JOIN_LIMIT: '3' });
    await server.waitFor(/"msg":"listening"/, 45_000);
    const base = `http://127.0.0.1:${port}`;
    const [flooder, other] = await Promise.all([guestClient(base), guestClient(base)]);
    const first = await flooder.create('chess', {});
    await other.joinById(first.roomId); // the game starts: the flooder has a game in play
    await flooder.joinOrCreate('lobby');
    await flooder.create('backgammon', {});
    await assert.rejects(flooder.create('chess', {}), (error: { code: number; message: string }) =>
      error.code === 429 && /too many rooms created or joined; try again in \d+ s/.test(error.message));
    await assert.rejects(flooder.joinById(first.roomId, { spectate: true }), (error: { code: number }) => error.code === 429);
    // A seat reservation for a game in play counts as a join too.
    const gamesInPlay = () => fetch(`${base}/api/me/games`, { headers: { authorization: `Bearer ${flooder.auth.token}` } });
    let answer = await gamesInPlay();
    for (let attempt = 0; answer.status === 200 && attempt < 100; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20)); // until the game's journal session is written
      answer = await gamesInPlay();
    }
    assert.equal(answer.status, 429);
    const lobby = await other.joinOrCreate('lobby');
    const listed = await lobby.waitForMessage('rooms') as Array<{ name: string }>;
    assert.deepEqual(listed.map((room) => room.name).sort(), ['backgammon', 'chess'], 'the refused create made no room; another player joins as before');
    const lines = server.output().stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { level: string });
    assert.deepEqual(lines.filter((line) => line.level === 'error'), [], 'a refused flood is no fault');
  });
});
