import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secrets of API credentials are 32 random bytes the gateway makes itself, so
 * a fast hash is enough to keep them useless to a reader of the database: no
 * one guesses 256 random bits, slow hash or not. A slow hash (scrypt, as for
 * OAuth client secrets, which an operator may choose) would cost ~50 ms of CPU
 * on every xAPI call, since xAPI sends its Basic credentials with each one.
 */
export function generateApiSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashApiSecret(secret: string): string {
  return `sha256$${createHash('sha256').update(secret, 'utf8').digest('base64url')}`;
}

/** Constant-time comparison with a stored hash. */
export function apiSecretMatches(secret: string, stored: string): boolean {
  const expected = Buffer.from(stored, 'utf8');
  const actual = Buffer.from(hashApiSecret(secret), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
