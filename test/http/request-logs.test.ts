/**
 * What a client or a shutdown makes the server log, read from a real server process's output:
 * refusals a client caused and `/ready`'s 503 while shutting down are warnings without a stack;
 * only a genuine fault is an error.
 */
import assert from 'node:assert/strict';
import { Client } from '@colyseus/sdk';
import { freePort, PROBE_SERVER, type ServerProcess, startServer, stopLeftover } from '../support/processes.ts';

const JWT_SECRET = 'request-logs-test-secret-request-logs-test';

interface LogLine { level: string; component?: string; err?: unknown; req?: { url: string }; res?: { status: number }; status?: number }

describe('request logs (a server process)', function () {
  this.timeout(60_000);
  let server: ServerProcess | undefined;

  after(() => stopLeftover(server));

  it('logs client errors and /ready\'s 503 during a shutdown as warnings, with no stack', async () => {
    const port = await freePort();
    server = startServer({
      PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: 'memory://', JWT_SECRET, LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT: '3s',
    }, PROBE_SERVER);
    await server.waitFor(/"msg":"listening"/, 45_000);
    const base = `http://127.0.0.1:${port}`;

    const clientErrors: Array<[string, RequestInit, number]> = [
      ['/api/no-such-route', {}, 404],
      ['/api/games/%E0%A4%A', {}, 400],
      ['/api/players/ab%00cd', {}, 404],
      ['/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' }, 400],
      ['/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: '{}' }, 415],
      ['/api/auth/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"__proto__":{}}' }, 400],
      ['/matchmake/create/probe', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"constructor":1}' }, 400],
    ];
    for (const [path, init, status] of clientErrors) {
      assert.equal((await fetch(`${base}${path}`, init)).status, status, path);
    }

    // A room that ignores the shutdown keeps the process shutting down for SHUTDOWN_TIMEOUT.
    const client = new Client(base);
    client.auth.token = ((await (await fetch(`${base}/api/auth/guest`, { method: 'POST' })).json()) as { token: string }).token;
    const room = await client.joinOrCreate('probe', { holdOnShutdown: true });
    room.reconnection.enabled = false;
    await room.waitForMessage('welcome');
    server.child.kill('SIGTERM');
    await server.waitFor(/"msg":"stopping"/);
    const ready = await fetch(`${base}/ready`);
    assert.equal(ready.status, 503);
    assert.equal(((await ready.json()) as { status: string }).status, 'shutting-down');
    await server.exited;

    const lines = server.output().stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as LogLine);
    const refusals = lines.filter((line) => line.component === 'http' && (line.res?.status ?? line.status ?? 0) >= 400);
    assert.equal(refusals.length, clientErrors.length + 1, JSON.stringify(refusals));
    for (const line of refusals) {
      assert.equal(line.level, 'warn', JSON.stringify(line));
      assert.equal(line.err, undefined, JSON.stringify(line));
    }
    assert.ok(refusals.some((line) => line.req?.url === '/ready' && line.res?.status === 503), 'the 503 from /ready is among them');
  });
});
