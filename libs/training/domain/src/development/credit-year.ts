import { jakartaDateOf } from '@palembang/working-days';
import { jakartaYearOf } from '../shared/rules';

/**
 * The day on which a year's JP close: credits for year Y are accepted until that day of Y + 1
 * (Asia/Jakarta), when agencies report the year. After it, a learning system cannot credit the year,
 * however its statement is dated: a backdated timestamp cannot rewrite a reported year.
 */
export type YearClosing = Readonly<{ month: number; day: number }>;

export const DEFAULT_YEAR_CLOSING: YearClosing = { month: 1, day: 31 };

/** `MM-DD` (e.g. `01-31`) as a closing day; undefined when it is not a day every year has (no 29 February). */
export function parseYearClosing(text: string): YearClosing | undefined {
  const match = /^(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [month, day] = [Number(match[1]), Number(match[2])];
  const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return daysInMonth !== undefined && day >= 1 && day <= daysInMonth ? { month, day } : undefined;
}

/** The last day (Asia/Jakarta, YYYY-MM-DD) on which `year` may still be credited. */
export function closingDayOf(year: number, closing: YearClosing): string {
  return `${year + 1}-${String(closing.month).padStart(2, '0')}-${String(closing.day).padStart(2, '0')}`;
}

/** Why learning completed at `completedAt` can no longer (or not yet) be credited at `now`, or null when it can. */
export function creditYearProblem(completedAt: string, now: string, closing: YearClosing): string | null {
  const year = jakartaYearOf(completedAt);
  if (year > jakartaYearOf(now)) return `the year ${year} has not begun (Asia/Jakarta)`;
  const lastDay = closingDayOf(year, closing);
  return jakartaDateOf(now) > lastDay ? `the year ${year} closed on ${lastDay}: its JP can no longer be credited` : null;
}
