import { isAfter } from '@palembang/working-days';
import { ComplaintCaseFacts } from '../complaints/complaint-facts';
import { complaintMetrics } from '../complaints/complaint-metrics';
import { isWithin, PeriodRange } from '../periods/period';
import { PermitCaseFacts } from '../permits/permit-facts';
import { permitMetrics } from '../permits/permit-metrics';
import { AgencyRankingInputs, countedShare, Observation } from './ranking';

/** What one agency's ranking stands on, for one period. */
export type AgencyRankingFacts = Readonly<{
  agencyId: string;
  permits: readonly PermitCaseFacts[];
  complaints: readonly ComplaintCaseFacts[];
  /** The unrounded IKM (25..100) and its respondents; null without a survey. */
  satisfaction: Readonly<{ ikm: number; respondents: number }> | null;
  training: Readonly<{ meeting20Jp: number; civilServants: number }>;
}>;

/**
 * A permit application is pending past its deadline while it is undecided, not with the
 * applicant (a paused clock is the applicant's time) and its SLA deadline has passed. An
 * unverified application has no deadline yet (the permits context starts the clock at
 * verification) and is not counted.
 */
export function isPermitPastDeadline(fact: PermitCaseFacts, at: string): fact is PermitCaseFacts & { slaDeadline: string } {
  return fact.decision === null && fact.pausedSince === null && fact.slaDeadline !== null && isAfter(at, fact.slaDeadline);
}

/**
 * The deadline a complaint is pending against: the verification deadline while neither verified nor
 * archived, the follow-up deadline in force while verified and not resolved (again, after a dispute);
 * null once resolved or closed.
 */
export function pendingComplaintDeadline(fact: ComplaintCaseFacts): string | null {
  if (fact.closedAt !== null || fact.archivedAt !== null) return null;
  if (fact.verifiedAt === null) return fact.verificationDeadline;
  return fact.resolvedAt === null ? (fact.followUpDeadline ?? null) : null;
}

/**
 * The ranking's observations of one agency in one period. A pending case past its deadline
 * is a failure of the period in which its deadline passed, as long as it stays pending
 * (once decided late, it is a failure of its decision's period instead, so it counts once):
 * - permits: within standard / (measured decisions + applications past deadline whose deadline lies in the period);
 * - complaints: resolved within deadline / (resolutions + complaints past their verification or follow-up deadline, which lies in the period);
 * - backlog: closed in the period / (closed + every case pending past its deadline by the period's end), permits and complaints together.
 */
export function rankingInputsOf(facts: AgencyRankingFacts, period: PeriodRange, now: string): AgencyRankingInputs {
  const permits = permitMetrics(facts.permits, period, now);
  const complaints = complaintMetrics(facts.complaints, period, now);
  const permitsOverdue = facts.permits.filter((fact) => isPermitPastDeadline(fact, now));
  const complaintDeadlinesPassed = facts.complaints.flatMap((fact) => {
    const deadline = pendingComplaintDeadline(fact);
    return deadline !== null && isAfter(now, deadline) ? [deadline] : [];
  });
  const permitFailuresOfPeriod = permitsOverdue.filter((fact) => isWithin(fact.slaDeadline, period)).length;
  const complaintFailuresOfPeriod = complaintDeadlinesPassed.filter((deadline) => isWithin(deadline, period)).length;
  const endOfView = isAfter(now, period.to) ? period.to : now;
  const overdueByEnd = permitsOverdue.filter((fact) => isAfter(endOfView, fact.slaDeadline)).length + complaintDeadlinesPassed.filter((deadline) => isAfter(endOfView, deadline)).length;
  const closed = permits.decided + complaints.resolved;
  return {
    agencyId: facts.agencyId,
    components: {
      permits: countedShare(permits.casesWithinStandard, permits.casesMeasured + permitFailuresOfPeriod),
      complaints: countedShare(complaints.resolvedWithinDeadline, complaints.resolved + complaintFailuresOfPeriod),
      backlog: countedShare(closed, closed + overdueByEnd),
      satisfaction: satisfactionObservation(facts.satisfaction),
      training: countedShare(facts.training.meeting20Jp, facts.training.civilServants),
    },
  };
}

export function satisfactionObservation(satisfaction: AgencyRankingFacts['satisfaction']): Observation | null {
  if (satisfaction === null || satisfaction.respondents === 0) return null;
  return { share: satisfaction.ikm / 100, cases: satisfaction.respondents };
}
