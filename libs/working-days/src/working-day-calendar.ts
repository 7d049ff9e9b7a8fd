import { dayNumberOf, endOfJakartaDay, isLocalDate, isWeekend, LocalDate, localDateOfDayNumber, toJakartaDate } from './local-date';

/** A day off on a weekday: a national holiday or a collective leave day (cuti bersama). */
export type DayOff = Readonly<{ date: LocalDate; name: string }>;

export type WorkingDayCalendarConfig = Readonly<{
  nationalHolidays: readonly DayOff[];
  /** Cuti bersama: collective leave of civil servants, set yearly by joint ministerial decree (SKB). */
  collectiveLeave: readonly DayOff[];
}>;

/** A registered day off and what kind it is. */
export type DayOffEntry = DayOff & Readonly<{ kind: 'national-holiday' | 'collective-leave' }>;

/** Why a day is not a working day. */
export type NonWorkingReason = Readonly<{ kind: 'weekend' }> | Readonly<{ kind: 'national-holiday' | 'collective-leave'; name: string }>;

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

  constructor(config: WorkingDayCalendarConfig) {
    for (const day of config.nationalHolidays) this.register(day, 'national-holiday');
    for (const day of config.collectiveLeave) this.register(day, 'collective-leave');
  }

  /** A calendar with more days off; this one is left as it is. */
  withDaysOff(config: Partial<WorkingDayCalendarConfig>): WorkingDayCalendar {
    const own = (kind: DayOffEntry['kind']): DayOff[] => [...this.daysOff.values()].filter((day) => day.kind === kind);
    return new WorkingDayCalendar({
      nationalHolidays: [...own('national-holiday'), ...(config.nationalHolidays ?? [])],
      collectiveLeave: [...own('collective-leave'), ...(config.collectiveLeave ?? [])],
    });
  }

  isWorkingDay(dateOrInstant: string): boolean {
    return this.nonWorkingReason(dateOrInstant) === undefined;
  }

  /** Why the day is not a working day, or undefined when it is one. */
  nonWorkingReason(dateOrInstant: string): NonWorkingReason | undefined {
    const date = toJakartaDate(dateOrInstant);
    const dayOff = this.daysOff.get(date);
    if (dayOff) return { kind: dayOff.kind, name: dayOff.name };
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
    return [...this.daysOff.values()].filter((day) => day.date.startsWith(`${year}-`)).sort((a, b) => a.date.localeCompare(b.date));
  }

  private register(day: DayOff, kind: DayOffEntry['kind']): void {
    if (!isLocalDate(day.date)) throw new RangeError(`Day off "${day.name}" has no valid YYYY-MM-DD date: ${day.date}`);
    // A date listed twice keeps its first entry: national holidays are registered first.
    if (!this.daysOff.has(day.date)) this.daysOff.set(day.date, { date: day.date, name: day.name, kind });
  }
}
