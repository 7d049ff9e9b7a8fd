import { addCalendarDays, epochMillisOf, jakartaDateOf, JAKARTA_UTC_OFFSET, isLocalDate } from '@palembang/working-days';

/**
 * Reporting periods are Jakarta calendar days, months and years (WIB, UTC+07:00):
 * `2026-11-03`, `2026-11`, `2026`. A period covers the half-open range of instants
 * [from, to): `from` is its first millisecond and `to` the first millisecond of the
 * next period, both written with +07:00. An instant belongs to exactly one period of
 * each granularity.
 */
export type Granularity = 'day' | 'month' | 'year';
export type Period = string;
export type PeriodRange = Readonly<{ from: string; to: string }>;

// Years 2000-2099 only: the platform's records start in this century, and an early year (0831)
// or the last (9999) would give a range whose end is no four-digit ISO date. PERIOD_PATTERN of
// @palembang/accountability-api states the same for the API documents (the gateway's among them).
const PATTERNS: Readonly<Record<Granularity, RegExp>> = {
  day: /^20\d{2}-\d{2}-\d{2}$/,
  month: /^20\d{2}-(0[1-9]|1[0-2])$/,
  year: /^20\d{2}$/,
};

/** The period of the given granularity an instant falls in, in Jakarta time. */
export function periodOf(instant: string, granularity: Granularity): Period {
  const date = jakartaDateOf(instant);
  switch (granularity) {
    case 'day':
      return date;
    case 'month':
      return date.slice(0, 7);
    case 'year':
      return date.slice(0, 4);
  }
}

/** The granularity of a period, or undefined when the text is no period. */
export function granularityOf(period: string): Granularity | undefined {
  if (PATTERNS.day.test(period)) return isLocalDate(period) ? 'day' : undefined;
  if (PATTERNS.month.test(period)) return 'month';
  if (PATTERNS.year.test(period)) return 'year';
  return undefined;
}

export function isPeriod(value: unknown, granularity?: Granularity): value is Period {
  if (typeof value !== 'string') return false;
  const actual = granularityOf(value);
  return actual !== undefined && (granularity === undefined || actual === granularity);
}

/** [from, to) of a period; throws RangeError for text that is no period. */
export function periodRange(period: Period): PeriodRange {
  const granularity = granularityOf(period);
  if (!granularity) throw new RangeError(`Not a period (YYYY-MM-DD, YYYY-MM or YYYY): ${period}`);
  const first = granularity === 'day' ? period : granularity === 'month' ? `${period}-01` : `${period}-01-01`;
  return { from: startOf(first), to: startOf(firstDayOfNext(first, granularity)) };
}

/** True when the instant lies in [from, to). */
export function isWithin(instant: string, range: PeriodRange): boolean {
  const at = epochMillisOf(instant);
  return at >= epochMillisOf(range.from) && at < epochMillisOf(range.to);
}

/** True when the instant is given and lies in [from, to). */
export function isWithinIfAny(instant: string | null, range: PeriodRange): instant is string {
  return instant !== null && isWithin(instant, range);
}

function firstDayOfNext(first: string, granularity: Granularity): string {
  const [year, month] = first.split('-').map(Number);
  switch (granularity) {
    case 'day':
      return addCalendarDays(first, 1);
    case 'month':
      return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
    case 'year':
      return `${year + 1}-01-01`;
  }
}

function startOf(date: string): string {
  return `${date}T00:00:00.000${JAKARTA_UTC_OFFSET}`;
}
