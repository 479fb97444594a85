/**
 * Signed session tokens (JWT, HS256, with an expiry). The token names the player; whether that
 * player still exists is checked by whoever accepts the token (room joins, /api/me).
 */
import { SignJWT, jwtVerify, errors } from 'jose';
import { AppError } from '../errors.ts';

const ISSUER = 'turnbased-server';

export interface TokenClaims {
  playerId: string;
  username: string;
  guest: boolean;
}

export interface Tokens {
  sign(claims: TokenClaims): Promise<string>;
  /** Resolves the claims or throws `AppError` `TOKEN_EXPIRED` / `INVALID_TOKEN`. */
  verify(token: string): Promise<TokenClaims>;
}

export async function createTokens(secret: string, ttlSeconds: number): Promise<Tokens> {
  // Imported once: jose would otherwise import a raw key on every verification (77 → 44 µs).
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  return {
    sign: ({ playerId, username, guest }) =>
      new SignJWT({ name: username, guest })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(playerId)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] });
        if (typeof payload.sub !== 'string' || typeof payload.name !== 'string' || typeof payload.guest !== 'boolean') {
          throw new AppError('INVALID_TOKEN', 'the token does not name a player');
        }
        return { playerId: payload.sub, username: payload.name, guest: payload.guest };
      } catch (error) {
        if (error instanceof AppError) throw error;
        if (error instanceof errors.JWTExpired) throw new AppError('TOKEN_EXPIRED', 'the token has expired; log in again');
        throw new AppError('INVALID_TOKEN', 'the token is not valid');
      }
    },
  };
}

/** The token from an `Authorization: Bearer …` header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}
