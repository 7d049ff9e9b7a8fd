import { isAfter, WorkingDayCalendar } from '@palembang/working-days';
import { SlaClock } from './permit-application';

/** The calendar arithmetic the SLA rules need. */
export type SlaCalendar = Pick<WorkingDayCalendar, 'addWorkingDays' | 'workingDaysBetween'>;

/**
 * The SLA clock starts when a complete application is verified: the deadline is the
 * end (23:59:59.999 +07:00) of the Nth working day after the verification day.
 */
export function slaDeadline(calendar: SlaCalendar, verifiedAt: string, processingDays: number): string {
  return calendar.addWorkingDays(verifiedAt, processingDays);
}

/**
 * The clock pauses while the applicant revises. The day the revision is requested
 * still counts for the agency; the working days after it, up to and including the day
 * of resubmission, are the paused days, and the deadline moves by that many working
 * days. This equals restarting the clock on the resubmission day with the working days
 * that remained after the request day; a revision answered the same day moves nothing.
 */
export function resumeClock(calendar: SlaCalendar, paused: SlaClock, requestedAt: string, resubmittedAt: string): { pausedWorkingDays: number; deadline: string } {
  const pausedWorkingDays = Math.max(0, calendar.workingDaysBetween(requestedAt, resubmittedAt));
  return { pausedWorkingDays, deadline: calendar.addWorkingDays(paused.deadline, pausedWorkingDays) };
}

/** The deadline has passed once `now` is after its last millisecond. */
export function deadlinePassed(sla: SlaClock, now: string): boolean {
  return isAfter(now, sla.deadline);
}
