import assert from 'node:assert/strict';
import { configureCors } from '../../src/http/cors.ts';
import { api, eventually, guest, harness } from '../support/harness.ts';
import { sdkClient } from '../support/sdk.ts';

function sample(metrics: string, name: string, roomType: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{room_type="${roomType}"}`));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  await eventually(async () => ((await check()) ? true : undefined), what);
}

describe('operations endpoints (PROTOCOL §7)', () => {
  it('GET /health answers 200 while the process is up', async () => {
    const response = await api('/health');
    assert.equal(response.status, 200);
    assert.equal(response.body.status, 'ok');
  });

  it('GET /ready answers 200 when the database and the presence answer', async () => {
    const response = await api('/ready');
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { status: 'ready', checks: { database: 'ok', presence: 'ok' } });
  });

  it('GET /ready answers 503 once the process is shutting down', async () => {
    const rt = harness().app.runtime;
    rt.shuttingDown = true;
    try {
      const response = await api('/ready');
      assert.equal(response.status, 503);
      assert.equal(response.body.status, 'shutting-down');
    } finally {
      rt.shuttingDown = false;
    }
  });

  it('GET /metrics has the process metrics and counts rooms and clients by room type', async () => {
    const before = await api('/metrics');
    assert.equal(before.status, 200);
    assert.match(before.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(before.body, /^process_cpu_user_seconds_total /m);
    assert.match(before.body, /^nodejs_heap_size_used_bytes /m);
    assert.equal(sample(before.body, 'game_rooms', 'probe'), 0);

    const { token } = await guest();
    const room = await sdkClient(token).joinOrCreate('probe');
    await room.waitForMessage('welcome');
    const during = (await api('/metrics')).body;
    assert.equal(sample(during, 'game_rooms', 'probe'), 1);
    assert.equal(sample(during, 'game_clients', 'probe'), 1);

    await room.leave();
    await until(async () => sample((await api('/metrics')).body, 'game_rooms', 'probe') === 0, 'the room to be disposed');
    assert.equal(sample((await api('/metrics')).body, 'game_clients', 'probe'), 0);
  });

  describe('errors', () => {
    it('answers an unknown route with 404 and the JSON error shape', async () => {
      const response = await api('/api/no-such-thing');
      assert.equal(response.status, 404);
      assert.deepEqual(response.body, { error: { code: 'NOT_FOUND', message: 'no route for GET /api/no-such-thing' } });
    });

    it('answers malformed JSON with 400 INVALID_JSON', async () => {
      const response = await api('/api/auth/login', { method: 'POST', body: '{"username": "a",' });
      assert.equal(response.status, 400);
      assert.equal(response.body.error.code, 'INVALID_JSON');
    });

    it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
      const response = await api('/api/auth/register', { method: 'POST', body: { username: 'big', password: 'x'.repeat(20 * 1024) } });
      assert.equal(response.status, 413);
      assert.equal(response.body.error.code, 'PAYLOAD_TOO_LARGE');
    });

    it('still serves after bad requests', async () => {
      assert.equal((await api('/health')).status, 200);
    });
  });

  describe('CORS', () => {
    afterEach(() => configureCors(harness().app.runtime.config.corsOrigins));

    it('allows any origin by default, without credentials', async () => {
      const response = await api('/health', { headers: { origin: 'https://anywhere.example' } });
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      assert.equal(response.headers.get('access-control-allow-credentials'), null);
    });

    it('answers preflights for the matchmaker and the API', async () => {
      for (const path of ['/matchmake/joinOrCreate/probe', '/api/auth/login']) {
        const response = await fetch(`http://127.0.0.1:${process.env.TEST_PORT}${path}`, {
          method: 'OPTIONS',
          headers: { origin: 'https://anywhere.example', 'access-control-request-method': 'POST' },
        });
        assert.equal(response.status, 204, path);
        assert.match(response.headers.get('access-control-allow-headers') ?? '', /Authorization/);
      }
    });

    it('with a list of origins, allows exactly those', async () => {
      configureCors(['https://play.example.com']);
      const allowed = await api('/health', { headers: { origin: 'https://play.example.com' } });
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://play.example.com');
      assert.match(allowed.headers.get('vary') ?? '', /Origin/);
      const other = await api('/health', { headers: { origin: 'https://evil.example.com' } });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    });
  });
});
