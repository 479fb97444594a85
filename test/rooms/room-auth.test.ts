import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@colyseus/core';
import { forgeToken, guest, harness } from '../support/harness.ts';
import { sdkClient } from '../support/sdk.ts';
import { Player } from '../../src/db/entities/index.ts';

async function refusal(join: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await join;
  } catch (error) {
    return error as { code: number; message: string };
  }
  assert.fail('the join was accepted');
}

describe('room joins are authenticated (the onAuth every room uses)', () => {
  it('admits a valid token and knows the player from it, not from join options', async () => {
    const { token, player } = await guest();
    const room = await sdkClient(token).joinOrCreate('probe', { id: 'someone-else', username: 'impostor' });
    const welcome = await room.waitForMessage('welcome');
    assert.deepEqual(welcome, player);
    await room.leave();
  });

  it('refuses a join without a token', async () => {
    const error = await refusal(sdkClient().joinOrCreate('probe'));
    assert.equal(error.code, ErrorCode.AUTH_FAILED);
    assert.match(error.message, /token is required/);
  });

  it('refuses a tampered token', async () => {
    const { token } = await guest();
    const tampered = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA');
    const error = await refusal(sdkClient(tampered).joinOrCreate('probe'));
    assert.equal(error.code, ErrorCode.AUTH_FAILED);
    assert.match(error.message, /not valid/);
  });

  it('refuses an expired token', async () => {
    const { player } = await guest();
    const expired = await forgeToken({ sub: player.id, expiresAt: Date.now() - 1000 });
    const error = await refusal(sdkClient(expired).joinOrCreate('probe'));
    assert.equal(error.code, ErrorCode.AUTH_FAILED);
    assert.match(error.message, /expired/);
  });

  it('refuses a correctly signed token of a player who does not exist', async () => {
    const token = await forgeToken({ sub: randomUUID(), expiresAt: Date.now() + 60_000 });
    const error = await refusal(sdkClient(token).joinOrCreate('probe'));
    assert.equal(error.code, ErrorCode.AUTH_FAILED);
    assert.match(error.message, /does not exist/);
  });

  it('refuses the token of a player deleted since it was issued', async () => {
    const { token, player } = await guest();
    const em = harness().app.runtime.db.orm.em.fork();
    await em.nativeDelete(Player, { id: player.id });
    const error = await refusal(sdkClient(token).joinOrCreate('probe'));
    assert.equal(error.code, ErrorCode.AUTH_FAILED);
  });

  it('creates no room for a refused join', async () => {
    await refusal(sdkClient().create('probe'));
    const rooms = await harness().colyseus.server['driver'].query({ name: 'probe' });
    assert.equal(rooms.length, 0);
  });
});
