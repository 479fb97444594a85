/**
 * Failed logins are limited per username and per address. The counters live in Redis when the
 * server runs as several processes (so the limit holds across them), in memory otherwise. A
 * successful login clears the username's count.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../errors.ts';

export const LOGIN_LIMITS = {
  /** Failed attempts on one username before it is locked for the rest of the window. */
  perUsername: { failures: 5, windowSeconds: 5 * 60 },
  /** Failed attempts from one address, whichever names it tries. */
  perAddress: { failures: 30, windowSeconds: 15 * 60 },
} as const;

export interface LoginLimiter {
  /** Throws `AppError('RATE_LIMITED')` with `retryAfterSeconds` in details when either limit is spent. */
  check(args: { usernameKey: string; address: string }): Promise<void>;
  recordFailure(args: { usernameKey: string; address: string }): Promise<void>;
  recordSuccess(args: { usernameKey: string }): Promise<void>;
}

/**
 * `points` per `windowSeconds` per key: in Redis when given (shared by every process), in memory
 * otherwise. The account and join limits count with the same.
 */
export function windowLimiter(keyPrefix: string, points: number, windowSeconds: number, redis: Redis | undefined): RateLimiterAbstract {
  const options = { keyPrefix, points, duration: windowSeconds };
  if (!redis) return new RateLimiterMemory(options);
  // If Redis is unreachable the limit still holds, per process.
  return new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) });
}

/** Spends one point of `key`; once they are spent, throws what `refuse` makes of the seconds to wait. */
export async function spend(limiter: RateLimiterAbstract, key: string, refuse: (retryAfterSeconds: number) => Error): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    throw refuse(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
  }
}

function limiter(name: string, limits: { failures: number; windowSeconds: number }, redis: Redis | undefined): RateLimiterAbstract {
  return windowLimiter(`login:${name}`, limits.failures, limits.windowSeconds, redis);
}

export function createLoginLimiter(redis?: Redis): LoginLimiter {
  const byUsername = limiter('user', LOGIN_LIMITS.perUsername, redis);
  const byAddress = limiter('addr', LOGIN_LIMITS.perAddress, redis);

  const spent = (state: RateLimiterRes | null, points: number) =>
    state !== null && state.consumedPoints >= points ? Math.ceil(state.msBeforeNext / 1000) : 0;

  return {
    async check({ usernameKey, address }) {
      const [user, addr] = await Promise.all([byUsername.get(usernameKey), byAddress.get(address)]);
      const retryAfterSeconds = Math.max(
        spent(user, LOGIN_LIMITS.perUsername.failures),
        spent(addr, LOGIN_LIMITS.perAddress.failures));
      if (retryAfterSeconds > 0) {
        throw new AppError('RATE_LIMITED', `too many failed logins; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
      }
    },
    async recordFailure({ usernameKey, address }) {
      await Promise.all([
        byUsername.penalty(usernameKey, 1),
        byAddress.penalty(address, 1),
      ]);
    },
    async recordSuccess({ usernameKey }) {
      await byUsername.delete(usernameKey);
    },
  };
}
