/** The two-sided 95% normal quantile, z(0.975). */
export const Z_95 = 1.959963984540054;

export type Interval = Readonly<{ low: number; high: number }>;

/**
 * The Wilson score interval of a share observed as `share` over `cases` trials:
 *
 *   centre    = (p + z²/2n) / (1 + z²/n)
 *   halfWidth = z / (1 + z²/n) x sqrt(p(1-p)/n + z²/4n²)
 *
 * Unlike p ± z·sqrt(p(1-p)/n), it stays inside 0..1 and does not collapse to a
 * point at 0% or 100%: one case out of one gives 20.7%..100%, not 100%..100%.
 * Null without cases.
 */
export function wilsonInterval(share: number, cases: number, z: number = Z_95): Interval | null {
  if (!(Number.isInteger(cases) && cases >= 0)) throw new RangeError(`cases must be a whole number >= 0, got ${cases}`);
  if (!(Number.isFinite(share) && share >= 0 && share <= 1)) throw new RangeError(`share must be a fraction 0..1, got ${share}`);
  if (cases === 0) return null;
  const zz = z * z;
  const denominator = 1 + zz / cases;
  const centre = (share + zz / (2 * cases)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((share * (1 - share)) / cases + zz / (4 * cases * cases));
  return { low: Math.max(0, centre - halfWidth), high: Math.min(1, centre + halfWidth) };
}
