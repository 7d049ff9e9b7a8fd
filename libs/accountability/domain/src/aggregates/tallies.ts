import { emptySkmTally, SKM_ELEMENT_CODES, SkmElementCode, SkmTally } from '@palembang/satisfaction';
import { epochMillisOf, isAfter, jakartaDateOf, toJakartaIso } from '@palembang/working-days';
import { ComplaintFigures } from '../complaints/complaint-metrics';
import { PeriodRange } from '../periods/period';
import { Ageing, AGEING_BUCKETS, PermitFigures } from '../permits/permit-metrics';
import { AgencyRankingInputs, countedShare } from '../ranking/ranking';
import { satisfactionObservation } from '../ranking/ranking-inputs';
import { addToHistogram, Histogram, histogramMedian, histogramPercentile } from '../statistics/histogram';
import { share } from '../statistics/statistics';
import { TrainingFigures } from '../training/training-metrics';
import { DayContribution, MEASURES, OPEN_AGE_THRESHOLDS, PENDING_MEASURES, PendingContribution } from './contributions';

/** Pending cases past their deadline at `now`, counted three ways (see addPending). */
export type OverdueCounts = { deadlineInPeriod: number; deadlineBeforeEnd: number; sinceInPeriod: number };

/**
 * The aggregates of one group (an agency, or one of its services) for one period
 * and instant: what every figure is computed from.
 * - `amounts`: measure -> value -> the sum over the period's days;
 * - `openAtAsOf`: each open-age measure summed over every day up to the Jakarta day of
 *   the period's `asOf` (its end, or now if earlier);
 * - `overdue`: pending measures whose deadline passed before now.
 */
export class Tallies {
  readonly amounts = new Map<string, Map<number, number>>();
  readonly openAtAsOf = new Map<string, number>();
  readonly overdue = new Map<string, OverdueCounts>();

  add(measure: string, value: number, amount: number): void {
    let histogram = this.amounts.get(measure);
    if (!histogram) this.amounts.set(measure, (histogram = new Map()));
    addToHistogram(histogram, value, amount);
  }

  addOpen(measure: string, amount: number): void {
    this.openAtAsOf.set(measure, (this.openAtAsOf.get(measure) ?? 0) + amount);
  }

  addOverdue(measure: string, counts: OverdueCounts): void {
    const sofar = this.overdue.get(measure) ?? { deadlineInPeriod: 0, deadlineBeforeEnd: 0, sinceInPeriod: 0 };
    this.overdue.set(measure, {
      deadlineInPeriod: sofar.deadlineInPeriod + counts.deadlineInPeriod,
      deadlineBeforeEnd: sofar.deadlineBeforeEnd + counts.deadlineBeforeEnd,
      sinceInPeriod: sofar.sinceInPeriod + counts.sinceInPeriod,
    });
  }

  sum(measure: string): number {
    let total = 0;
    for (const amount of this.amounts.get(measure)?.values() ?? []) total += amount;
    return total;
  }

  histogram(measure: string): Histogram {
    return this.amounts.get(measure) ?? new Map();
  }

  overdueOf(measure: string): OverdueCounts {
    return this.overdue.get(measure) ?? { deadlineInPeriod: 0, deadlineBeforeEnd: 0, sinceInPeriod: 0 };
  }
}

/** The instant backlogs are counted at: the end of the period, or `now` if earlier (as permitMetrics counts them). */
export function backlogInstantOf(period: PeriodRange, now: string): string {
  return toJakartaIso(new Date(Math.min(epochMillisOf(now), epochMillisOf(period.to) - 1)).toISOString());
}

/** The period's Jakarta days as [first, next period's first) and the day backlogs are counted at. */
export function periodDays(period: PeriodRange, now: string): Readonly<{ fromDay: string; toDay: string; asOfDay: string }> {
  return { fromDay: jakartaDateOf(period.from), toDay: jakartaDateOf(period.to), asOfDay: jakartaDateOf(backlogInstantOf(period, now)) };
}

/**
 * The tallies of contributions (of any number of cases) for one period and instant, grouped by
 * `groupOf`: what the reader's queries over the aggregate tables return, computed in memory.
 * The reference the SQL is tested against, and what the domain's own tests use.
 */
export function talliesOfContributions(
  contributions: Readonly<{ days: readonly DayContribution[]; pending: readonly PendingContribution[] }>,
  period: PeriodRange,
  now: string,
  groupOf: (entry: DayContribution | PendingContribution) => string,
): Map<string, Tallies> {
  const groups = new Map<string, Tallies>();
  const tallies = (entry: DayContribution | PendingContribution) => {
    const key = groupOf(entry);
    let found = groups.get(key);
    if (!found) groups.set(key, (found = new Tallies()));
    return found;
  };
  const { fromDay, toDay, asOfDay } = periodDays(period, now);
  for (const entry of contributions.days) {
    if (entry.day >= fromDay && entry.day < toDay) tallies(entry).add(entry.measure, entry.value, entry.amount);
    if (isOpenAgeMeasure(entry.measure) && entry.day <= asOfDay) tallies(entry).addOpen(entry.measure, entry.amount);
  }
  for (const entry of contributions.pending) addPending(tallies(entry), entry, period, now);
  return groups;
}

/**
 * A pending case counts only once its deadline passed (`now` after it): towards the period its
 * deadline passed in, towards the backlog past deadline at the end of the view (the period's end,
 * or now if earlier), and towards the period of the day it is counted from.
 */
export function addPending(tallies: Tallies, entry: PendingContribution, period: PeriodRange, now: string): void {
  if (!isAfter(now, entry.deadline)) return;
  const deadline = epochMillisOf(entry.deadline);
  const { fromDay, toDay } = periodDays(period, now);
  const endOfView = Math.min(epochMillisOf(now), epochMillisOf(period.to));
  tallies.addOverdue(entry.measure, {
    deadlineInPeriod: deadline >= epochMillisOf(period.from) && deadline < epochMillisOf(period.to) ? entry.amount : 0,
    deadlineBeforeEnd: deadline < endOfView ? entry.amount : 0,
    sinceInPeriod: entry.sinceDay >= fromDay && entry.sinceDay < toDay ? entry.amount : 0,
  });
}

export function isOpenAgeMeasure(measure: string): boolean {
  return measure.startsWith('permit.open-age-');
}

/** The permit figures (see PermitFigures) from the tallies of an agency or a permit type. */
export function permitFiguresOfTallies(tallies: Tallies, period: PeriodRange, now: string): PermitFigures {
  const approved = tallies.sum(MEASURES.permitApproved);
  const deemedApprovals = tallies.sum(MEASURES.permitDeemed);
  const rejected = tallies.sum(MEASURES.permitRejected);
  const casesMeasured = tallies.sum(MEASURES.permitMeasured);
  const casesWithinStandard = tallies.sum(MEASURES.permitWithinStandard);
  const workingDays = tallies.histogram(MEASURES.permitWorkingDays);
  const openFor = (threshold: number) => tallies.openAtAsOf.get(MEASURES.permitOpenAge(threshold)) ?? 0;
  return {
    received: tallies.sum(MEASURES.permitReceived),
    decided: approved + deemedApprovals + rejected,
    approved,
    deemedApprovals,
    rejected,
    withdrawn: tallies.sum(MEASURES.permitWithdrawn),
    slaBreaches: tallies.sum(MEASURES.permitSlaBreaches),
    medianWorkingDays: histogramMedian(workingDays),
    p90WorkingDays: histogramPercentile(workingDays, 90),
    casesMeasured,
    casesWithinStandard,
    shareWithinStandard: share(casesWithinStandard, casesMeasured),
    asOf: backlogInstantOf(period, now),
    backlog: openFor(0),
    ageing: ageingOfOpenCounts(openFor),
  };
}

/** Bucket k holds the cases open at least threshold k and less than threshold k + 1 days. */
function ageingOfOpenCounts(openFor: (threshold: number) => number): Ageing {
  const entries = AGEING_BUCKETS.map((bucket, index) => {
    const next = OPEN_AGE_THRESHOLDS[index + 1];
    return [bucket, openFor(OPEN_AGE_THRESHOLDS[index]) - (next === undefined ? 0 : openFor(next))] as const;
  });
  return Object.fromEntries(entries) as unknown as Ageing;
}

/** The complaint figures (see ComplaintFigures) from the tallies of an agency or a category. */
export function complaintFiguresOfTallies(tallies: Tallies): ComplaintFigures {
  const verificationsMeasured = tallies.sum(MEASURES.complaintVerifications) + tallies.overdueOf(PENDING_MEASURES.complaintVerification).sinceInPeriod;
  const verifiedWithinDeadline = tallies.sum(MEASURES.complaintVerifiedWithin);
  const resolved = tallies.sum(MEASURES.complaintResolved);
  const resolvedWithinDeadline = tallies.sum(MEASURES.complaintResolvedWithin);
  const firstResolved = tallies.sum(MEASURES.complaintFirstResolved);
  const reopened = tallies.sum(MEASURES.complaintReopened);
  return {
    received: tallies.sum(MEASURES.complaintReceived),
    archived: tallies.sum(MEASURES.complaintArchived),
    verificationsMeasured,
    verifiedWithinDeadline,
    shareVerifiedWithin3WorkingDays: share(verifiedWithinDeadline, verificationsMeasured),
    medianFirstResponseWorkingDays: histogramMedian(tallies.histogram(MEASURES.complaintFirstResponseDays)),
    resolved,
    resolvedWithinDeadline,
    medianResolutionWorkingDays: histogramMedian(tallies.histogram(MEASURES.complaintResolutionDays)),
    shareResolvedWithinDeadline: share(resolvedWithinDeadline, resolved),
    firstResolved,
    reopened,
    reopenRate: share(reopened, firstResolved),
    escalations: tallies.sum(MEASURES.complaintEscalations),
  };
}

/** The SKM tally (respondents and per-element sums) of the surveys in the tallies. */
export function skmTallyOfTallies(tallies: Tallies): SkmTally {
  const respondents = tallies.sum(MEASURES.skmRespondents);
  if (respondents === 0) return emptySkmTally();
  const sums = Object.fromEntries(SKM_ELEMENT_CODES.map((code) => [code, tallies.sum(MEASURES.skmElement(code))])) as Record<SkmElementCode, number>;
  return { respondents, sums };
}

/** One agency's training totals of a year: what trainingMetrics computes from the roster and the credits. */
export type TrainingTotals = Readonly<{ civilServants: number; totalJp: number; meeting20Jp: number; completions: number }>;

export function trainingFiguresOfTotals(year: number, totals: TrainingTotals): TrainingFigures {
  const { civilServants, totalJp, meeting20Jp, completions } = totals;
  return { year, civilServants, totalJp, jpPerCivilServant: civilServants === 0 ? null : totalJp / civilServants, meeting20Jp, shareMeeting20Jp: share(meeting20Jp, civilServants), completions };
}

/**
 * The ranking's observations of one agency (see rankingInputsOf, whose rules these are), from its
 * tallies: permits and complaints pending past a deadline that passed in the period are failures of
 * the period; the backlog component counts every case pending past its deadline by the end of the view.
 */
export function rankingInputsOfTallies(
  agencyId: string,
  tallies: Tallies,
  satisfaction: Readonly<{ ikm: number; respondents: number }> | null,
  training: Readonly<{ meeting20Jp: number; civilServants: number }>,
  period: PeriodRange,
  now: string,
): AgencyRankingInputs {
  const permits = permitFiguresOfTallies(tallies, period, now);
  const complaints = complaintFiguresOfTallies(tallies);
  const permitsOverdue = tallies.overdueOf(PENDING_MEASURES.permit);
  const complaintsOverdue = tallies.overdueOf(PENDING_MEASURES.complaint);
  const closed = permits.decided + complaints.resolved;
  return {
    agencyId,
    components: {
      permits: countedShare(permits.casesWithinStandard, permits.casesMeasured + permitsOverdue.deadlineInPeriod),
      complaints: countedShare(complaints.resolvedWithinDeadline, complaints.resolved + complaintsOverdue.deadlineInPeriod),
      backlog: countedShare(closed, closed + permitsOverdue.deadlineBeforeEnd + complaintsOverdue.deadlineBeforeEnd),
      satisfaction: satisfactionObservation(satisfaction),
      training: countedShare(training.meeting20Jp, training.civilServants),
    },
  };
}

/**
 * The backlog past deadline of a period, the ranking's backlog component as figures: cases pending
 * past a deadline that passed before the end of the view (the period's end, or now if earlier),
 * permits and complaints, against the cases closed in the period (permit decisions and complaint
 * resolutions); share = closed / (closed + pending), null without either.
 */
export type BacklogPastDeadline = Readonly<{ permitsPending: number; complaintsPending: number; closed: number; share: number | null }>;

export function backlogPastDeadlineOfTallies(tallies: Tallies, period: PeriodRange, now: string): BacklogPastDeadline {
  const permitsPending = tallies.overdueOf(PENDING_MEASURES.permit).deadlineBeforeEnd;
  const complaintsPending = tallies.overdueOf(PENDING_MEASURES.complaint).deadlineBeforeEnd;
  const permits = permitFiguresOfTallies(tallies, period, now);
  const closed = permits.decided + tallies.sum(MEASURES.complaintResolved);
  return { permitsPending, complaintsPending, closed, share: share(closed, closed + permitsPending + complaintsPending) };
}
