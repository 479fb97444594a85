/**
 * New accounts are limited per address: a guest, or a registration that converts no guest,
 * `ACCOUNT_LIMIT` (10 by default) per 10 minutes, counted like failed logins (in Redis across
 * processes when configured, in memory otherwise).
 *
 * Why 10 per 10 minutes: a guest is made once per browser (its token lasts `JWT_TTL`, 30 days by
 * default), and a registration usually converts that guest, so one player needs one; an address
 * shared by a household, a school or a café may need several within minutes, and 10 leaves room
 * for them. A script, though, made 500 guests in 2 s from one address; with this limit one
 * address makes at most 1,440 a day. Behind a proxy, `TRUST_PROXY` decides the address, as for
 * login.
 */
import type { Redis } from 'ioredis';
import { AppError } from '../errors.ts';
import { spend, windowLimiter } from './login-limiter.ts';

export const ACCOUNT_WINDOW_SECONDS = 10 * 60;

export interface AccountLimiter {
  /** Counts one new account for `address`; throws `AppError('RATE_LIMITED')` with `retryAfterSeconds` once spent. */
  consume(address: string): Promise<void>;
}

export function createAccountLimiter(perWindow: number, redis?: Redis): AccountLimiter {
  const byAddress = windowLimiter('accounts:addr', perWindow, ACCOUNT_WINDOW_SECONDS, redis);
  return {
    consume: (address) => spend(byAddress, address, (retryAfterSeconds) =>
      new AppError('RATE_LIMITED', `too many new accounts from this address; try again in ${retryAfterSeconds} s`, { retryAfterSeconds })),
  };
}
