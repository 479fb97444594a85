/**
 * Many games moving as fast as their players can when the server is killed (kill -9): after the
 * restart, every move any client had received is there, none is applied twice, and the games
 * play on to their end of the line. Each game plays the same fixed line, so any lost or doubled
 * move shows as a game that is not a prefix of it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Room } from '@colyseus/sdk';
import type { ChessState } from '../../schema/ChessState.ts';
import { freePort, guestClient, startServer, stopLeftover, type ServerProcess } from '../support/processes.ts';
import { restartEnv } from '../support/restart.ts';

const LINE = 'e4 e5 Nf3 Nc6 Bb5 a6 Ba4 Nf6 O-O Be7 Re1 b5 Bb3 d6 c3 O-O h3 Nb8 d4 Nbd7 c4 c6 cxb5 axb5 Nc3 Bb7 Bg5 b4 Nb1 h6'.split(' ');
const GAMES = 16;

interface Player { room: Room<any, ChessState>; side: 'white' | 'black'; seen: number; reconnected: Promise<void> }

/** Plays this side's moves of LINE whenever it is its turn, and keeps the furthest ply it saw. */
function drive(player: Player): void {
  const nudge = () => {
    const state = player.room.state;
    if (!state || state.status !== 'playing') return;
    player.seen = Math.max(player.seen, state.ply);
    if (state.turn === player.side && state.ply < LINE.length) player.room.send('move', { san: LINE[state.ply]! });
  };
  player.room.onStateChange(nudge);
  player.room.onMessage('error', () => undefined); // refusals (not your turn yet, the rate) are expected
  // A move refused for the rate (or sent into the restart) is sent again.
  const timer = setInterval(nudge, 300);
  timer.unref();
  player.room.onLeave(() => clearInterval(timer));
}

describe('a flood of moves across many games when the server is killed', function () {
  this.timeout(180_000);
  let dir: string;
  let server: ServerProcess | undefined;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'flood-')); });
  afterEach(async () => {
    await stopLeftover(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no move any client received and applies none twice', async () => {
    const port = await freePort();
    const env = restartEnv(dir, port, {
      LOG_LEVEL: 'info', ACCOUNT_LIMIT: '1000000', JOIN_LIMIT: '1000000',
      // Writes gathered for 250 ms: a move shown before its write would be lost to the kill almost surely.
      JOURNAL_DELAY: '250ms',
    });
    server = startServer(env);
    await waitForPort(port);
    const base = `http://127.0.0.1:${port}`;
    const games: Array<[Player, Player]> = [];
    for (let i = 0; i < GAMES; i++) {
      const [a, b] = await Promise.all([guestClient(base), guestClient(base)]);
      const whiteRoom: Room<any, ChessState> = await a.create('chess', { color: 'white' });
      const blackRoom: Room<any, ChessState> = await b.joinById(whiteRoom.roomId);
      const pair = ([[whiteRoom, 'white'], [blackRoom, 'black']] as const).map(([room, side]) => {
        room.reconnection.minUptime = 0;
        return { room, side, seen: 0, reconnected: new Promise<void>((resolve) => room.onReconnect(() => resolve())) } satisfies Player;
      }) as [Player, Player];
      games.push(pair);
    }
    for (const pair of games) for (const player of pair) drive(player);

    // Kill it while the moves fly: once some game is a third of the way through.
    await until(() => games.some(([white]) => white.seen >= 10), 30_000);
    server.child.kill('SIGKILL');
    await server.exited;
    const seenBefore = games.map(([white, black]) => Math.max(white.seen, black.seen));
    const movesSeen = games.map(([white, black]) => (white.seen >= black.seen ? white : black).room.state.moves.length);

    server = startServer(env);
    const players = games.flat();
    const back = new Set<Player>();
    for (const player of players) void player.reconnected.then(() => back.add(player));
    await until(() => back.size === players.length, 60_000).catch(() => {
      throw new Error(`${players.length - back.size} of ${players.length} clients not reconnected; server:\n${server!.output().stdout.slice(-4000)}${server!.output().stderr.slice(-2000)}`);
    });
    for (const [i, [white]] of games.entries()) {
      const state = white.room.state;
      assert.ok(state.ply >= seenBefore[i]!, `game ${i}: ply ${state.ply} after a client saw ${seenBefore[i]}`);
      assert.ok(movesSeen[i]! <= state.moves.length);
      assert.deepEqual([...state.moves], LINE.slice(0, state.ply), `game ${i} is the line, no move lost or doubled`);
    }
    await until(() => games.every(([white, black]) => white.room.state.ply === LINE.length && black.room.state.ply === LINE.length), 90_000).catch(() => {
      const stuck = games.map(([white], i) => `${i}: ply ${white.room.state.ply}, ${white.room.state.status}, clock ${white.room.state.clock.running || 'stopped'}`);
      throw new Error(`games did not reach the end of the line: ${stuck.join('; ')}; server:\n${server!.output().stdout.slice(-4000)}`);
    });
    for (const [white] of games) assert.deepEqual([...white.room.state.moves], LINE);
  });
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/ready`)).status === 200) return;
    } catch { /* not yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not become ready');
}
