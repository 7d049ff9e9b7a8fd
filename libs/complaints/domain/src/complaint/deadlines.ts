import { isAfter, WorkingDayCalendar } from '@palembang/working-days';
import { FOLLOW_UP_WORKING_DAYS, FollowUpKind } from '../categories/complaint-category';
import { Complaint, DeadlineClock } from './complaint';

/** The calendar arithmetic the deadline rules need. */
export type DeadlineCalendar = Pick<WorkingDayCalendar, 'addWorkingDays'>;

/** The desk verifies a report within 3 working days of its receipt (and reroutes a declined one within 3 of the decline). */
export const VERIFICATION_WORKING_DAYS = 3;

/**
 * Every deadline ends at the end (23:59:59.999 +07:00) of the Nth working day after
 * the day it starts on; the starting day itself never counts.
 */
export function verificationDeadline(calendar: DeadlineCalendar, receivedAt: string): string {
  return calendar.addWorkingDays(receivedAt, VERIFICATION_WORKING_DAYS);
}

/** The follow-up deadline runs from the routing (or the reopening) by the kind of follow-up. */
export function followUpDeadline(calendar: DeadlineCalendar, routedAt: string, kind: FollowUpKind): string {
  return calendar.addWorkingDays(routedAt, FOLLOW_UP_WORKING_DAYS[kind]);
}

export function autoCloseAt(calendar: DeadlineCalendar, resolvedAt: string, autoCloseWorkingDays: number): string {
  return calendar.addWorkingDays(resolvedAt, autoCloseWorkingDays);
}

/** A deadline has passed once `now` is after its last millisecond. */
export function deadlinePassed(deadline: string, now: string): boolean {
  return isAfter(now, deadline);
}

export type NextDeadline = Readonly<{ kind: 'verification' | 'follow-up' | 'auto-close'; at: string }>;

/**
 * What the deadline watcher should send CheckDeadlines for, and when: the running
 * deadline whose passing still has an effect. Null when nothing is due any more: the
 * complaint is closed or archived, or its running deadline was already escalated
 * (a reroute, an acceptance or a reopening sets the next one).
 */
export function nextDeadlineOf(state: Complaint): NextDeadline | null {
  switch (state.status) {
    case 'received':
    case 'awaiting-reroute':
      return pending('verification', state.verification);
    case 'routed':
    case 'in-progress':
      return pending('follow-up', state.followUp);
    case 'resolved':
      return { kind: 'auto-close', at: state.autoCloseAt };
    default:
      return null;
  }
}

function pending(kind: NextDeadline['kind'], clock: DeadlineClock): NextDeadline | null {
  return clock.escalated ? null : { kind, at: clock.deadline };
}

/** Open in the Open311 sense: still to be handled. Closed and archived complaints (and unknown ones) are not. */
export function isOpen(state: Complaint): boolean {
  return state.status !== 'absent' && state.status !== 'closed' && state.status !== 'archived';
}
