/**
 * A Captain's Mode hero draft under way survives its server: stopped gracefully (SIGTERM) or
 * killed (kill -9) mid-step, a real server process starts again on the same data, and the same
 * captains, with the stock SDK's automatic reconnection and nothing else, finish the same draft
 * in the same room; it is recorded once. The draft stood still while the server was away: the
 * turn under way was charged up to the stop (SIGTERM) or up to the last moment the journal knew
 * of (kill -9), and resumed with the usual 3 s countdown once both captains were back. Runs on
 * the database of the test run (PGlite in the server's DATA_DIR, or PostgreSQL).
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Room } from '@colyseus/sdk';
import type { DraftState } from '../../schema/DraftState.ts';
import { freePort, startServer, stopLeftover, type ServerProcess } from '../support/processes.ts';
import { reconnected, restartEnv, untilState as until } from '../support/restart.ts';

const HEROES = Array.from({ length: 30 }, (_, i) => `hero-${i + 1}`);
const GRACE_MS = 60_000;
const RESERVE_MS = 20_000;

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

/** The first hero of the pool nobody has picked or banned, as this client sees it. */
function freeHero(state: DraftState): string {
  const used = new Set([...state.teams].flatMap((team) => [...team.picks, ...team.bans]));
  return state.heroes.find((hero) => !used.has(hero))!;
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

describe('a hero draft across a restart of its server', function () {
  this.timeout(180_000);
  let dir: string;
  let server: ServerProcess | undefined;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'restart-draft-')); });
  afterEach(async () => {
    await stopLeftover(server);
    rmSync(dir, { recursive: true, force: true });
  });

  for (const stop of ['SIGTERM', 'SIGKILL'] as const) {
    it(`goes on at the same step after ${stop === 'SIGTERM' ? 'a graceful stop' : 'kill -9'}, and is recorded once`, async () => {
      const port = await freePort();
      const organiser = `org${randomInt(1e9)}`;
      const env = restartEnv(dir, port, { ADMIN_USERNAMES: organiser });
      server = startServer(env);
      await server.waitFor(/"msg":"listening"/, 45_000);
      const base = `http://127.0.0.1:${port}`;

      // The organiser creates the draft over REST; the captains join it with the stock SDK.
      const admin = await post(`${base}/api/auth/register`, { username: organiser, password: 'a long password' });
      assert.equal(admin.status, 201, JSON.stringify(admin.body));
      const captains = await Promise.all([guestCaptain(base), guestCaptain(base)]);
      const created = await post(`${base}/api/drafts`, {
        kind: 'heroes', heroes: HEROES, graceSeconds: GRACE_MS / 1000, reserveSeconds: RESERVE_MS / 1000,
        teams: [{ name: 'Ravens', captainId: captains[0].id }, { name: 'Owls', captainId: captains[1].id }],
      }, admin.body.token);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const roomId = created.body.roomId as string;
      const rooms: Array<Room<any, DraftState>> = [];
      for (const captain of captains) rooms.push(await captain.client.joinById<DraftState>(roomId));
      // The SDK reconnects only rooms joined at least `minUptime` ago (5 s by default).
      for (const room of rooms) room.reconnection.minUptime = 0;
      const errors: unknown[] = [];
      for (const room of rooms) room.onMessage('error', (message) => errors.push(message));
      const [watch] = rooms as [Room<any, DraftState>];

      await until(watch, (s) => s.status === 'choosing' && s.chooser >= 0, 'the coin flip');
      const winner = watch.state.coinWinner;
      rooms[winner]!.send('choose', { choice: 'first-pick' });
      await until(watch, (s) => s.chooser === 1 - winner, 'the first choice');
      rooms[1 - winner]!.send('choose', { choice: 'dire' });
      await until(watch, (s) => s.status === 'drafting', 'the draft to start');

      /** The captain on turn makes the step; resolves once both captains see it. */
      const step = async () => {
        const state = watch.state;
        const n = state.step;
        rooms[state.activeTeam]!.send(state.action, { heroId: freeHero(state) });
        await Promise.all(rooms.map((room) => until(room, (s) => s.step === n + 1, `step ${n + 1}`, 10_000)));
      };
      for (let i = 0; i < 9; i++) await step(); // 7 bans, then the first pick of each team
      const before = { ...seen(watch.state), version: watch.state.version, graceMs: watch.state.graceMs };
      assert.equal(before.step, 9);
      assert.equal(before.action, 'ban');

      const back = Promise.all(rooms.map(reconnected));
      server.child.kill(stop);
      const exit = await server.exited;
      if (stop === 'SIGTERM') {
        assert.equal(exit.code, 0, exit.stderr);
        assert.doesNotMatch(exit.stdout, /"msg":"draft recorded"/, 'the draft is suspended, not ended');
      }
      server = startServer(env);
      await server.waitFor(/"msg":"listening"/, 45_000);
      assert.match(server.output().stdout, /"restored":1,"failed":0/);
      await back;

      // Both captains are back: the turn counts down to resume with the time it had at the stop.
      const resumed = await until(watch, (s) => s.status === 'drafting' && s.countdownMs > 0, 'the draft back, counting down');
      assert.equal(rooms[0]!.roomId, rooms[1]!.roomId);
      const { version: _version, graceMs: _grace, ...same } = before;
      assert.deepEqual(seen(resumed), same, 'the same step, picks, bans and banks');
      assert.ok(resumed.version >= before.version, `version ${resumed.version} after ${before.version}`);
      if (stop === 'SIGKILL') {
        // The journal's last moment is the step that started this turn: none of its time is charged.
        assert.equal(resumed.graceMs, GRACE_MS);
      } else {
        // Charged up to the stop: at most what the captains last saw, less the moments until the stop.
        assert.ok(resumed.graceMs <= before.graceMs && resumed.graceMs > before.graceMs - 3000,
          `grace ${resumed.graceMs} ms after ${before.graceMs} ms`);
      }
      await until(watch, (s) => s.countdownMs === 0, 'the countdown', 10_000);

      while (watch.state.step < 24) {
        await step().catch((error: Error) => {
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
      const recordedLines = server.output().stdout.split('\n').filter((line) => line.includes('"msg":"draft recorded"'));
      assert.equal(recordedLines.length, 1);
      assert.match(recordedLines[0]!, /"created":true/);
      assert.deepEqual(errors, []);
    });
  }
});
