import { isAfter } from '@palembang/working-days';
import { isWithin, isWithinIfAny, PeriodRange } from '../periods/period';
import { median, share } from '../statistics/statistics';
import { ComplaintCaseFacts } from './complaint-facts';

/**
 * The complaint figures of one period for the facts given (filter them first: one
 * agency, one category, or the whole city). Each figure takes the complaints whose
 * counted instant lies in the period:
 * - received, archived: receivedAt, archivedAt;
 * - shareVerifiedWithin3WorkingDays: the complaints received in the period whose
 *   verification is settled, a pending one counting as late once `now` is past its
 *   deadline;
 * - medianFirstResponseWorkingDays: firstResponseAt;
 * - medianResolutionWorkingDays, shareResolvedWithinDeadline
 *   (= resolvedWithinDeadline / resolved): resolvedAt, the current resolution;
 * - reopenRate: of the complaints first resolved in the period, the share reopened at
 *   least once (so far);
 * - escalations: VerificationOverdue and FollowUpOverdue detected in the period.
 */
export type ComplaintFigures = Readonly<{
  received: number;
  archived: number;
  verificationsMeasured: number;
  verifiedWithinDeadline: number;
  shareVerifiedWithin3WorkingDays: number | null;
  medianFirstResponseWorkingDays: number | null;
  resolved: number;
  resolvedWithinDeadline: number;
  medianResolutionWorkingDays: number | null;
  shareResolvedWithinDeadline: number | null;
  firstResolved: number;
  reopened: number;
  reopenRate: number | null;
  escalations: number;
}>;

export function complaintMetrics(facts: readonly ComplaintCaseFacts[], period: PeriodRange, now: string): ComplaintFigures {
  const received = facts.filter((fact) => isWithin(fact.receivedAt, period));
  const verifications = received.flatMap((fact) => {
    const outcome = verificationOutcomeAt(fact, now);
    return outcome === null ? [] : [outcome];
  });
  const verifiedWithinDeadline = verifications.filter(Boolean).length;
  const responseDays = facts.flatMap((fact) => (isWithinIfAny(fact.firstResponseAt, period) && fact.firstResponseWorkingDays !== null ? [fact.firstResponseWorkingDays] : []));
  const resolved = facts.filter((fact) => isWithinIfAny(fact.resolvedAt, period));
  const resolvedWithinDeadline = resolved.filter((fact) => fact.resolvedWithinDeadline === true).length;
  const resolutionDays = resolved.flatMap((fact) => (fact.resolutionWorkingDays === null ? [] : [fact.resolutionWorkingDays]));
  const firstResolved = facts.filter((fact) => isWithinIfAny(fact.firstResolvedAt, period));
  const reopened = firstResolved.filter((fact) => fact.reopenCount > 0).length;
  return {
    received: received.length,
    archived: facts.filter((fact) => isWithinIfAny(fact.archivedAt, period)).length,
    verificationsMeasured: verifications.length,
    verifiedWithinDeadline,
    shareVerifiedWithin3WorkingDays: share(verifiedWithinDeadline, verifications.length),
    medianFirstResponseWorkingDays: median(responseDays),
    resolved: resolved.length,
    resolvedWithinDeadline,
    medianResolutionWorkingDays: median(resolutionDays),
    shareResolvedWithinDeadline: share(resolvedWithinDeadline, resolved.length),
    firstResolved: firstResolved.length,
    reopened,
    reopenRate: share(reopened, firstResolved.length),
    escalations: facts.reduce((sum, fact) => sum + fact.escalations.filter((escalation) => isWithin(escalation.at, period)).length, 0),
  };
}

/** Whether the verification was (or, being overdue at `now`, will have been) within its deadline; null while it may still be. */
function verificationOutcomeAt(fact: ComplaintCaseFacts, now: string): boolean | null {
  if (fact.verifiedWithinDeadline !== null) return fact.verifiedWithinDeadline;
  return isAfter(now, fact.verificationDeadline) ? false : null;
}
