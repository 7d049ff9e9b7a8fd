/**
 * Calendar days in Asia/Jakarta (WIB, UTC+07:00, no daylight saving time).
 *
 * A `LocalDate` is a Jakarta calendar day written `YYYY-MM-DD`. Instants are ISO 8601
 * strings that must carry an offset (`Z` or `+hh:mm`), so that they never depend on
 * the time zone of the machine.
 */
export type LocalDate = string;

export const JAKARTA_UTC_OFFSET = '+07:00';

const MS_PER_DAY = 86_400_000;
const JAKARTA_OFFSET_MS = 7 * 3_600_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
/** Indexed by the day number modulo 7: day 0 (1970-01-01) was a Thursday. */
const WEEKDAYS: readonly Weekday[] = ['thursday', 'friday', 'saturday', 'sunday', 'monday', 'tuesday', 'wednesday'];

export function isLocalDate(value: string): boolean {
  const match = LOCAL_DATE.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999, which refused 0076-03-22.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isInstant(value: string): boolean {
  return INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/** Milliseconds since the epoch of an ISO instant with an offset; throws RangeError otherwise. */
export function epochMillisOf(instant: string): number {
  if (!isInstant(instant)) throw new RangeError(`Not an ISO 8601 instant with an offset: ${instant}`);
  return Date.parse(instant);
}

/** The Jakarta calendar day of an instant: 2026-03-02T17:30:00Z is already 2026-03-03 in Jakarta. */
export function jakartaDateOf(instant: string): LocalDate {
  return remembered(JAKARTA_DATES, instant, () => localDateOfDayNumber(Math.floor((epochMillisOf(instant) + JAKARTA_OFFSET_MS) / MS_PER_DAY)));
}

/**
 * Answers already computed, by argument: a projection replaying millions of cases asks for the
 * same few thousand days and instants over and over, and parsing and formatting dates was a
 * tenth of its time. Bounded: emptied when full.
 */
const MAX_REMEMBERED = 100_000;
const JAKARTA_DATES = new Map<string, LocalDate>();
const DAY_NUMBERS = new Map<string, number>();
const DATES_OF_DAY_NUMBERS = new Map<number, LocalDate>();
/** Local dates toJakartaDate found valid (the value is unused). */
const VALID_DATES = new Map<string, true>();

function remembered<K, V>(answers: Map<K, V>, key: K, compute: () => V): V {
  const known = answers.get(key);
  if (known !== undefined) return known;
  const answer = compute();
  if (answers.size >= MAX_REMEMBERED) answers.clear();
  answers.set(key, answer);
  return answer;
}

/** A Jakarta day given either as `YYYY-MM-DD` or as an instant. */
export function toJakartaDate(dateOrInstant: string): LocalDate {
  if (VALID_DATES.has(dateOrInstant)) return dateOrInstant;
  if (LOCAL_DATE.test(dateOrInstant)) {
    if (!isLocalDate(dateOrInstant)) throw new RangeError(`Not a calendar date: ${dateOrInstant}`);
    remembered(VALID_DATES, dateOrInstant, () => true);
    return dateOrInstant;
  }
  return jakartaDateOf(dateOrInstant);
}

/** The instant written in Jakarta time, e.g. `2026-03-03T00:30:00.000+07:00`. */
export function toJakartaIso(instant: string): string {
  const shifted = new Date(epochMillisOf(instant) + JAKARTA_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 23)}${JAKARTA_UTC_OFFSET}`;
}

/** The first instant of a Jakarta day. */
export function startOfJakartaDay(date: LocalDate): string {
  return `${toJakartaDate(date)}T00:00:00.000${JAKARTA_UTC_OFFSET}`;
}

/** The last millisecond of a Jakarta day: deadlines end here. */
export function endOfJakartaDay(date: LocalDate): string {
  return `${toJakartaDate(date)}T23:59:59.999${JAKARTA_UTC_OFFSET}`;
}

/** Days since 1970-01-01; handy for day arithmetic without time zones. */
export function dayNumberOf(date: LocalDate): number {
  return remembered(DAY_NUMBERS, date, () => {
    const [year, month, day] = toJakartaDate(date).split('-').map(Number);
    return Date.UTC(year, month - 1, day) / MS_PER_DAY;
  });
}

export function localDateOfDayNumber(dayNumber: number): LocalDate {
  return remembered(DATES_OF_DAY_NUMBERS, dayNumber, () => new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10));
}

export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  return localDateOfDayNumber(dayNumberOf(date) + days);
}

export function weekdayOf(date: LocalDate): Weekday {
  return WEEKDAYS[((dayNumberOf(date) % 7) + 7) % 7];
}

export function isWeekend(date: LocalDate): boolean {
  const weekday = weekdayOf(date);
  return weekday === 'saturday' || weekday === 'sunday';
}

/** Compares two instants in time (not as strings: offsets may differ). */
export function compareInstants(a: string, b: string): number {
  return Math.sign(epochMillisOf(a) - epochMillisOf(b));
}

export function isAfter(instant: string, reference: string): boolean {
  return compareInstants(instant, reference) > 0;
}
