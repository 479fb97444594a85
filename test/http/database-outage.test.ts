/**
 * A database that cannot be reached, for real: a server process whose PostgreSQL is behind a
 * TCP proxy that the test cuts (every connection dropped, new ones refused) and then restores.
 * Needs PostgreSQL: on a PGlite run (DATABASE_URL not postgres://) it is skipped; CI runs the
 * suite on PostgreSQL too, where it runs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proxiedDatabase, type CuttableProxy } from '../support/cuttable-proxy.ts';
import { freePort, type ServerProcess, startServer, stopLeftover } from '../support/processes.ts';

const JWT_SECRET = 'database-outage-test-secret-database-outage';

interface LogLine { level: string; msg?: string; err?: unknown; component?: string; res?: { status: number } }

describe('a database that cannot be reached', function () {
  this.timeout(60_000);
  let proxy: CuttableProxy | undefined;
  let server: ServerProcess | undefined;
  let dataDir: string | undefined;

  after(async () => {
    await stopLeftover(server);
    await proxy?.cut();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is 503 DATABASE_UNAVAILABLE with Retry-After on every route that needs it (a warning, not a fault), and the server recovers', async function () {
    const databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl?.startsWith('postgres')) {
      // Needs a PostgreSQL to cut off; PGlite runs inside the process. Runs in CI's PostgreSQL pass.
      this.skip();
    }
    const proxied = await proxiedDatabase(databaseUrl, await freePort());
    proxy = proxied.proxy;

    const port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'outage-'));
    server = startServer({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: proxied.url, DATA_DIR: dataDir, JWT_SECRET, LOG_LEVEL: 'info' });
    await server.waitFor(/"msg":"listening"/, 45_000);
    const base = `http://127.0.0.1:${port}`;
    const call = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${base}${path}`, init);
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() as any };
    };

    const made = await call('/api/auth/guest', { method: 'POST' });
    assert.equal(made.status, 201);
    const { token, player } = made.body as { token: string; player: { username: string } };

    await proxy.cut();
    const logsBefore = server.output().stdout.length;
    const json = { 'content-type': 'application/json' };
    const requests: Array<[string, RequestInit]> = [
      ['/api/auth/guest', { method: 'POST' }],
      ['/api/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ username: 'somebody', password: 'whatever' }) }],
      ['/api/auth/register', { method: 'POST', headers: json, body: JSON.stringify({ username: 'outage1', password: 'long enough' }) }],
      ['/api/me', { headers: { authorization: `Bearer ${token}` } }],
      [`/api/players/${player.username}`, {}],
      ['/api/leagues', {}],
      ['/api/leaderboard/blitz', {}],
    ];
    for (const [path, init] of requests) {
      const response = await call(path, init);
      assert.equal(response.status, 503, `${path}: ${JSON.stringify(response.body)}`);
      assert.deepEqual(response.body, { error: { code: 'DATABASE_UNAVAILABLE', message: 'the database cannot be reached; try again shortly' } });
      assert.equal(response.retryAfter, '5', path);
    }
    // The matchmaker too: a join whose player cannot be looked up is 503, not the driver's error.
    const joined = await call('/matchmake/joinOrCreate/lobby', { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: '{}' });
    assert.equal(joined.status, 503, JSON.stringify(joined.body));
    assert.deepEqual(joined.body, { code: 503, error: 'the database cannot be reached; try again shortly' });
    const ready = await call('/ready');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.status, 'not-ready');
    assert.notEqual(ready.body.checks.database, 'ok');
    assert.equal((await fetch(`${base}/health`)).status, 200);

    // The log reaches us through a pipe: wait for /ready's line, the last one asked for.
    await server.waitFor(/"url":"\/ready".*"status":503/);
    const lines = server.output().stdout.slice(logsBefore).split('\n').filter(Boolean).map((line) => JSON.parse(line) as LogLine);
    const errors = lines.filter((line) => line.level === 'error' || line.level === 'fatal');
    assert.deepEqual(errors, [], 'an unreachable database is not logged as a server fault');
    const answered = lines.filter((line) => line.component === 'http' && line.res?.status === 503);
    assert.equal(answered.length, requests.length + 1, 'every 503, /ready\'s included, is logged');
    for (const line of answered) {
      assert.equal(line.level, 'warn');
      assert.equal(line.err, undefined, 'with no made-up error and stack');
    }

    await proxy.restore();
    const again = await call('/api/auth/guest', { method: 'POST' });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal((await call('/ready')).status, 200);

    server.child.kill('SIGTERM');
    const exit = await server.exited;
    assert.equal(exit.code, 0, exit.stderr);
  });
});
