/**
 * A test-only room (registered by the test harness, never by the server): it authenticates
 * exactly like every game room and tells the client who it was admitted as. Options let a test
 * give it work to finish at shutdown: `recordOnDispose` registers a player of that name when
 * the room is disposed (a stand-in for a game's final write), `holdOnShutdown` makes it ignore
 * the shutdown so the shutdown timeout is reached. Its `throw` message stands in for a handler
 * with a bug: it throws while the message is handled; `failJoin` makes its join fail the same way.
 * Its hooks are guarded as every room's are (rooms/shared/public-errors.ts).
 */
import { Room, type AuthContext, type Client } from '@colyseus/core';
import { authenticatePlayer, type PlayerAuth } from '../../src/auth/room-auth.ts';
import { runtime } from '../../src/runtime.ts';
import { guardRoomHooks } from '../../rooms/shared/public-errors.ts';
import { registerPlayer } from '../../src/services/players.ts';

interface ProbeOptions { recordOnDispose?: string; holdOnShutdown?: boolean; failJoin?: boolean }

export class ProbeRoom extends Room {
  private options: ProbeOptions = {};

  constructor() {
    super();
    guardRoomHooks(this, () => runtime().log);
  }

  static override async onAuth(token: string, _options: unknown, _context: AuthContext): Promise<PlayerAuth> {
    return authenticatePlayer(token);
  }

  override onCreate(options: ProbeOptions): void {
    this.options = options;
    this.onMessage('throw', () => { throw new Error('a handler with a bug'); });
    this.onMessage('echo', (client, payload) => client.send('echo', payload));
  }

  override onJoin(client: Client): void {
    if (this.options.failJoin) (undefined as unknown as { x: number }).x;
    client.send('welcome', client.auth);
  }

  override onBeforeShutdown() {
    if (!this.options.holdOnShutdown) return super.onBeforeShutdown();
  }

  override async onDispose(): Promise<void> {
    const username = this.options.recordOnDispose;
    if (username === undefined) return;
    // Slow on purpose: the shutdown must wait for it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await registerPlayer({ orm: runtime().db.orm, username, password: 'recorded at dispose' });
  }
}
