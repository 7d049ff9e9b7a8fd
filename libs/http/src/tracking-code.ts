import { randomInt } from 'node:crypto';

/** Upper case letters and digits without the look-alikes 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V: easy to read out over the phone. */
export const TRACKING_ALPHABET = '34679ACDEFGHJKMNPQRTWXY';

/** The public code a citizen tracks a case by: permit applications `PLG-`, complaints `LPR-`. */
export type TrackingPrefix = 'PLG' | 'LPR';

/** The prefix and 10 characters from a CSPRNG: about 45 bits, not guessable. */
export function newTrackingCode(prefix: TrackingPrefix = 'PLG'): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return `${prefix}-${code}`;
}

/** The shape of a tracking code (either prefix); anything else is simply not found. */
export const TRACKING_CODE = /^(PLG|LPR)-[34679ACDEFGHJKMNPQRTWXY]{10}$/;

/**
 * A tracking code drawn twice (about 1 in 2^45) violates a read model's unique
 * index on `tracking_code`; the transaction rolled back, so the caller draws again.
 */
export function isTrackingCodeCollision(error: unknown): boolean {
  const failure = error as { code?: unknown; constraint?: unknown; driverError?: { code?: unknown; constraint?: unknown } };
  const code = failure?.driverError?.code ?? failure?.code;
  const constraint = String(failure?.driverError?.constraint ?? failure?.constraint ?? '');
  return code === '23505' && constraint.includes('tracking_code');
}
