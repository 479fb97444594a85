/**
 * The key tokens are signed with. Production must set JWT_SECRET (config refuses to start
 * otherwise); elsewhere an unset secret is generated once and kept in the data directory, so
 * tokens survive restarts of a laptop server.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';

export const SECRET_FILE = 'jwt-secret';

export function resolveJwtSecret(config: Pick<Config, 'jwtSecret' | 'dataDir'>, log: Logger): string {
  if (config.jwtSecret) return config.jwtSecret;
  const path = join(config.dataDir, SECRET_FILE);
  try {
    const stored = readFileSync(path, 'utf8').trim();
    if (stored.length >= 32) {
      log.warn({ path }, 'JWT_SECRET is not set: using the secret generated earlier in the data directory');
      return stored;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  log.warn({ path }, 'JWT_SECRET is not set: generated one and stored it in the data directory (set JWT_SECRET in production)');
  return secret;
}
