/** A real SDK client per test player, carrying that player's token. */
import { Client } from '@colyseus/sdk';
import { TEST_PORT } from './harness.ts';

export function sdkClient(token?: string): Client {
  const client = new Client(`http://127.0.0.1:${TEST_PORT}`);
  if (token !== undefined) client.auth.token = token;
  return client;
}
