import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { LOGIN_LIMITS } from '../../src/auth/login-limiter.ts';
import { api, forgeToken, guest, uniqueName } from '../support/harness.ts';

const PASSWORD = 'correct horse battery';

async function register(username: string, password = PASSWORD, token?: string) {
  return api('/api/auth/register', { method: 'POST', body: { username, password }, ...(token ? { token } : {}) });
}

describe('identity (PROTOCOL §1)', () => {
  describe('guests', () => {
    it('POST /api/auth/guest answers 201 with a token and a guest player', async () => {
      const response = await api('/api/auth/guest', { method: 'POST' });
      assert.equal(response.status, 201);
      assert.equal(typeof response.body.token, 'string');
      assert.equal(response.body.player.guest, true);
      assert.match(response.body.player.username, /^Guest-/);
      assert.match(response.body.player.id, /^[0-9a-f-]{36}$/);
    });

    it('gives every guest its own id and name', async () => {
      const [a, b] = await Promise.all([guest(), guest()]);
      assert.notEqual(a.player.id, b.player.id);
      assert.notEqual(a.player.username, b.player.username);
    });

    it('GET /api/me with the guest token returns the guest with (no) ratings', async () => {
      const { token, player } = await guest();
      const me = await api('/api/me', { token });
      assert.equal(me.status, 200);
      assert.deepEqual({ id: me.body.id, username: me.body.username, guest: me.body.guest }, player);
      assert.deepEqual(me.body.ratings, {});
      assert.equal(me.body.admin, false);
    });
  });

  describe('register', () => {
    it('creates a registered player and answers 201 with a usable token', async () => {
      const name = uniqueName('reg');
      const response = await register(name);
      assert.equal(response.status, 201);
      assert.deepEqual({ username: response.body.player.username, guest: response.body.player.guest }, { username: name, guest: false });
      const me = await api('/api/me', { token: response.body.token });
      assert.equal(me.body.id, response.body.player.id);
    });

    it('converts the calling guest, keeping its id', async () => {
      const visitor = await guest();
      const name = uniqueName('conv');
      const response = await register(name, PASSWORD, visitor.token);
      assert.equal(response.status, 201);
      assert.equal(response.body.player.id, visitor.player.id);
      assert.equal(response.body.player.guest, false);
      const me = await api('/api/me', { token: response.body.token });
      assert.deepEqual({ id: me.body.id, username: me.body.username, guest: me.body.guest },
        { id: visitor.player.id, username: name, guest: false });
      const login = await api('/api/auth/login', { method: 'POST', body: { username: name, password: PASSWORD } });
      assert.equal(login.body.player.id, visitor.player.id);
    });

    it('refuses a name already taken, ignoring case, with 409', async () => {
      const name = uniqueName('dup');
      assert.equal((await register(name)).status, 201);
      const again = await register(name.toUpperCase());
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'USERNAME_TAKEN');
    });

    it('gives a name to only one of two simultaneous registrations', async () => {
      const name = uniqueName('race');
      const statuses = (await Promise.all([register(name), register(name), register(name)])).map((r) => r.status).sort();
      assert.deepEqual(statuses, [201, 409, 409]);
    });

    it('refuses a registered player\'s token: no second account through conversion', async () => {
      const first = await register(uniqueName('own'));
      const second = await register(uniqueName('own'), PASSWORD, first.body.token);
      assert.equal(second.status, 409);
      assert.equal(second.body.error.code, 'ALREADY_REGISTERED');
    });

    it('refuses a bad token instead of silently creating a new account', async () => {
      const response = await register(uniqueName('bad'), PASSWORD, 'not-a-token');
      assert.equal(response.status, 401);
      assert.equal(response.body.error.code, 'INVALID_TOKEN');
    });

    const badInputs: Array<[string, unknown, string]> = [
      ['a name too short', { username: 'ab', password: PASSWORD }, 'username'],
      ['a name too long', { username: 'a'.repeat(21), password: PASSWORD }, 'username'],
      ['a name with other characters', { username: 'bad name!', password: PASSWORD }, 'username'],
      ['a short password', { username: 'okname', password: 'short' }, 'password'],
      ['a missing password', { username: 'okname' }, 'password'],
      ['unknown fields', { username: 'okname', password: PASSWORD, admin: true }, ''],
    ];
    for (const [what, body, field] of badInputs) {
      it(`answers 400 INVALID_PAYLOAD to ${what}`, async () => {
        const response = await api('/api/auth/register', { method: 'POST', body });
        assert.equal(response.status, 400);
        assert.equal(response.body.error.code, 'INVALID_PAYLOAD');
        assert.ok(response.body.error.fields.some((f: { path: string }) => f.path === field), JSON.stringify(response.body));
      });
    }

    it('keeps guest names for guests', async () => {
      const response = await register('guest-lookalike');
      assert.equal(response.status, 400);
      assert.equal(response.body.error.code, 'USERNAME_RESERVED');
    });
  });

  describe('login', () => {
    it('answers 200 with a token for the right password, whatever the case of the name', async () => {
      const name = uniqueName('log');
      const created = await register(name);
      const response = await api('/api/auth/login', { method: 'POST', body: { username: name.toUpperCase(), password: PASSWORD } });
      assert.equal(response.status, 200);
      assert.equal(response.body.player.id, created.body.player.id);
      assert.equal((await api('/api/me', { token: response.body.token })).status, 200);
    });

    it('answers 401 to a wrong password and to an unknown name alike', async () => {
      const name = uniqueName('wrong');
      await register(name);
      const wrong = await api('/api/auth/login', { method: 'POST', body: { username: name, password: 'not the password' } });
      const unknown = await api('/api/auth/login', { method: 'POST', body: { username: uniqueName('nobody'), password: PASSWORD } });
      for (const response of [wrong, unknown]) {
        assert.equal(response.status, 401);
        assert.deepEqual(response.body.error, { code: 'INVALID_CREDENTIALS', message: 'wrong username or password' });
      }
    });

    it('locks a username with 429 after repeated failures, even for the right password', async () => {
      const name = uniqueName('lock');
      await register(name);
      for (let i = 0; i < LOGIN_LIMITS.perUsername.failures; i++) {
        const response = await api('/api/auth/login', { method: 'POST', body: { username: name, password: `guess ${i}!!` } });
        assert.equal(response.status, 401);
      }
      const blocked = await api('/api/auth/login', { method: 'POST', body: { username: name, password: PASSWORD } });
      assert.equal(blocked.status, 429);
      assert.equal(blocked.body.error.code, 'RATE_LIMITED');
      const retryAfter = Number(blocked.headers.get('retry-after'));
      assert.ok(retryAfter > 0 && retryAfter <= LOGIN_LIMITS.perUsername.windowSeconds, `Retry-After ${retryAfter}`);
      // Other names are not locked by it.
      const other = uniqueName('free');
      await register(other);
      assert.equal((await api('/api/auth/login', { method: 'POST', body: { username: other, password: PASSWORD } })).status, 200);
    });

    it('cannot log in as a guest (guests have no password)', async () => {
      const { player } = await guest();
      const response = await api('/api/auth/login', { method: 'POST', body: { username: player.username, password: PASSWORD } });
      assert.equal(response.status, 401);
    });
  });

  describe('GET /api/me', () => {
    it('answers 401 UNAUTHORIZED without a token', async () => {
      const response = await api('/api/me');
      assert.equal(response.status, 401);
      assert.equal(response.body.error.code, 'UNAUTHORIZED');
    });

    it('answers 401 to a tampered token', async () => {
      const { token } = await guest();
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const forgedPayload = Buffer.from(JSON.stringify({ ...claims, guest: false })).toString('base64url');
      const response = await api('/api/me', { token: `${header}.${forgedPayload}.${signature}` });
      assert.equal(response.status, 401);
      assert.equal(response.body.error.code, 'INVALID_TOKEN');
    });

    it('answers 401 to a token signed with another key', async () => {
      const { player } = await guest();
      const token = await forgeToken({ sub: player.id, expiresAt: Date.now() + 60_000, secret: 'another-secret-another-secret-another-secret' });
      assert.equal((await api('/api/me', { token })).body.error.code, 'INVALID_TOKEN');
    });

    it('answers 401 TOKEN_EXPIRED to an expired token', async () => {
      const { player } = await guest();
      const token = await forgeToken({ sub: player.id, expiresAt: Date.now() - 1000 });
      const response = await api('/api/me', { token });
      assert.equal(response.status, 401);
      assert.equal(response.body.error.code, 'TOKEN_EXPIRED');
    });

    it('answers 401 UNKNOWN_PLAYER to a valid token of a player who does not exist', async () => {
      const token = await forgeToken({ sub: randomUUID(), expiresAt: Date.now() + 60_000 });
      const response = await api('/api/me', { token });
      assert.equal(response.status, 401);
      assert.equal(response.body.error.code, 'UNKNOWN_PLAYER');
    });

    it('marks the configured admins', async () => {
      const name = uniqueName('x');
      const admin = await register('RootAdmin').then((r) => r.status === 201 ? r
        : api('/api/auth/login', { method: 'POST', body: { username: 'rootadmin', password: PASSWORD } }));
      assert.equal((await api('/api/me', { token: admin.body.token })).body.admin, true);
      const plain = await register(name);
      assert.equal((await api('/api/me', { token: plain.body.token })).body.admin, false);
    });
  });
});
