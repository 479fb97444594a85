/**
 * Several real server processes acting as one: the same PostgreSQL, the same Redis, and each its
 * own port and PUBLIC_ADDRESS, as in a deployment. Clients talk to a chosen process over HTTP;
 * the SDK then connects to whichever process owns the room.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Room } from '@colyseus/sdk';
import { Redis } from 'ioredis';
import { Inbox } from '../support/chess.ts';
import { freePort, startServer, type ServerProcess } from '../support/processes.ts';

export const JWT_SECRET = 'multinode-secret-multinode-secret-multinode';

export interface Node {
  name: string;
  port: number;
  url: string;
  process: ServerProcess;
}

/** The services this suite needs; it fails (it does not skip) without them. */
export function requiredServices(): { databaseUrl: string; redisUrl: string } {
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!databaseUrl?.startsWith('postgres') || !redisUrl) {
    throw new Error('the multi-node suite needs DATABASE_URL (PostgreSQL: the processes share it) and REDIS_URL; ' +
      `got DATABASE_URL=${databaseUrl ? 'set' : 'unset'}, REDIS_URL=${redisUrl ? 'set' : 'unset'}`);
  }
  return { databaseUrl, redisUrl };
}

/** Redis outlives runs: start from no lobby state, counters or room listings of earlier ones. */
export async function clearRedis(url: string): Promise<void> {
  const redis = new Redis(url);
  try {
    for (const pattern of ['lobby:*', 'login:*', 'accounts:*', 'joins:*', 'lease:*', 'adopting:*', 'roomcaches', 'roomcount', 'roomhistory']) {
      const keys = await redis.keys(pattern);
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    await redis.quit();
  }
}

export async function startCluster(names: string[], env: Record<string, string> = {}): Promise<{ nodes: Node[]; stop(): Promise<void> }> {
  const { databaseUrl, redisUrl } = requiredServices();
  await clearRedis(redisUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'cluster-'));
  const nodes: Node[] = [];
  for (const name of names) {
    const port = await freePort();
    const processHandle = startServer({
      PORT: String(port), HOST: '127.0.0.1', PUBLIC_ADDRESS: `127.0.0.1:${port}`,
      DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, JWT_SECRET, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SHUTDOWN_TIMEOUT: '10s', ACCOUNT_LIMIT: '1000000', JOIN_LIMIT: '1000000', ...env,
    });
    nodes.push({ name, port, url: `http://127.0.0.1:${port}`, process: processHandle });
  }
  // All start at once, as a deployment would: migrations are taken by one of them.
  await Promise.all(nodes.map((node) => waitUntilReady(node)));
  return {
    nodes,
    /** Stops every process still running; each must shut down gracefully (exit 0). */
    async stop() {
      const running = nodes.filter((node) => node.process.child.exitCode === null && node.process.child.signalCode === null);
      for (const node of running) node.process.child.kill('SIGTERM');
      const exits = await Promise.all(running.map((node) => node.process.exited));
      rmSync(dataDir, { recursive: true, force: true });
      exits.forEach((exit, i) => assert.equal(exit.code, 0, `node ${running[i]!.name} did not shut down cleanly: ${exit.stderr}${exit.stdout.slice(-2000)}`));
    },
  };
}

async function waitUntilReady(node: Node): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (node.process.child.exitCode !== null) {
      const { stdout, stderr } = node.process.output();
      assert.fail(`node ${node.name} exited: ${stderr}${stdout}`);
    }
    try {
      if ((await fetch(`${node.url}/ready`)).status === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`node ${node.name} was not ready in 30 s`);
}

export interface Visitor {
  username: string;
  id: string;
  token: string;
  /** An SDK client whose HTTP goes to this node. */
  client: Client;
}

export async function visitor(node: Node, kind: 'guest' | 'registered' = 'guest'): Promise<Visitor> {
  const response = kind === 'guest'
    ? await fetch(`${node.url}/api/auth/guest`, { method: 'POST' })
    : await fetch(`${node.url}/api/auth/register`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `m${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`.slice(0, 20), password: 'multinode password' }),
    });
  assert.equal(response.status, 201);
  const { token, player } = await response.json() as { token: string; player: { id: string; username: string } };
  const client = new Client(node.url);
  client.auth.token = token;
  return { username: player.username, id: player.id, token, client };
}

export interface LobbyClient {
  room: Room;
  inbox: Record<string, Inbox>;
}

export async function lobbyOn(someone: Visitor): Promise<LobbyClient> {
  const room = await someone.client.joinOrCreate('lobby');
  const inbox = Object.fromEntries(['rooms', '+', '-', 'seeks', 'seek+', 'seek-', 'seek:created', 'matched', 'error', 'queue:joined', 'stats']
    .map((type) => [type, new Inbox(room, type)]));
  await inbox.stats!.next(10_000);
  return { room, inbox };
}

/** Resolves once `predicate` holds for this room's state. */
export function until<S>(room: Room<any, S>, predicate: (state: S) => boolean, what: string, timeoutMs = 10_000): Promise<S> {
  const holds = () => { try { return room.state !== undefined && predicate(room.state); } catch { return false; } };
  if (holds()) return Promise.resolve(room.state);
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!holds()) return;
      clearTimeout(timer);
      room.onStateChange.remove(check);
      resolve(room.state);
    };
    const timer = setTimeout(() => { room.onStateChange.remove(check); reject(new Error(`timed out waiting for ${what}`)); }, timeoutMs);
    room.onStateChange(check);
  });
}

/** The port of the process that owns a room: the public address its seat reservations point to. */
export async function ownerPort(node: Node, roomId: string): Promise<number> {
  const someone = await visitor(node);
  const response = await fetch(`${node.url}/matchmake/joinById/${roomId}`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${someone.token}` },
    body: JSON.stringify({ spectate: true }),
  });
  const reservation = await response.json() as { publicAddress?: string };
  // Take the seat and leave: an unconsumed reservation would hold the room open for 15 s.
  const room = await someone.client.consumeSeatReservation(reservation as never);
  await room.leave();
  return Number((reservation.publicAddress ?? '').split(':')[1]);
}
