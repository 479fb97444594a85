/**
 * For tests that stop a real server process and start it again on the same data: its
 * environment (the run's database: PGlite in its DATA_DIR, or the run's PostgreSQL), the state a
 * client must reach, and the SDK's own reconnection.
 */
import type { Room } from '@colyseus/sdk';

export const RESTART_JWT_SECRET = 'restart-test-secret-restart-test-secret-restart';

/** A server's environment on `dir`, with the run's PostgreSQL when it has one. */
export function restartEnv(dir: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, JWT_SECRET: RESTART_JWT_SECRET, LOG_LEVEL: 'info', ...extra };
  if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
  return env;
}

/** Resolves when `room`'s state satisfies `predicate` (checked on every change), or fails naming `what`. */
export function untilState<S extends { toJSON?(): unknown }>(room: Room<any, S>, predicate: (state: S) => boolean, what: string, timeoutMs = 60_000): Promise<S> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      room.onStateChange.remove(check);
      reject(new Error(`timed out waiting for ${what}; state ${JSON.stringify(room.state?.toJSON?.())}`));
    }, timeoutMs);
    function check() {
      if (!room.state || !predicate(room.state)) return;
      clearTimeout(timer);
      room.onStateChange.remove(check);
      resolve(room.state);
    }
    room.onStateChange(check);
    check();
  });
}

/** Resolves when the SDK has reconnected `room` by itself. */
export function reconnected(room: Room): Promise<void> {
  return new Promise((resolve) => room.onReconnect(() => resolve()));
}
