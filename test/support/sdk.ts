/** A real SDK client per test player, carrying that player's token. */
import { Client } from '@colyseus/sdk';
import { TEST_PORT } from './harness.ts';

export function sdkClient(token?: string): Client {
  const client = new Client(`http://127.0.0.1:${TEST_PORT}`);
  if (token !== undefined) client.auth.token = token;
  return client;
}

/** Cuts a client's connection from the server side, as a network failure would (close 1006). */
export function cutConnection(server: { clients: Iterable<{ sessionId: string }> }, sessionId: string): void {
  const client = [...server.clients].find((c) => c.sessionId === sessionId);
  if (!client) throw new Error(`no connected client ${sessionId}`);
  (client as unknown as { ref: { terminate(): void } }).ref.terminate();
}
