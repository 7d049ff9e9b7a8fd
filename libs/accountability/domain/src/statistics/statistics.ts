/**
 * The summary statistics of every figure, defined once:
 *
 * - median: the middle value of the sorted values; of an even count, the mean of the
 *   two middle values (so a median of whole working days may end in .5).
 * - percentile p (0 < p <= 100), nearest-rank method: the value at 1-based rank
 *   ceil(p x n / 100) of the values sorted ascending; always one of the values. p90
 *   of 10 values is the 9th, of 11 values the 10th, of 1 value that value.
 * - share: part / whole as a fraction 0..1 at full precision (never rounded here).
 *
 * An empty set has no median, percentile or share: null, never NaN or 0.
 */

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = sortedAscending(values);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function percentileNearestRank(values: readonly number[], percentile: number): number | null {
  if (!(percentile > 0 && percentile <= 100)) throw new RangeError(`A percentile lies in (0, 100], got ${percentile}`);
  if (values.length === 0) return null;
  const sorted = sortedAscending(values);
  // p x n first: exact for whole percentiles, where p / 100 x n may not be (0.07 x 100 = 7.000000000000001).
  const rank = Math.max(1, Math.ceil((percentile * sorted.length) / 100));
  return sorted[rank - 1];
}

export function share(part: number, whole: number): number | null {
  if (part < 0 || part > whole) throw new RangeError(`A share needs 0 <= part <= whole, got ${part} of ${whole}`);
  return whole === 0 ? null : part / whole;
}

/** The share of the items that satisfy the predicate. */
export function shareOf<T>(items: readonly T[], predicate: (item: T) => boolean): number | null {
  return share(items.filter(predicate).length, items.length);
}

function sortedAscending(values: readonly number[]): number[] {
  for (const value of values) if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
  return [...values].sort((a, b) => a - b);
}
