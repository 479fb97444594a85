import assert from 'node:assert/strict';
import { request } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { matchMaker } from '@colyseus/core';
import { MatchMakeError } from '@colyseus/sdk';
import { api, BASE_URL, guest, TEST_PORT } from '../support/harness.ts';
import { sdkClient } from '../support/sdk.ts';

/** BODY_LIMIT of test/hooks.ts. */
const LIMIT = 16 * 1024;
const HUNDRED_MB = 100 * 1024 * 1024;

interface Streamed { status: number; connection: string | undefined; body: any; sent: number }

/**
 * POSTs a JSON body of `total` bytes in 16 kB chunks, as fast as the socket takes them, until
 * the server answers; `declared` sends a Content-Length, otherwise the body is chunked.
 */
function streamBody(path: string, token: string, { total, declared }: { total: number; declared: boolean }): Promise<Streamed> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    if (declared) headers['content-length'] = String(total);
    const req = request({ host: '127.0.0.1', port: TEST_PORT, method: 'POST', path, headers });
    let sent = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: JSON.parse(text), sent });
      });
    });
    req.on('error', (error) => { if (!answered) reject(error); });
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

/** A POST to the matchmaker with a raw body, through fetch. */
async function matchmake(body: string | Uint8Array, headers: Record<string, string> = {}) {
  const { token } = await guest();
  const response = await fetch(`${BASE_URL}/matchmake/create/chess`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body,
  });
  return { status: response.status, headers: response.headers, body: await response.json() as { code: number; error: string } };
}

async function noRooms(): Promise<void> {
  assert.deepEqual(await matchMaker.query({}), [], 'no room was created');
}

describe('the matchmaker guard (POST /matchmake/…)', () => {
  describe('BODY_LIMIT', () => {
    it('refuses options over the limit with 413 in Colyseus\'s error shape, which the SDK shows as a MatchMakeError', async () => {
      const { token } = await guest();
      await assert.rejects(sdkClient(token).create('chess', { pad: 'x'.repeat(LIMIT) }), (error: unknown) => {
        assert.ok(error instanceof MatchMakeError);
        assert.equal(error.code, 413);
        assert.equal(error.message, `the body is larger than ${LIMIT} bytes`);
        return true;
      });
      await noRooms();
    });

    it('answers a declared 100 MB body with 413 before reading it, and closes the connection', async () => {
      const { token } = await guest();
      const answer = await streamBody('/matchmake/create/chess', token, { total: HUNDRED_MB, declared: true });
      assert.equal(answer.status, 413);
      assert.deepEqual(answer.body, { code: 413, error: `the body is larger than ${LIMIT} bytes` });
      assert.equal(answer.connection, 'close');
      assert.ok(answer.sent < 4 * 1024 * 1024, `answered after ${answer.sent} bytes were sent`);
      await noRooms();
    });

    it('counts a chunked body while it streams and answers 413 once it passes the limit', async () => {
      const { token } = await guest();
      const answer = await streamBody('/matchmake/create/chess', token, { total: HUNDRED_MB, declared: false });
      assert.equal(answer.status, 413);
      assert.deepEqual(answer.body, { code: 413, error: `the body is larger than ${LIMIT} bytes` });
      assert.ok(answer.sent < 4 * 1024 * 1024, `answered after ${answer.sent} bytes were sent`);
      await noRooms();
      assert.equal((await api('/health')).status, 200, 'the server still serves');
    });

    it('lets a body under the limit through to Colyseus and the room (which checks the options itself)', async () => {
      const response = await matchmake(JSON.stringify({ pad: 'x'.repeat(LIMIT - 100) }));
      assert.equal(response.status, 521);
      assert.match(response.body.error, /pad/);
      const { token } = await guest();
      const room = await sdkClient(token).create('chess', { color: 'white' });
      assert.equal(room.name, 'chess');
      await room.leave();
    });
  });

  describe('options as plain data', () => {
    const hostile: Array<[string, string, RegExp]> = [
      ['__proto__ at the top', '{"__proto__":{"rated":true}}', /^options has the key "__proto__"/],
      ['__proto__ at depth', '{"time":{"initial":60,"increment":0,"x":{"__proto__":{"rated":true}}}}', /^options\.time\.x has the key "__proto__"/],
      ['constructor', '{"a":{"constructor":1}}', /^options\.a has the key "constructor"/],
      ['prototype', '{"prototype":{"rated":true}}', /^options has the key "prototype"/],
    ];
    for (const [what, body, message] of hostile) {
      it(`refuses ${what} with 400 before Colyseus sees it`, async () => {
        const response = await matchmake(body);
        assert.equal(response.status, 400);
        assert.equal(response.body.code, 400);
        assert.match(response.body.error, message);
        assert.equal(response.headers.get('access-control-allow-origin'), '*', 'a browser can read the refusal');
        await noRooms();
      });
    }

    it('shows the SDK a MatchMakeError with code 400', async () => {
      const { token } = await guest();
      const options = JSON.parse('{"__proto__":{"rated":true,"time":{"initial":60,"increment":0}}}') as object;
      await assert.rejects(sdkClient(token).create('chess', options), (error: unknown) => {
        assert.ok(error instanceof MatchMakeError);
        assert.equal(error.code, 400);
        assert.match(error.message, /has the key "__proto__"/);
        return true;
      });
      await noRooms();
    });
  });

  describe('bodies that are not JSON', () => {
    it('refuses a body that does not parse with 400', async () => {
      const response = await matchmake('{"color": "white",');
      assert.deepEqual([response.status, response.body], [400, { code: 400, error: 'the body is not valid JSON' }]);
    });

    it('refuses a body that is not UTF-8 with 400', async () => {
      const response = await matchmake(Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]));
      assert.deepEqual([response.status, response.body], [400, { code: 400, error: 'the body is not valid JSON' }]);
    });

    it('refuses JSON that is not an object with 400', async () => {
      for (const body of ['[1,2]', '"white"', '7', 'null']) {
        const response = await matchmake(body);
        assert.deepEqual([response.status, response.body], [400, { code: 400, error: 'the options must be a JSON object' }], body);
      }
    });

    it('refuses a body of another media type with 415', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const response = await matchmake('color=white', { 'content-type': type });
        assert.equal(response.status, 415, type);
        assert.equal(response.body.code, 415);
      }
      await noRooms();
    });

    it('refuses any Content-Encoding but identity with 415, compressed or not', async () => {
      const options = Buffer.from('{"color":"white"}');
      const bodies: Array<[string, Uint8Array]> = [
        ['gzip', gzipSync(options)], ['gzip', options],
        ['br', brotliCompressSync(options)], ['br', options],
        ['deflate', deflateSync(options)], ['deflate', options],
      ];
      for (const [encoding, body] of bodies) {
        const response = await matchmake(body, { 'content-encoding': encoding });
        assert.equal(response.status, 415, encoding);
        assert.deepEqual(response.body, { code: 415, error: `the content encoding "${encoding}" is not supported; send the body uncompressed` });
      }
      await noRooms();
      const identity = await matchmake(options, { 'content-encoding': 'identity' });
      assert.equal(identity.status, 200);
    });
  });
});
