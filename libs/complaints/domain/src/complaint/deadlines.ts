import { CalendarDeadline, DeadlineCalendar, DeadlineRecalculation, isAfter, recalculateClock, RunningClock, startClock } from '@palembang/working-days';
import { FOLLOW_UP_WORKING_DAYS, FollowUpKind } from '../categories/complaint-category';
import { ClockName, Complaint, VERIFICATION_WORKING_DAYS } from './complaint';

/**
 * Every deadline ends at the end (23:59:59.999 +07:00) of the Nth working day after
 * the day it starts on; the starting day itself never counts. It is provisional while
 * any year it spans has no published calendar.
 */
export function verificationClock(calendar: DeadlineCalendar, receivedAt: string): RunningClock {
  return startClock(calendar, receivedAt, VERIFICATION_WORKING_DAYS);
}

/** The follow-up deadline runs from the routing (or the reopening) by the kind of follow-up. */
export function followUpClock(calendar: DeadlineCalendar, routedAt: string, kind: FollowUpKind): RunningClock {
  return startClock(calendar, routedAt, FOLLOW_UP_WORKING_DAYS[kind]);
}

export function autoCloseClock(calendar: DeadlineCalendar, resolvedAt: string, autoCloseWorkingDays: number): RunningClock {
  return startClock(calendar, resolvedAt, autoCloseWorkingDays);
}

/** A deadline has passed once `now` is after its last millisecond. */
export function deadlinePassed(deadline: string, now: string): boolean {
  return isAfter(now, deadline);
}

/** A deadline whose passing has an effect: passed, and final (never on a provisional deadline). */
export function deadlineDue(clock: CalendarDeadline, now: string): boolean {
  return !clock.provisional && deadlinePassed(clock.deadline, now);
}

/**
 * The clock running now, escalated or not: verification while with the desk, follow-up
 * while with an agency, auto-close once resolved; null once closed or archived.
 * `workingDays` is null for an auto-close clock of an older resolution, which is never recalculated.
 */
export type ComplaintClock = Readonly<{ name: ClockName; clock: CalendarDeadline & Readonly<{ startedAt: string; workingDays: number | null; escalated: boolean }> }>;

export function runningClockOf(state: Complaint): ComplaintClock | null {
  switch (state.status) {
    case 'received':
    case 'awaiting-reroute':
      return { name: 'verification', clock: state.verification };
    case 'routed':
    case 'in-progress':
      return { name: 'follow-up', clock: state.followUp };
    case 'resolved':
      return { name: 'auto-close', clock: { ...state.autoClose, escalated: false } };
    default:
      return null;
  }
}

/** The running clock under the calendar as it is now; undefined when nothing changed or the clock cannot be recomputed. */
export function recalculationOf(calendar: DeadlineCalendar, running: ComplaintClock): DeadlineRecalculation | undefined {
  const { startedAt, workingDays, deadline, provisional } = running.clock;
  return workingDays === null ? undefined : recalculateClock(calendar, { startedAt, workingDays, deadline, provisional });
}

export type NextDeadline = Readonly<{ kind: ClockName; at: string; provisional: boolean }>;

/**
 * What the deadline watcher should send CheckDeadlines for, and when: the running
 * deadline whose passing still has an effect. Null when nothing is due any more: the
 * complaint is closed or archived, or its running deadline was already escalated
 * (a reroute, an acceptance or a reopening sets the next one). A provisional one is
 * returned as such: the watcher leaves it until the calendar makes it final.
 */
export function nextDeadlineOf(state: Complaint): NextDeadline | null {
  const running = runningClockOf(state);
  if (!running || running.clock.escalated) return null;
  return { kind: running.name, at: running.clock.deadline, provisional: running.clock.provisional };
}

/** Open in the Open311 sense: still to be handled. Closed and archived complaints (and unknown ones) are not. */
export function isOpen(state: Complaint): boolean {
  return state.status !== 'absent' && state.status !== 'closed' && state.status !== 'archived';
}
