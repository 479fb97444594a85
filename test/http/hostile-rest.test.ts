import assert from 'node:assert/strict';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { api, BASE_URL, uniqueName } from '../support/harness.ts';
import { adminToken, leagueName } from '../support/leagues.ts';

/** Every route with a path parameter, with what it answers for an id or name nobody has. */
const PATH_ROUTES: Array<{ method: string; path: (param: string) => string; status: number; code: string; admin?: boolean }> = [
  { method: 'GET', path: (p) => `/api/players/${p}`, status: 404, code: 'NOT_FOUND' },
  { method: 'GET', path: (p) => `/api/players/${p}/games`, status: 404, code: 'NOT_FOUND' },
  { method: 'GET', path: (p) => `/api/leaderboard/${p}`, status: 404, code: 'NOT_FOUND' },
  { method: 'GET', path: (p) => `/api/games/${p}`, status: 404, code: 'NOT_FOUND' },
  { method: 'GET', path: (p) => `/api/games/${p}/pgn`, status: 404, code: 'NOT_FOUND' },
  { method: 'GET', path: (p) => `/api/games/${p}/replay`, status: 404, code: 'NOT_FOUND' },
  { method: 'GET', path: (p) => `/api/games/${p}/mat`, status: 404, code: 'NOT_FOUND' },
  { method: 'GET', path: (p) => `/api/drafts/${p}`, status: 404, code: 'NOT_FOUND' },
  { method: 'GET', path: (p) => `/api/leagues/${p}`, status: 404, code: 'NO_SUCH_LEAGUE' },
  { method: 'GET', path: (p) => `/api/leagues/${p}/teams`, status: 404, code: 'NO_SUCH_LEAGUE' },
  { method: 'GET', path: (p) => `/api/leagues/${p}/standings`, status: 404, code: 'NO_SUCH_LEAGUE' },
  { method: 'POST', path: (p) => `/api/leagues/${p}/players`, status: 404, code: 'NO_SUCH_LEAGUE', admin: true },
  { method: 'POST', path: (p) => `/api/leagues/${p}/teams`, status: 404, code: 'NO_SUCH_LEAGUE', admin: true },
  { method: 'POST', path: (p) => `/api/leagues/${p}/matches`, status: 404, code: 'NO_SUCH_LEAGUE', admin: true },
];

let admin: string;

async function leagueNames(): Promise<string[]> {
  return (await api('/api/leagues')).body.leagues.map((league: { name: string }) => league.name);
}

/** POSTs raw bytes (as a client that compresses would). */
async function postRaw(path: string, body: Uint8Array, headers: Record<string, string>) {
  const response = await fetch(`${BASE_URL}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: await response.json() as { error: { code: string; message: string } } };
}

describe('REST: hostile requests', () => {
  before(async () => {
    admin = await adminToken();
  });

  describe('bodies that are not plain data', () => {
    it('refuses __proto__ with 400 INVALID_PAYLOAD naming where, and registers no one', async () => {
      const username = uniqueName('proto');
      const bodies: Array<[string, RegExp]> = [
        [`{"username":"${username}","password":"long enough","__proto__":{"guest":false}}`, /^body has the key "__proto__"/],
        [`{"username":"${username}","password":"long enough","x":[{"y":{"__proto__":{}}}]}`, /^body\.x\.0\.y has the key "__proto__"/],
      ];
      for (const [body, message] of bodies) {
        const response = await api('/api/auth/register', { method: 'POST', body });
        assert.equal(response.status, 400, body);
        assert.equal(response.body.error.code, 'INVALID_PAYLOAD');
        assert.match(response.body.error.message, message);
      }
      assert.equal((await api(`/api/players/${username}`)).status, 404, 'nobody was registered');
    });

    it('refuses constructor and prototype keys on login', async () => {
      for (const key of ['constructor', 'prototype']) {
        const response = await api('/api/auth/login', { method: 'POST', body: `{"username":"someone","password":"whatever","${key}":{"name":"x"}}` });
        assert.equal(response.status, 400);
        assert.deepEqual(response.body.error, { code: 'INVALID_PAYLOAD', message: `body has the key "${key}", which is not allowed` });
      }
    });

    it('refuses them on admin routes too, and creates nothing', async () => {
      const name = leagueName();
      for (const body of [`{"name":"${name}","constructor":{}}`, `{"name":"${name}","meta":{"prototype":{"x":1}}}`]) {
        const response = await api('/api/leagues', { method: 'POST', token: admin, body });
        assert.equal(response.status, 400, body);
        assert.equal(response.body.error.code, 'INVALID_PAYLOAD');
        assert.match(response.body.error.message, /has the key "(constructor|prototype)"/);
      }
      const league = (await api('/api/leagues', { method: 'POST', token: admin, body: { name: leagueName() } })).body as { id: string };
      const deep = '{"externalId":"1","playedAt":"2026-01-01T00:00:00Z","winner":"radiant","radiant":{"players":[{"__proto__":{"kills":1}}]},"dire":{"players":[]}}';
      const response = await api(`/api/leagues/${league.id}/matches`, { method: 'POST', token: admin, body: deep });
      assert.equal(response.status, 400);
      assert.match(response.body.error.message, /^body\.radiant\.players\.0 has the key "__proto__"/);
      assert.ok(!(await leagueNames()).includes(name), 'no league was created');
    });

    it('refuses a NUL character in a string or key (the database could not store it) with 400', async () => {
      const login = await api('/api/auth/login', { method: 'POST', body: { username: 'ab\u0000cd', password: 'whatever' } });
      assert.equal(login.status, 400);
      assert.deepEqual(login.body.error, { code: 'INVALID_PAYLOAD', message: 'body.username contains a NUL character' });
      const name = `${leagueName()}\u0000`;
      const league = await api('/api/leagues', { method: 'POST', token: admin, body: { name } });
      assert.equal(league.status, 400);
      assert.equal(league.body.error.code, 'INVALID_PAYLOAD');
      const key = await api('/api/leagues', { method: 'POST', token: admin, body: { name: leagueName(), ['a\u0000']: 1 } });
      assert.deepEqual([key.status, key.body.error.message], [400, 'body has a key with a NUL character']);
    });
  });

  describe('bodies that break many rules at once', () => {
    it('are answered with the first few problems, not one line each: the answer stays small', async () => {
      const league = await api('/api/leagues', { method: 'POST', token: admin, body: { name: leagueName() } });
      assert.equal(league.status, 201);
      const players = Array.from({ length: 256 }, () => ({ playerId: 'not-a-uuid', mmr: 'lots' }));
      const body = JSON.stringify({ players });
      const response = await api(`/api/leagues/${league.body.id}/players`, { method: 'POST', token: admin, body });
      assert.equal(response.status, 400);
      assert.equal(response.body.error.code, 'INVALID_PAYLOAD');
      assert.equal(response.body.error.fields.length, 3);
      assert.match(response.body.error.message, /and \d+ more$/);
      assert.ok(JSON.stringify(response.body).length < 1500, `${JSON.stringify(response.body).length} bytes for a ${body.length}-byte body`);
    });
  });

  describe('Content-Encoding', () => {
    it('refuses a compressed body with 415 whatever the encoding, and registers no one', async () => {
      const username = uniqueName('zip');
      const json = Buffer.from(JSON.stringify({ username, password: 'long enough' }));
      const bodies: Array<[string, Uint8Array]> = [
        ['gzip', gzipSync(json)], ['br', brotliCompressSync(json)], ['deflate', deflateSync(json)],
      ];
      for (const [encoding, body] of bodies) {
        const response = await postRaw('/api/auth/register', body, { 'content-encoding': encoding });
        assert.equal(response.status, 415, encoding);
        assert.equal(response.body.error.code, 'UNSUPPORTED_MEDIA_TYPE');
      }
      assert.equal((await api(`/api/players/${username}`)).status, 404, 'nobody was registered');
    });

    it('refuses a body that claims an encoding it does not have with 415, not 500', async () => {
      for (const encoding of ['gzip', 'br', 'deflate', 'x-unknown']) {
        const response = await postRaw('/api/auth/login', Buffer.from('{"username":"a","password":"b"}'), { 'content-encoding': encoding });
        assert.equal(response.status, 415, encoding);
        assert.equal(response.body.error.code, 'UNSUPPORTED_MEDIA_TYPE');
      }
    });

    it('accepts identity', async () => {
      const response = await postRaw('/api/auth/login', Buffer.from('{"username":"nobody-here","password":"whatever"}'), { 'content-encoding': 'identity' });
      assert.equal(response.status, 401);
    });
  });

  describe('path parameters', () => {
    it('answers a path that is not valid percent-encoding with 400 on every route with a parameter', async () => {
      for (const route of PATH_ROUTES) {
        for (const param of ['%', '%E0%A4%A', '%zz']) {
          const path = route.path(param);
          const response = await api(path, { method: route.method, token: route.admin ? admin : undefined, body: route.method === 'POST' ? {} : undefined });
          assert.equal(response.status, 400, `${route.method} ${path}: ${JSON.stringify(response.body)}`);
          assert.deepEqual(response.body.error, { code: 'INVALID_PAYLOAD', message: 'the path is not valid percent-encoding' });
        }
      }
    });

    it('answers a NUL or another character no id or name has with the route\'s 404, before the database', async () => {
      for (const route of PATH_ROUTES) {
        for (const param of ['ab%00cd', '%00', 'a%20b', '%C3%A9t%C3%A9', 'x'.repeat(300)]) {
          const path = route.path(param);
          const response = await api(path, { method: route.method, token: route.admin ? admin : undefined, body: route.method === 'POST' ? {} : undefined });
          assert.equal(response.status, route.status, `${route.method} ${path}: ${JSON.stringify(response.body)}`);
          assert.equal(response.body.error.code, route.code, `${route.method} ${path}`);
        }
      }
    });

    it('still serves after all that', async () => {
      assert.equal((await api('/health')).status, 200);
      assert.equal((await api('/ready')).status, 200);
    });
  });
});
