/**
 * Identity use cases. Each changing function runs in one transaction and takes keyword
 * arguments; password hashing happens before the transaction opens so no transaction (and, on
 * PGlite, no other query) waits on scrypt.
 */
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { decoyHash, hashPassword, verifyPassword } from '../auth/passwords.ts';
import { guestUsername, isReservedUsername, usernameKey } from '../auth/usernames.ts';
import { Player } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';
import { AppError } from '../errors.ts';

export async function createGuest({ orm }: { orm: Orm }): Promise<Player> {
  for (let attempt = 0; ; attempt++) {
    const name = guestUsername();
    try {
      return await orm.em.transactional((em) =>
        em.create(Player, { username: name, usernameKey: usernameKey(name), guest: true }));
    } catch (error) {
      // 36 random bits per name: a collision is rare, two in a row is a bug.
      if (!(error instanceof UniqueConstraintViolationException) || attempt > 0) throw error;
    }
  }
}

/**
 * A new registered player, or, with `guestId`, that guest converted in place: same id, so its
 * games and ratings stay its own.
 */
export async function registerPlayer({ orm, username, password, guestId }: {
  orm: Orm; username: string; password: string; guestId?: string | undefined;
}): Promise<Player> {
  if (isReservedUsername(username)) {
    throw new AppError('USERNAME_RESERVED', 'names starting with "guest" are reserved for guests');
  }
  const key = usernameKey(username);
  const passwordHash = await hashPassword(password);
  try {
    return await orm.em.transactional(async (em) => {
      if (await em.count(Player, { usernameKey: key }) > 0) {
        throw new AppError('USERNAME_TAKEN', `the name "${username}" is taken`);
      }
      if (guestId === undefined) {
        return em.create(Player, { username, usernameKey: key, passwordHash, guest: false });
      }
      const guest = await em.findOne(Player, { id: guestId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!guest) throw new AppError('UNKNOWN_PLAYER', 'the player of this token no longer exists');
      if (!guest.guest) throw new AppError('ALREADY_REGISTERED', 'this token belongs to a registered player; log out to register another');
      guest.username = username;
      guest.usernameKey = key;
      guest.passwordHash = passwordHash;
      guest.guest = false;
      return guest;
    });
  } catch (error) {
    // Two registrations of one name at once: the unique index decides.
    if (error instanceof UniqueConstraintViolationException) {
      throw new AppError('USERNAME_TAKEN', `the name "${username}" is taken`);
    }
    throw error;
  }
}

/** The registered player with these credentials, or `undefined`; takes as long either way. */
export async function checkCredentials({ orm, username, password }: {
  orm: Orm; username: string; password: string;
}): Promise<Player | undefined> {
  const player = await orm.em.fork().findOne(Player, { usernameKey: usernameKey(username), guest: false });
  const stored = player?.passwordHash ?? await decoyHash();
  const matches = await verifyPassword(password, stored);
  return player && matches ? player : undefined;
}
