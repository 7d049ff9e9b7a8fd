import { Granularity, granularityOf, periodOf, periodRange } from '@palembang/accountability-domain';

/** At most this many periods in one time series. */
export const MAX_SERIES_PERIODS = 400;
export const DEFAULT_SERIES_LENGTH: Readonly<Record<Granularity, number>> = { day: 30, month: 12, year: 5 };

export type SeriesProblem = Readonly<{ field: string; message: string }>;

/**
 * The periods of a time series, oldest first: `from` and `to` (inclusive) are any
 * period text (YYYY-MM-DD, YYYY-MM, YYYY), each standing for the period of
 * `granularity` holding its first day; without `to` the current period, without
 * `from` the default length back from `to`. A problem names the field.
 */
export function seriesPeriods(granularity: Granularity, from: unknown, to: unknown, current: string): string[] | SeriesProblem {
  const last = to === undefined ? current : periodOfText(to, granularity, 'to');
  if (typeof last !== 'string') return last;
  const first = from === undefined ? stepBack(last, granularity, DEFAULT_SERIES_LENGTH[granularity] - 1) : periodOfText(from, granularity, 'from');
  if (typeof first !== 'string') return first;
  const periods: string[] = [];
  // Periods of one granularity compare correctly as text (2026-09 < 2026-10).
  for (let period: string | undefined = first; period !== undefined && period <= last; period = adjacent(period, granularity, 'next')) {
    periods.push(period);
    if (periods.length > MAX_SERIES_PERIODS) return { field: 'from', message: `at most ${MAX_SERIES_PERIODS} periods per series` };
  }
  return periods.length > 0 ? periods : { field: 'from', message: 'from must not be after to' };
}

function periodOfText(value: unknown, granularity: Granularity, field: string): string | SeriesProblem {
  if (typeof value !== 'string' || granularityOf(value) === undefined) return { field, message: `${field} must be YYYY-MM-DD, YYYY-MM or YYYY` };
  return periodOf(periodRange(value).from, granularity);
}

/** `steps` periods back, or the first period there is (periods are years 2000-2099): a default series near 2000 is shorter. */
function stepBack(period: string, granularity: Granularity, steps: number): string {
  let current = period;
  for (let step = 0; step < steps; step++) current = adjacent(current, granularity, 'previous') ?? current;
  return current;
}

/** The period after or before this one; undefined past the years periods cover (it was a 500 at 2099 and 2000). */
function adjacent(period: string, granularity: Granularity, direction: 'next' | 'previous'): string | undefined {
  const range = periodRange(period);
  const neighbour = periodOf(direction === 'next' ? range.to : new Date(Date.parse(range.from) - 1).toISOString(), granularity);
  return granularityOf(neighbour) === undefined ? undefined : neighbour;
}
