/**
 * What a hostile client can make the server write, read from a real server process's output: bad
 * frames are at most one JSON warning per connection (never an error with a stack, never a line
 * that is not JSON), and the most verbose log level still carries no password hash.
 */
import assert from 'node:assert/strict';
import { Client, type Room } from '@colyseus/sdk';
import { pack } from 'msgpackr';
import { freePort, guestToken, type ServerProcess, startServer, stopLeftover } from './support/processes.ts';

const JWT_SECRET = 'logs-test-secret-logs-test-secret-logs-test';

interface LogLine { level: string; component?: string; msg: string; err?: unknown }

function parsed(stdout: string): LogLine[] {
  return stdout.split('\n').filter(Boolean).map((line) => {
    try {
      return JSON.parse(line) as LogLine;
    } catch {
      throw new Error(`a log line is not JSON: ${line}`);
    }
  });
}

describe('what clients can make the server log (a server process)', function () {
  this.timeout(60_000);
  let server: ServerProcess | undefined;

  afterEach(async () => {
    await stopLeftover(server);
    server = undefined;
  });

  async function start(level: string): Promise<string> {
    const port = await freePort();
    server = startServer({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: 'memory://', JWT_SECRET, LOG_LEVEL: level });
    await server.waitFor(/"msg":"listening"/, 45_000);
    return `http://127.0.0.1:${port}`;
  }

  it('writes at most one JSON warning per connection for oversize, undecodable and forbidden frames', async () => {
    const base = await start('info');
    const token = await guestToken(base);
    const client = new Client(base);
    client.auth.token = token;
    const game = await client.create('chess', {});
    const frames: Array<Buffer | string> = [
      Buffer.alloc(5 * 1024, 13), // over the 4 KB frame limit
      Buffer.from([13, 0xa3, 0xff, 0xfe, 0x61]), // a message type that is not UTF-8
      Buffer.concat([Buffer.from([13, 0xa4]), Buffer.from('move'), Buffer.from([0x92, 0x01])]), // a payload cut short
      'a text frame',
      Buffer.from([13, 0xa4, ...Buffer.from('move'), ...pack({ uci: 'e2e4' }), 0x01]), // bytes after the payload
    ];
    for (const frame of frames) {
      const watcher = new Client(base);
      watcher.auth.token = token;
      const room: Room = await watcher.joinById(game.roomId, { spectate: true });
      room.reconnection.enabled = false;
      const closed = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
      const socket = (room.connection as unknown as { transport: { ws: WebSocket } }).transport.ws;
      for (let i = 0; i < 3; i++) socket.send(frame); // the same offence, three times on one connection
      assert.ok([1002, 1003, 1009].includes(await closed), 'closed as documented');
    }
    await fetch(`${base}/health`);
    server!.child.kill('SIGTERM');
    const exit = await server!.exited;
    assert.equal(exit.code, 0, exit.stderr);
    assert.equal(exit.stderr, '', 'nothing on stderr');
    const lines = parsed(exit.stdout);
    assert.deepEqual(lines.filter((line) => line.level === 'error' || line.level === 'fatal'), []);
    const warnings = lines.filter((line) => line.component === 'socket');
    assert.equal(warnings.length, frames.length, 'one warning per connection');
    for (const warning of warnings) {
      assert.equal(warning.level, 'warn');
      assert.equal(warning.err, undefined, 'with no stack');
    }
  });

  it('logs queries at trace level, but never their parameters: no password or hash of one', async () => {
    const base = await start('trace');
    const password = 'correct horse battery staple';
    const username = `trace${Date.now().toString(36).slice(-6)}`;
    const json = { 'content-type': 'application/json' };
    assert.equal((await fetch(`${base}/api/auth/register`, { method: 'POST', headers: json, body: JSON.stringify({ username, password }) })).status, 201);
    assert.equal((await fetch(`${base}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ username, password }) })).status, 200);
    await server!.waitFor(/"component":"orm".*select/i);
    const stdout = server!.output().stdout;
    const lines = parsed(stdout);
    assert.ok(lines.some((line) => line.component === 'orm' && /insert into "player"/i.test(line.msg)), 'the queries are logged');
    assert.doesNotMatch(stdout, /scrypt\$/, 'no password hash');
    assert.ok(!stdout.includes(password), 'no password');
  });
});
