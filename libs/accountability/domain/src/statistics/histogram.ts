/**
 * The median and nearest-rank percentile of a multiset of whole numbers given as a
 * histogram (value -> how many times it occurs), with exactly the definitions of
 * statistics.ts: the same values give the same figure, so a projection can keep
 * counts per working-day value instead of every case's value.
 */
export type Histogram = ReadonlyMap<number, number>;

export function histogramMedian(histogram: Histogram): number | null {
  const total = totalOf(histogram);
  if (total === 0) return null;
  const middle = Math.floor(total / 2);
  // 0-based positions in the sorted values, as statistics.median takes them.
  return total % 2 === 1 ? valueAt(histogram, middle) : (valueAt(histogram, middle - 1) + valueAt(histogram, middle)) / 2;
}

export function histogramPercentile(histogram: Histogram, percentile: number): number | null {
  if (!(percentile > 0 && percentile <= 100)) throw new RangeError(`A percentile lies in (0, 100], got ${percentile}`);
  const total = totalOf(histogram);
  if (total === 0) return null;
  return valueAt(histogram, Math.max(1, Math.ceil((percentile * total) / 100)) - 1);
}

/** Adds `count` occurrences of `value`; a count of 0 leaves no entry. */
export function addToHistogram(histogram: Map<number, number>, value: number, count: number): void {
  const next = (histogram.get(value) ?? 0) + count;
  if (next === 0) histogram.delete(value);
  else histogram.set(value, next);
}

function totalOf(histogram: Histogram): number {
  let total = 0;
  for (const [value, count] of histogram) {
    if (!Number.isFinite(value) || !Number.isInteger(count) || count < 0) throw new RangeError(`Not a histogram entry: ${value} x ${count}`);
    total += count;
  }
  return total;
}

function valueAt(histogram: Histogram, position: number): number {
  let seen = 0;
  for (const value of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(value) as number;
    if (position < seen) return value;
  }
  throw new RangeError(`Position ${position} lies beyond the histogram`);
}
