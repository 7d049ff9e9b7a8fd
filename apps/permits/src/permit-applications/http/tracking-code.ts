import { randomInt } from 'node:crypto';

/** Upper case letters and digits without the look-alikes 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V: easy to read out over the phone. */
export const TRACKING_ALPHABET = '34679ACDEFGHJKMNPQRTWXY';

/** `PLG-` and 10 characters from a CSPRNG: about 45 bits, not guessable. */
export function newTrackingCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return `PLG-${code}`;
}
