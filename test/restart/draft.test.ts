/**
 * A Captain's Mode hero draft survives its server: stopped gracefully (SIGTERM) or killed
 * (kill -9), a real server process starts again on the same data, and the same captains finish
 * the same draft in the same room; it is recorded once. Runs on the database of the test run
 * (PGlite in the server's DATA_DIR, or PostgreSQL).
 *
 * - Under way, mid-step: the captains come back with the stock SDK's automatic reconnection and
 *   nothing else. The draft stood still while the server was away: the turn under way was
 *   charged up to the stop (SIGTERM) or up to the server's last heartbeat (kill -9: at most a
 *   second before), and resumed with the usual 3 s countdown once both captains were back.
 * - Still waiting for its captains, one of them in: it comes back waiting, under the same room
 *   id; the captain who was in comes back by the SDK's reconnection, the other finds it through
 *   GET /api/me/games and takes the seat reservation given there, and they draft to the end.
 *   (The waiting limit across a restart, on the injected clock: test/rooms/draft-restore.test.ts.)
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, type Room } from '@colyseus/sdk';
import type { DraftState } from '../../schema/DraftState.ts';
import { freePort, startServer, stopLeftover, type ServerProcess } from '../support/processes.ts';
import { reconnected, restartEnv, untilState as until } from '../support/restart.ts';
import { HEROES, freeHero } from '../support/hero-pool.ts';

const GRACE_MS = 60_000;
const RESERVE_MS = 20_000;
/**
 * How long the captain on turn thinks before the server stops (real time: this is a real
 * process's heartbeat, written every second, that a crash leaves behind).
 */
const THINKING_MS = 2500;

async function post(url: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A guest of the server at `base`: its player id and an SDK client carrying its token. */
async function guestCaptain(base: string): Promise<{ id: string; client: Client }> {
  const { status, body } = await post(`${base}/api/auth/guest`, {});
  assert.equal(status, 201, JSON.stringify(body));
  const client = new Client(base);
  client.auth.token = body.token;
  return { id: body.player.id, client };
}

/** The draft's server: started on `env`, listening. */
async function listening(env: Record<string, string>): Promise<ServerProcess> {
  const started = startServer(env);
  await started.waitFor(/"msg":"listening"/, 45_000);
  return started;
}

/** The organiser (an admin) and two guest captains of the server at `base`; the organiser creates the draft. */
async function heroDraft(base: string, organiser: string): Promise<{ roomId: string; captains: Array<{ id: string; client: Client }> }> {
  const admin = await post(`${base}/api/auth/register`, { username: organiser, password: 'a long password' });
  assert.equal(admin.status, 201, JSON.stringify(admin.body));
  const captains = await Promise.all([guestCaptain(base), guestCaptain(base)]);
  const created = await post(`${base}/api/drafts`, {
    kind: 'heroes', heroes: HEROES, graceSeconds: GRACE_MS / 1000, reserveSeconds: RESERVE_MS / 1000,
    teams: [{ name: 'Ravens', captainId: captains[0].id }, { name: 'Owls', captainId: captains[1].id }],
  }, admin.body.token);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { roomId: created.body.roomId as string, captains };
}

/** The captain on turn makes the step; resolves once both captains see it. */
async function step(rooms: Array<Room<any, DraftState>>): Promise<void> {
  const state = rooms[0]!.state;
  const n = state.step;
  rooms[state.activeTeam]!.send(state.action, { heroId: freeHero(state) });
  await Promise.all(rooms.map((room) => until(room, (s) => s.step === n + 1, `step ${n + 1}`, 10_000)));
}

/** The captains choose (the coin-flip winner first), then draft every step to the end. */
async function draftToTheEnd(rooms: Array<Room<any, DraftState>>, server: ServerProcess, errors: unknown[]): Promise<void> {
  const [watch] = rooms as [Room<any, DraftState>];
  await until(watch, (s) => s.status === 'choosing' && s.chooser >= 0, 'the coin flip');
  const winner = watch.state.coinWinner;
  rooms[winner]!.send('choose', { choice: 'first-pick' });
  await until(watch, (s) => s.chooser === 1 - winner, 'the first choice');
  rooms[1 - winner]!.send('choose', { choice: 'dire' });
  await until(watch, (s) => s.status === 'drafting', 'the draft to start');
  while (watch.state.step < 24) {
    await step(rooms).catch((error: Error) => {
      throw new Error(`${error.message}; errors ${JSON.stringify(errors)}; server:\n${server.output().stdout.slice(-3000)}`);
    });
  }
  await Promise.all(rooms.map((room) => until(room, (s) => s.status === 'completed', 'the end', 10_000)));
}

/** The server logged the draft recorded exactly once, and as a new record. */
function recordedOnce(server: ServerProcess): void {
  const lines = server.output().stdout.split('\n').filter((line) => line.includes('"msg":"draft recorded"'));
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /"created":true/);
}

/** What a captain sees of the draft that must come back as it was. */
function seen(state: DraftState) {
  return {
    step: state.step, activeTeam: state.activeTeam, action: state.action,
    picks: state.picks.map((pick) => [pick.n, pick.team, pick.action, pick.choice]),
    teams: state.teams.map((team) => ({ picks: [...team.picks], bans: [...team.bans], order: team.order, side: team.side })),
    reserveMs: state.teams.map((team) => team.reserveMs),
  };
}

/** Joins each captain's client to the draft, with the SDK's reconnection on at once, and collects their errors. */
async function joined(clients: Client[], roomId: string, errors: unknown[]): Promise<Array<Room<any, DraftState>>> {
  const rooms: Array<Room<any, DraftState>> = [];
  for (const client of clients) rooms.push(seated(await client.joinById<DraftState>(roomId), errors));
  return rooms;
}

/** The SDK reconnects only rooms joined at least `minUptime` ago (5 s by default): at once here. */
function seated(room: Room<any, DraftState>, errors: unknown[]): Room<any, DraftState> {
  room.reconnection.minUptime = 0;
  room.onMessage('error', (message) => errors.push(message));
  return room;
}

describe('a hero draft across a restart of its server', function () {
  this.timeout(180_000);
  let dir: string;
  let server: ServerProcess | undefined;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'restart-draft-')); });
  afterEach(async () => {
    await stopLeftover(server);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Stops the server with `stop`; a graceful stop exits cleanly without recording the draft. Then starts it again. */
  async function restart(stop: 'SIGTERM' | 'SIGKILL', env: Record<string, string>): Promise<ServerProcess> {
    server!.child.kill(stop);
    const exit = await server!.exited;
    if (stop === 'SIGTERM') {
      assert.equal(exit.code, 0, exit.stderr);
      assert.doesNotMatch(exit.stdout, /"msg":"draft recorded"/, 'the draft is suspended, not ended');
    }
    server = await listening(env);
    assert.match(server.output().stdout, /"restored":1,"failed":0/);
    return server;
  }

  for (const stop of ['SIGTERM', 'SIGKILL'] as const) {
    const how = stop === 'SIGTERM' ? 'a graceful stop' : 'kill -9';

    it(`goes on at the same step after ${how}, and is recorded once`, async () => {
      const port = await freePort();
      const organiser = `org${randomInt(1e9)}`;
      const env = restartEnv(dir, port, { ADMIN_USERNAMES: organiser });
      server = await listening(env);
      const base = `http://127.0.0.1:${port}`;

      // The organiser creates the draft over REST; the captains join it with the stock SDK.
      const { roomId, captains } = await heroDraft(base, organiser);
      const errors: unknown[] = [];
      const rooms = await joined(captains.map((captain) => captain.client), roomId, errors);
      const [watch] = rooms as [Room<any, DraftState>];

      await until(watch, (s) => s.status === 'choosing' && s.chooser >= 0, 'the coin flip');
      const winner = watch.state.coinWinner;
      rooms[winner]!.send('choose', { choice: 'first-pick' });
      await until(watch, (s) => s.chooser === 1 - winner, 'the first choice');
      rooms[1 - winner]!.send('choose', { choice: 'dire' });
      await until(watch, (s) => s.status === 'drafting', 'the draft to start');
      for (let i = 0; i < 9; i++) await step(rooms); // 7 bans, then the first pick of each team
      const before = { ...seen(watch.state), version: watch.state.version, graceMs: watch.state.graceMs };
      assert.equal(before.step, 9);
      assert.equal(before.action, 'ban');
      await delay(THINKING_MS);

      const back = Promise.all(rooms.map(reconnected));
      server = await restart(stop, env);
      await back;

      // Both captains are back: the turn counts down to resume with the time it had at the stop.
      const resumed = await until(watch, (s) => s.status === 'drafting' && s.countdownMs > 0, 'the draft back, counting down');
      assert.equal(rooms[0]!.roomId, rooms[1]!.roomId);
      const { version: _version, graceMs: _grace, ...same } = before;
      assert.deepEqual(seen(resumed), same, 'the same step, picks, bans and banks');
      assert.ok(resumed.version >= before.version, `version ${resumed.version} after ${before.version}`);
      // Charged the time thought until the stop (after kill -9: until the last heartbeat, at most a
      // second before), never the restart.
      const charged = before.graceMs - resumed.graceMs;
      // A beat every second; a slow machine may write the last one a little late (hence 1,600).
      const least = stop === 'SIGTERM' ? THINKING_MS : THINKING_MS - 1600;
      assert.ok(charged >= least - 50 && charged < THINKING_MS + 1500, `charged ${charged} ms for ${THINKING_MS} ms of thought`);
      await until(watch, (s) => s.countdownMs === 0, 'the countdown', 10_000);

      while (watch.state.step < 24) {
        await step(rooms).catch((error: Error) => {
          throw new Error(`${error.message}; errors ${JSON.stringify(errors)}; server:\n${server!.output().stdout.slice(-3000)}`);
        });
      }
      await Promise.all(rooms.map((room) => until(room, (s) => s.status === 'completed', 'the end', 10_000)));
      await server.waitFor(/"msg":"draft recorded"/);
      const stored = await (await fetch(`${base}/api/drafts/${roomId}`)).json() as any;
      assert.equal(stored.status, 'completed');
      assert.equal(stored.rounds.length, 24);
      assert.deepEqual(stored.rounds.slice(0, 9).map((round: any) => [round.n, round.team, round.action, round.choice]), before.picks);
      const types = stored.events.map((event: any) => event.type);
      for (const type of ['roll', 'choice', 'paused', 'resumed', 'completed']) assert.ok(types.includes(type), `event ${type} stored`);
      recordedOnce(server);
      assert.deepEqual(errors, []);
    });

    it(`is still there, waiting for its captains, after ${how}; they draft it to the end, and it is recorded once`, async () => {
      const port = await freePort();
      const organiser = `org${randomInt(1e9)}`;
      const env = restartEnv(dir, port, { ADMIN_USERNAMES: organiser });
      server = await listening(env);
      const base = `http://127.0.0.1:${port}`;
      const { roomId, captains } = await heroDraft(base, organiser);
      const errors: unknown[] = [];

      // One captain comes; the draft shows it once the journal has it (the connection is kept before).
      const [first] = await joined([captains[0]!.client], roomId, errors) as [Room<any, DraftState>];
      await until(first, (s) => s.version >= 2 && s.teams[0]!.connected, 'the first captain in');
      assert.equal(first.state.status, 'waiting');

      const back = reconnected(first);
      server = await restart(stop, env);
      await back;
      const restored = await until(first, (s) => s.version > 0 && s.teams[0]!.connected, 'the first captain back');
      assert.deepEqual([first.roomId, restored.status, restored.teams[1]!.connected], [roomId, 'waiting', false]);

      // The other captain finds the draft among their games in play, and takes the seat it offers.
      const inPlay = await fetch(`${base}/api/me/games`, { headers: { authorization: `Bearer ${captains[1]!.client.auth.token}` } });
      const { games } = await inPlay.json() as { games: Array<{ roomId: string; game: string; reservation: any }> };
      assert.deepEqual(games.map((game) => [game.roomId, game.game]), [[roomId, 'draft']]);
      const second = seated(await captains[1]!.client.consumeSeatReservation<DraftState>(games[0]!.reservation), errors);
      const rooms = [first, second];
      await draftToTheEnd(rooms, server, errors);

      await server.waitFor(/"msg":"draft recorded"/);
      const stored = await (await fetch(`${base}/api/drafts/${roomId}`)).json() as any;
      assert.deepEqual([stored.status, stored.rounds.length], ['completed', 24]);
      assert.ok(new Date(stored.startedAt) > new Date(stored.createdAt), 'started after the restart, created before');
      assert.deepEqual(stored.teams.map((team: any) => team.captain.id), captains.map((captain) => captain.id));
      recordedOnce(server);
      assert.deepEqual(errors, []);
      const after = await fetch(`${base}/api/me/games`, { headers: { authorization: `Bearer ${captains[1]!.client.auth.token}` } });
      assert.deepEqual(await after.json(), { games: [] }, 'no longer in play');
    });
  }
});
