/** The rules of a registered name: 3–20 of [A-Za-z0-9_-], unique ignoring case, not a guest's. */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export const USERNAME_PATTERN = /^[A-Za-z0-9_-]{3,20}$/;
const GUEST_PREFIX = 'guest';

export const username = z.string().trim().regex(USERNAME_PATTERN, 'must be 3 to 20 letters, digits, _ or -');

/** The key names are unique by. */
export function usernameKey(name: string): string {
  return name.toLowerCase();
}

/** Guest names (`Guest-…`) are kept apart from registered ones, so no one can register one. */
export function isReservedUsername(name: string): boolean {
  return usernameKey(name).startsWith(GUEST_PREFIX);
}

export function guestUsername(): string {
  return `Guest-${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}`;
}
