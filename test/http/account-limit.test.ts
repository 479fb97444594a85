/**
 * The new-account limit on a server process of its own (the suite's server allows a great many, as its
 * tests make guests freely): ACCOUNT_LIMIT=3 behind one trusted proxy, so each test address is the
 * one the proxy appends to X-Forwarded-For. With REDIS_URL set the counts live in Redis, and the
 * addresses are new on every run (Redis keeps counts for 10 minutes).
 */
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Player } from '../../src/db/entities/index.ts';
import { openDatabase } from '../../src/db/orm.ts';
import { createLogger } from '../../src/log.ts';
import { freePort, startServer, stopLeftover, type ServerProcess } from '../support/processes.ts';

const JWT_SECRET = 'account-limit-test-secret-account-limit-test';

function address(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

describe('the new-account limit (a server process with ACCOUNT_LIMIT=3)', function () {
  this.timeout(60_000);
  let dataDir: string;
  let server: ServerProcess;
  let port: number;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'account-limit-'));
    port = await freePort();
    server = startServer({
      PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, JWT_SECRET, LOG_LEVEL: 'info',
      ACCOUNT_LIMIT: '3', TRUST_PROXY: '1', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    });
    await server.waitFor(/"msg":"listening"/, 45_000);
  });

  after(async () => {
    await stopLeftover(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const guestFrom = async (forwardedFor: string) => {
    const response = await fetch(`http://127.0.0.1:${port}/api/auth/guest`, { method: 'POST', headers: { 'x-forwarded-for': forwardedFor } });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() as any };
  };

  const register = async (forwardedFor: string, token?: string) => {
    const response = await fetch(`http://127.0.0.1:${port}/api/auth/register`, {
      method: 'POST',
      headers: { 'x-forwarded-for': forwardedFor, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ username: `u${randomUUID().slice(0, 12)}`, password: 'a long password' }),
    });
    return { status: response.status, body: await response.json() as any };
  };

  it('lets one address make 3 new accounts (guests or registrations) per 10 minutes, then answers 429 RATE_LIMITED with Retry-After', async () => {
    const crowded = address();
    const other = address();
    // What a client puts in front is not its address: the trusted proxy's last entry is.
    const guests = [];
    for (let i = 0; i < 2; i++) {
      const made = await guestFrom(`${address()}, ${crowded}`);
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body.player.guest, true);
      guests.push(made.body.token as string);
    }
    assert.equal((await register(crowded)).status, 201, 'a registration is a new account too');
    const refused = await guestFrom(crowded);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'RATE_LIMITED');
    assert.match(refused.body.error.message, /too many new accounts from this address; try again in \d+ s/);
    const seconds = Number(refused.retryAfter);
    assert.ok(Number.isInteger(seconds) && seconds > 0 && seconds <= 600, `Retry-After: ${refused.retryAfter}`);
    assert.equal((await guestFrom(`${address()}, ${crowded}`)).status, 429, 'a spoofed first entry does not help');
    assert.equal((await register(crowded)).status, 429, 'nor does registering instead');
    assert.equal((await register(crowded, guests[0])).status, 201, 'a guest registering (no new account) is not counted');

    assert.equal((await guestFrom(other)).status, 201, 'another address is counted apart');
    assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);

    // The refusals are a client's doing: a warning, not an error with a stack.
    const refusals = server.output().stdout.split('\n').filter((line) => line.includes('"status":429'));
    assert.equal(refusals.length, 3, server.output().stdout);
    for (const line of refusals) {
      const entry = JSON.parse(line) as { level: string; err?: unknown };
      assert.equal(entry.level, 'warn', line);
      assert.equal(entry.err, undefined, line);
    }

    server.child.kill('SIGTERM');
    const exit = await server.exited;
    assert.equal(exit.code, 0, exit.stderr);
    const database = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') }, createLogger('silent'));
    try {
      const em = database.orm.em.fork();
      assert.deepEqual([await em.count(Player, { guest: true }), await em.count(Player, { guest: false })], [2, 2],
        'the refused requests made no account: one guest of two was converted, one player registered, and another address\'s guest');
    } finally {
      await database.close();
    }
  });
});
