import { dayNumberOf, epochMillisOf, jakartaDateOf, toJakartaIso } from '@palembang/working-days';
import { isWithinIfAny, PeriodRange } from '../periods/period';
import { median, percentileNearestRank, share } from '../statistics/statistics';
import { PermitCaseFacts } from './permit-facts';

/** Ageing of the undecided applications, in Jakarta calendar days since the day of submission. */
export const AGEING_BUCKETS = ['0', '1-2', '3-7', '8-30', '31-90', '>90'] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];
export type Ageing = Readonly<Record<AgeingBucket, number>>;

/**
 * The permit figures of one period for the facts given (filter them first: one
 * agency, one permit type, or the whole city). Each count attributes a case to the
 * period holding the instant it counts:
 * - received: submittedAt in the period;
 * - decided = approved + deemedApprovals + rejected: decidedAt in the period
 *   (withdrawals are counted apart and are no decision);
 * - slaBreaches: SlaBreached detected in the period (a deemed approval is counted in
 *   deemedApprovals, not here: the deadlines missed are slaBreaches + deemedApprovals);
 * - medianWorkingDays, p90WorkingDays (nearest rank): over the workingDaysToDecision
 *   of the cases decided in the period (decided without verification: left out);
 * - shareWithinStandard = casesWithinStandard / casesMeasured, over the cases decided
 *   in the period whose withinStandard is known;
 * - backlog and ageing: the applications open (submitted, neither decided nor
 *   withdrawn) at `asOf`, the end of the period or `now` if earlier.
 */
export type PermitFigures = Readonly<{
  received: number;
  decided: number;
  approved: number;
  deemedApprovals: number;
  rejected: number;
  withdrawn: number;
  slaBreaches: number;
  medianWorkingDays: number | null;
  p90WorkingDays: number | null;
  casesMeasured: number;
  casesWithinStandard: number;
  shareWithinStandard: number | null;
  asOf: string;
  backlog: number;
  ageing: Ageing;
}>;

export function permitMetrics(facts: readonly PermitCaseFacts[], period: PeriodRange, now: string): PermitFigures {
  const decidedInPeriod = facts.filter((fact) => fact.decision !== null && fact.decision !== 'withdrawn' && isWithinIfAny(fact.decidedAt, period));
  const count = (outcome: PermitCaseFacts['decision']) => decidedInPeriod.filter((fact) => fact.decision === outcome).length;
  const workingDays = decidedInPeriod.flatMap((fact) => (fact.workingDaysToDecision === null ? [] : [fact.workingDaysToDecision]));
  const measured = decidedInPeriod.filter((fact) => fact.withinStandard !== null);
  const casesWithinStandard = measured.filter((fact) => fact.withinStandard === true).length;
  const asOfMillis = Math.min(epochMillisOf(now), epochMillisOf(period.to) - 1);
  const open = facts.filter((fact) => isOpenAt(fact, asOfMillis));
  const asOf = toJakartaIso(new Date(asOfMillis).toISOString());
  return {
    received: facts.filter((fact) => isWithinIfAny(fact.submittedAt, period)).length,
    decided: decidedInPeriod.length,
    approved: count('approved'),
    deemedApprovals: count('deemed'),
    rejected: count('rejected'),
    withdrawn: facts.filter((fact) => fact.decision === 'withdrawn' && isWithinIfAny(fact.decidedAt, period)).length,
    slaBreaches: facts.filter((fact) => isWithinIfAny(fact.slaBreachedAt, period)).length,
    medianWorkingDays: median(workingDays),
    p90WorkingDays: percentileNearestRank(workingDays, 90),
    casesMeasured: measured.length,
    casesWithinStandard,
    shareWithinStandard: share(casesWithinStandard, measured.length),
    asOf,
    backlog: open.length,
    ageing: ageingOf(open.map((fact) => fact.submittedAt), asOf),
  };
}

/** Counts the instants by calendar days from their Jakarta day to the Jakarta day of `asOf`. */
export function ageingOf(submittedAt: readonly string[], asOf: string): Ageing {
  const ageing: Record<AgeingBucket, number> = { '0': 0, '1-2': 0, '3-7': 0, '8-30': 0, '31-90': 0, '>90': 0 };
  const today = dayNumberOf(jakartaDateOf(asOf));
  for (const instant of submittedAt) ageing[ageingBucketOf(today - dayNumberOf(jakartaDateOf(instant)))]++;
  return ageing;
}

export function ageingBucketOf(days: number): AgeingBucket {
  if (days <= 0) return '0';
  if (days <= 2) return '1-2';
  if (days <= 7) return '3-7';
  if (days <= 30) return '8-30';
  if (days <= 90) return '31-90';
  return '>90';
}

/** Submitted at or before the instant and not yet decided or withdrawn at it. */
function isOpenAt(fact: PermitCaseFacts, atMillis: number): boolean {
  if (epochMillisOf(fact.submittedAt) > atMillis) return false;
  return fact.decidedAt === null || epochMillisOf(fact.decidedAt) > atMillis;
}

