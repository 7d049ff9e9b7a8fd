import { dayNumberOf, endOfJakartaDay, isLocalDate, isWeekend, LocalDate, localDateOfDayNumber, toJakartaDate } from './local-date';

/** A day off on a weekday: a national holiday or a collective leave day (cuti bersama). */
export type DayOff = Readonly<{ date: LocalDate; name: string }>;

/** Where a year's days off come from: its published decree and the amendments since, by reference. */
export type CalendarYearBasis = Readonly<{ year: number; decree: string; amendments: readonly string[] }>;

export type WorkingDayCalendarConfig = Readonly<{
  nationalHolidays: readonly DayOff[];
  /** Cuti bersama: collective leave of civil servants, set yearly by joint ministerial decree (SKB). */
  collectiveLeave: readonly DayOff[];
  /**
   * The years whose decree is published: days in any other year are provisional, and
   * `provisionalDaysOff` gives their days off. Omitted: every year counts as published
   * with the days given (calendars built by hand, as in tests).
   */
  publishedYears?: readonly CalendarYearBasis[];
  /** The days off assumed for a year without a published decree (fixed holidays and forecasts). */
  provisionalDaysOff?: (year: number) => readonly (DayOff & Readonly<{ forecast?: boolean }>)[];
}>;

/** A registered day off and what kind it is; `forecast` when it is a computed guess for a year not yet published. */
export type DayOffEntry = DayOff & Readonly<{ kind: 'national-holiday' | 'collective-leave'; forecast?: boolean }>;

/** Why a day is not a working day. */
export type NonWorkingReason = Readonly<{ kind: 'weekend' }> | Readonly<{ kind: 'national-holiday' | 'collective-leave'; name: string; forecast?: boolean }>;

/** A deadline and whether it rests on a year whose calendar is not published yet. */
export type CalendarDeadline = Readonly<{ deadline: string; provisional: boolean }>;

/**
 * Working days in Asia/Jakarta: Monday to Friday, minus national holidays and
 * collective leave days. Immutable; days may be given as `YYYY-MM-DD` or as instants
 * (an instant counts on its Jakarta day).
 *
 * Conventions, used by all SLA arithmetic of the platform:
 * - The day something starts is never counted: a period of N working days from an
 *   instant ends at the end of the Nth working day after that instant's Jakarta day,
 *   i.e. at 23:59:59.999+07:00 of that day (`addWorkingDays`). With N = 0 it ends at
 *   the end of the start day itself.
 * - `workingDaysBetween(start, end)` counts the working days after the start's day up
 *   to and including the end's day, so it is the inverse of `addWorkingDays`:
 *   `workingDaysBetween(s, addWorkingDays(s, n)) === n`, and anything done on the
 *   Nth working day reads N. It is negative when the end comes before the start.
 */
export class WorkingDayCalendar {
  private readonly daysOff = new Map<LocalDate, DayOffEntry>();
  private readonly published?: ReadonlyMap<number, CalendarYearBasis>;
  /** Unpublished years whose provisional days are registered: filled lazily, the answers never change. */
  private readonly provisionalYears = new Set<number>();

  constructor(private readonly config: WorkingDayCalendarConfig) {
    for (const day of config.nationalHolidays) this.register(day, 'national-holiday');
    for (const day of config.collectiveLeave) this.register(day, 'collective-leave');
    if (config.publishedYears) this.published = new Map(config.publishedYears.map((basis) => [basis.year, basis]));
  }

  /** Whether the year's decree is published (always, for a calendar built without `publishedYears`). */
  isPublished(year: number): boolean {
    return this.published === undefined || this.published.has(year);
  }

  /** The decree and amendments a published year rests on; undefined for a year not published. */
  basisOf(year: number): CalendarYearBasis | undefined {
    return this.published?.get(year);
  }

  /** N working days from an instant (see `addWorkingDays`), provisional when any year it spans is not published. */
  deadlineOf(startDateOrInstant: string, days: number): CalendarDeadline {
    const deadline = this.addWorkingDays(startDateOrInstant, days);
    return { deadline, provisional: !this.yearsBetween(startDateOrInstant, deadline).every((year) => this.isPublished(year)) };
  }

  /** The years from the start's Jakarta year to the end's, in order. */
  yearsBetween(startDateOrInstant: string, endDateOrInstant: string): number[] {
    const first = yearOf(toJakartaDate(startDateOrInstant));
    const last = yearOf(toJakartaDate(endDateOrInstant));
    return Array.from({ length: Math.max(0, last - first + 1) }, (_, index) => first + index);
  }

  /** A calendar with more days off; this one is left as it is. */
  withDaysOff(config: Pick<Partial<WorkingDayCalendarConfig>, 'nationalHolidays' | 'collectiveLeave'>): WorkingDayCalendar {
    return new WorkingDayCalendar({
      ...this.config,
      nationalHolidays: [...this.config.nationalHolidays, ...(config.nationalHolidays ?? [])],
      collectiveLeave: [...this.config.collectiveLeave, ...(config.collectiveLeave ?? [])],
    });
  }

  isWorkingDay(dateOrInstant: string): boolean {
    return this.nonWorkingReason(dateOrInstant) === undefined;
  }

  /** Why the day is not a working day, or undefined when it is one. */
  nonWorkingReason(dateOrInstant: string): NonWorkingReason | undefined {
    const date = toJakartaDate(dateOrInstant);
    this.fillProvisionalYear(yearOf(date));
    const dayOff = this.daysOff.get(date);
    if (dayOff) return dayOff.forecast ? { kind: dayOff.kind, name: dayOff.name, forecast: true } : { kind: dayOff.kind, name: dayOff.name };
    return isWeekend(date) ? { kind: 'weekend' } : undefined;
  }

  /** The first working day strictly after the given day. */
  nextWorkingDay(dateOrInstant: string): LocalDate {
    let dayNumber = dayNumberOf(toJakartaDate(dateOrInstant));
    do dayNumber++;
    while (!this.isWorkingDay(localDateOfDayNumber(dayNumber)));
    return localDateOfDayNumber(dayNumber);
  }

  /** The Nth working day after the start's Jakarta day (the start day itself when N = 0). */
  workingDayAfter(startDateOrInstant: string, days: number): LocalDate {
    if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`Working days must be a whole number >= 0, got ${days}`);
    let date = toJakartaDate(startDateOrInstant);
    for (let counted = 0; counted < days; counted++) date = this.nextWorkingDay(date);
    return date;
  }

  /** The deadline of N working days from an instant: the end (23:59:59.999+07:00) of the Nth working day after its day. */
  addWorkingDays(startDateOrInstant: string, days: number): string {
    return endOfJakartaDay(this.workingDayAfter(startDateOrInstant, days));
  }

  /** Working days after the start's Jakarta day up to and including the end's; negative when the end is earlier. */
  workingDaysBetween(startDateOrInstant: string, endDateOrInstant: string): number {
    const start = dayNumberOf(toJakartaDate(startDateOrInstant));
    const end = dayNumberOf(toJakartaDate(endDateOrInstant));
    if (end < start) return -this.workingDaysBetween(endDateOrInstant, startDateOrInstant);
    let count = 0;
    for (let dayNumber = start + 1; dayNumber <= end; dayNumber++) {
      if (this.isWorkingDay(localDateOfDayNumber(dayNumber))) count++;
    }
    return count;
  }

  /** Every day off in a year (weekends aside), in date order. */
  daysOffIn(year: number): readonly DayOffEntry[] {
    this.fillProvisionalYear(year);
    return [...this.daysOff.values()].filter((day) => day.date.startsWith(`${year}-`)).sort((a, b) => a.date.localeCompare(b.date));
  }

  private fillProvisionalYear(year: number): void {
    if (this.isPublished(year) || this.provisionalYears.has(year)) return;
    this.provisionalYears.add(year);
    for (const day of this.config.provisionalDaysOff?.(year) ?? []) this.register(day, 'national-holiday', day.forecast === true);
  }

  private register(day: DayOff, kind: DayOffEntry['kind'], forecast = false): void {
    if (!isLocalDate(day.date)) throw new RangeError(`Day off "${day.name}" has no valid YYYY-MM-DD date: ${day.date}`);
    // A date listed twice keeps its first entry: national holidays are registered first.
    if (this.daysOff.has(day.date)) return;
    this.daysOff.set(day.date, forecast ? { date: day.date, name: day.name, kind, forecast: true } : { date: day.date, name: day.name, kind });
  }
}

function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}
