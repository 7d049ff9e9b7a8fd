import { CalendarDeadline, WorkingDayCalendar } from './working-day-calendar';

/** What deciders need of the calendar: the arithmetic, and whether a year is published and on what basis. */
export type DeadlineCalendar = Pick<WorkingDayCalendar, 'addWorkingDays' | 'workingDaysBetween' | 'deadlineOf' | 'isPublished' | 'basisOf' | 'yearsBetween'>;

/** A running clock, with what its deadline is computed from, so a calendar change can recompute it. */
export type RunningClock = CalendarDeadline & Readonly<{ startedAt: string; workingDays: number }>;

/** The years a deadline rests on, each with its decree and amendments, or null while not published. */
export type CalendarBasis = ReadonlyArray<Readonly<{ year: number; decree: string | null; amendments: readonly string[] }>>;

export type DeadlineRecalculation = Readonly<{
  previousDeadline: string;
  previousProvisional: boolean;
  deadline: string;
  provisional: boolean;
  calendar: CalendarBasis;
  /** Why, in Indonesian, for the timeline and public tracking. */
  reason: string;
}>;

/** Starts a clock of `workingDays` from `startedAt`. */
export function startClock(calendar: DeadlineCalendar, startedAt: string, workingDays: number): RunningClock {
  return { startedAt, workingDays, ...calendar.deadlineOf(startedAt, workingDays) };
}

/** The clock's deadline under the calendar as it is now; undefined when neither the deadline nor its provisional mark changed. */
export function recalculateClock(calendar: DeadlineCalendar, clock: RunningClock): DeadlineRecalculation | undefined {
  const next = calendar.deadlineOf(clock.startedAt, clock.workingDays);
  if (next.deadline === clock.deadline && next.provisional === clock.provisional) return undefined;
  const years = calendar.yearsBetween(clock.startedAt, next.deadline > clock.deadline ? next.deadline : clock.deadline);
  const basis = years.map((year) => {
    const published = calendar.basisOf(year);
    return { year, decree: published?.decree ?? (calendar.isPublished(year) ? '' : null), amendments: published?.amendments ?? [] };
  });
  return { previousDeadline: clock.deadline, previousProvisional: clock.provisional, ...next, calendar: basis, reason: reasonOf(clock, next, basis) };
}

export function applyRecalculation<C extends RunningClock>(clock: C, recalculation: Pick<DeadlineRecalculation, 'deadline' | 'provisional'>): C {
  return { ...clock, deadline: recalculation.deadline, provisional: recalculation.provisional };
}

function reasonOf(clock: RunningClock, next: CalendarDeadline, basis: CalendarBasis): string {
  const published = basis.filter((year) => year.decree !== null);
  const unpublished = basis.filter((year) => year.decree === null).map((year) => year.year);
  const amended = published.filter((year) => year.amendments.length > 0);
  const parts: string[] = [];
  if (clock.provisional && !next.provisional) parts.push(`kalender kerja ${published.map((year) => year.year).join(', ')} telah ditetapkan (${published.map((year) => year.decree).join('; ')})`);
  else if (amended.length > 0) parts.push(`kalender kerja diubah (${amended.map((year) => `${year.year}: ${year.amendments[year.amendments.length - 1]}`).join('; ')})`);
  else parts.push('kalender kerja diperbarui');
  if (unpublished.length > 0) parts.push(`kalender ${unpublished.join(', ')} belum ditetapkan: batas waktu masih perkiraan`);
  return `Batas waktu dihitung ulang: ${parts.join('; ')}`;
}
