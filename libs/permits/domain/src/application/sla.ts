import { DeadlineCalendar, isAfter, startClock } from '@palembang/working-days';
import { SlaClock } from './permit-application';

/** The calendar the SLA rules need: working-day arithmetic and which years are published. */
export type SlaCalendar = DeadlineCalendar;

/**
 * The SLA clock starts when a complete application is verified: the deadline is the
 * end (23:59:59.999 +07:00) of the Nth working day after the verification day,
 * provisional while it rests on a year whose calendar is not published.
 */
export function startSlaClock(calendar: SlaCalendar, verifiedAt: string, processingDays: number): SlaClock {
  return { ...startClock(calendar, verifiedAt, processingDays), breached: false };
}

/**
 * The clock pauses while the applicant revises. The day the revision is requested
 * still counts for the agency; the working days after it, up to and including the day
 * of resubmission, are the paused days. They are added to the clock's working days and
 * the deadline is computed again from the start, on the calendar as it stands: the same
 * day as moving the paused deadline by that many working days. A revision answered the
 * same day moves nothing.
 */
export function resumeClock(calendar: SlaCalendar, paused: SlaClock, requestedAt: string, resubmittedAt: string): { pausedWorkingDays: number; clock: SlaClock } {
  const pausedWorkingDays = Math.max(0, calendar.workingDaysBetween(requestedAt, resubmittedAt));
  return { pausedWorkingDays, clock: { ...paused, ...startClock(calendar, paused.startedAt, paused.workingDays + pausedWorkingDays) } };
}

/** The deadline has passed once `now` is after its last millisecond. */
export function deadlinePassed(sla: SlaClock, now: string): boolean {
  return isAfter(now, sla.deadline);
}

/** A deadline decides (deemed approval, breach) only once passed and no longer provisional. */
export function deadlineDue(sla: SlaClock, now: string): boolean {
  return !sla.provisional && deadlinePassed(sla, now);
}
