import { dayNumberOf, jakartaDateOf, localDateOfDayNumber } from '@palembang/working-days';
import { SKM_ELEMENT_CODES } from '@palembang/satisfaction';
import { ComplaintCaseFacts } from '../complaints/complaint-facts';
import { PermitCaseFacts } from '../permits/permit-facts';
import { pendingComplaintDeadline } from '../ranking/ranking-inputs';
import { SurveyFacts } from '../satisfaction/satisfaction-metrics';
import { MINIMUM_JP_PER_YEAR } from '../training/training-metrics';

/**
 * What one case adds to the aggregates the figures are read from. A projection
 * keeps, per agency, service, period and measure, the sum of these; when a case
 * changes it subtracts what the case added before and adds what it adds now
 * (contributionDelta), in the transaction that changes the case, so the sums are
 * always those of the cases as they are, and a replay in any batching gives the
 * same sums.
 *
 * Two kinds:
 * - a day contribution: `amount` to `measure` (with `value`, for a histogram of
 *   whole working days; 0 otherwise) on a Jakarta day, kept for the day, its
 *   month and its year;
 * - a pending contribution: a case pending against a deadline (one that passes
 *   with time, so it is kept by deadline instant and compared with the clock when
 *   read), with the day it is counted from (`sinceDay`).
 */
export type ServiceKind = string;

export type AggregateKey = Readonly<{ agencyId: string; serviceKind: ServiceKind; serviceCode: string; measure: string }>;
export type DayContribution = AggregateKey & Readonly<{ day: string; value: number; amount: number }>;
export type PendingContribution = AggregateKey & Readonly<{ sinceDay: string; deadline: string; amount: number }>;
export type Contributions = Readonly<{ days: readonly DayContribution[]; pending: readonly PendingContribution[] }>;

export const NO_CONTRIBUTIONS: Contributions = { days: [], pending: [] };

/** The ages (calendar days since the day of submission) the ageing buckets start at; 0 is the backlog itself. */
export const OPEN_AGE_THRESHOLDS = [0, 1, 3, 8, 31, 91] as const;

export const MEASURES = {
  permitReceived: 'permit.received',
  permitApproved: 'permit.approved',
  permitDeemed: 'permit.deemed',
  permitRejected: 'permit.rejected',
  permitWithdrawn: 'permit.withdrawn',
  permitSlaBreaches: 'permit.sla-breaches',
  permitWorkingDays: 'permit.working-days',
  permitMeasured: 'permit.measured',
  permitWithinStandard: 'permit.within-standard',
  permitOpenAge: (threshold: number) => `permit.open-age-${threshold}`,
  complaintReceived: 'complaint.received',
  complaintArchived: 'complaint.archived',
  complaintVerifications: 'complaint.verifications',
  complaintVerifiedWithin: 'complaint.verified-within',
  complaintFirstResponseDays: 'complaint.first-response-days',
  complaintResolved: 'complaint.resolved',
  complaintResolvedWithin: 'complaint.resolved-within',
  complaintResolutionDays: 'complaint.resolution-days',
  complaintFirstResolved: 'complaint.first-resolved',
  complaintReopened: 'complaint.reopened',
  complaintEscalations: 'complaint.escalations',
  skmRespondents: 'skm.respondents',
  skmElement: (code: string) => `skm.${code}`,
} as const;

export const PENDING_MEASURES = {
  /** A verified, undecided application not with the applicant, by its SLA deadline. */
  permit: 'permit.pending',
  /** A complaint by the deadline it is pending against (see pendingComplaintDeadline). */
  complaint: 'complaint.pending',
  /** A complaint whose verification is not settled, by its verification deadline, counted from the day received. */
  complaintVerification: 'complaint.verification-pending',
} as const;

/**
 * A contribution of `amount` to `measure` on the Jakarta day of `instant`. The contribution
 * functions below build them through this and plain loops rather than closures and spreads: a
 * replay builds millions.
 */
function onDay(agencyId: string, serviceKind: ServiceKind, serviceCode: string, measure: string, instant: string, value = 0, amount = 1): DayContribution {
  return { agencyId, serviceKind, serviceCode, measure, day: jakartaDateOf(instant), value, amount };
}

function pendingEntry(agencyId: string, serviceKind: ServiceKind, serviceCode: string, measure: string, sinceDay: string, deadline: string): PendingContribution {
  return { agencyId, serviceKind, serviceCode, measure, sinceDay, deadline, amount: 1 };
}

export function permitContributions(fact: PermitCaseFacts): Contributions {
  const { agencyId, permitTypeCode: code } = fact;
  const days: DayContribution[] = [onDay(agencyId, 'permit', code, MEASURES.permitReceived, fact.submittedAt)];
  if (fact.slaBreachedAt !== null) days.push(onDay(agencyId, 'permit', code, MEASURES.permitSlaBreaches, fact.slaBreachedAt));
  const { decision, decidedAt } = fact;
  if (decidedAt !== null && decision === 'withdrawn') days.push(onDay(agencyId, 'permit', code, MEASURES.permitWithdrawn, decidedAt));
  if (decidedAt !== null && decision !== null && decision !== 'withdrawn') {
    days.push(onDay(agencyId, 'permit', code, decision === 'approved' ? MEASURES.permitApproved : decision === 'deemed' ? MEASURES.permitDeemed : MEASURES.permitRejected, decidedAt));
    if (fact.workingDaysToDecision !== null) days.push(onDay(agencyId, 'permit', code, MEASURES.permitWorkingDays, decidedAt, fact.workingDaysToDecision));
    if (fact.withinStandard !== null) days.push(onDay(agencyId, 'permit', code, MEASURES.permitMeasured, decidedAt));
    if (fact.withinStandard === true) days.push(onDay(agencyId, 'permit', code, MEASURES.permitWithinStandard, decidedAt));
  }
  addOpenSpans(days, agencyId, code, fact.submittedAt, decidedAt);
  const pending: PendingContribution[] =
    decision === null && fact.pausedSince === null && fact.slaDeadline !== null ? [byDeadline(agencyId, 'permit', code, PENDING_MEASURES.permit, fact.slaDeadline)] : [];
  return { days, pending };
}

/** A pending case counted by its deadline alone: the day it counts from is not read, so it is the deadline's (one row per deadline). */
function byDeadline(agencyId: string, serviceKind: ServiceKind, serviceCode: string, measure: string, deadline: string): PendingContribution {
  return pendingEntry(agencyId, serviceKind, serviceCode, measure, jakartaDateOf(deadline), deadline);
}

/** The measure of each threshold in OPEN_AGE_THRESHOLDS, made once. */
const PERMIT_OPEN_AGE_MEASURES = OPEN_AGE_THRESHOLDS.map((threshold) => MEASURES.permitOpenAge(threshold));

/**
 * An open case counts towards the backlog (threshold 0) and each ageing threshold t from the
 * day it has been open t days (submission day + t) until the day it was closed, if it lived
 * that long: +1 on the first day, -1 on the closing day. The sum over every day up to D is
 * then the number of cases submitted at least t days before D and still open at D's end.
 */
function addOpenSpans(days: DayContribution[], agencyId: string, serviceCode: string, submittedAt: string, closedAt: string | null): void {
  const submittedDayNumber = dayNumberOf(jakartaDateOf(submittedAt));
  const closedDay = closedAt === null ? null : jakartaDateOf(closedAt);
  for (let index = 0; index < OPEN_AGE_THRESHOLDS.length; index++) {
    const from = localDateOfDayNumber(submittedDayNumber + OPEN_AGE_THRESHOLDS[index]);
    // The thresholds ascend: a case closed before this one's first day was closed before every later one's.
    if (closedDay !== null && closedDay <= from) return;
    const measure = PERMIT_OPEN_AGE_MEASURES[index];
    days.push({ agencyId, serviceKind: 'permit', serviceCode, measure, day: from, value: 0, amount: 1 });
    if (closedDay !== null) days.push({ agencyId, serviceKind: 'permit', serviceCode, measure, day: closedDay, value: 0, amount: -1 });
  }
}

export function complaintContributions(fact: ComplaintCaseFacts): Contributions {
  const { agencyId, categoryCode: code } = fact;
  const days: DayContribution[] = [onDay(agencyId, 'complaint', code, MEASURES.complaintReceived, fact.receivedAt)];
  const pending: PendingContribution[] = [];
  if (fact.archivedAt !== null) days.push(onDay(agencyId, 'complaint', code, MEASURES.complaintArchived, fact.archivedAt));
  if (fact.verifiedWithinDeadline !== null) days.push(onDay(agencyId, 'complaint', code, MEASURES.complaintVerifications, fact.receivedAt));
  if (fact.verifiedWithinDeadline === true) days.push(onDay(agencyId, 'complaint', code, MEASURES.complaintVerifiedWithin, fact.receivedAt));
  if (fact.verifiedWithinDeadline === null) pending.push(pendingEntry(agencyId, 'complaint', code, PENDING_MEASURES.complaintVerification, jakartaDateOf(fact.receivedAt), fact.verificationDeadline));
  if (fact.firstResponseAt !== null && fact.firstResponseWorkingDays !== null) days.push(onDay(agencyId, 'complaint', code, MEASURES.complaintFirstResponseDays, fact.firstResponseAt, fact.firstResponseWorkingDays));
  if (fact.resolvedAt !== null) {
    days.push(onDay(agencyId, 'complaint', code, MEASURES.complaintResolved, fact.resolvedAt));
    if (fact.resolvedWithinDeadline === true) days.push(onDay(agencyId, 'complaint', code, MEASURES.complaintResolvedWithin, fact.resolvedAt));
    if (fact.resolutionWorkingDays !== null) days.push(onDay(agencyId, 'complaint', code, MEASURES.complaintResolutionDays, fact.resolvedAt, fact.resolutionWorkingDays));
  }
  if (fact.firstResolvedAt !== null) {
    days.push(onDay(agencyId, 'complaint', code, MEASURES.complaintFirstResolved, fact.firstResolvedAt));
    if (fact.reopenCount > 0) days.push(onDay(agencyId, 'complaint', code, MEASURES.complaintReopened, fact.firstResolvedAt));
  }
  for (const escalation of fact.escalations) days.push(onDay(agencyId, 'complaint', code, MEASURES.complaintEscalations, escalation.at));
  const deadline = pendingComplaintDeadline(fact);
  if (deadline !== null) pending.push(byDeadline(agencyId, 'complaint', code, PENDING_MEASURES.complaint, deadline));
  return { days, pending };
}

/** A survey adds a respondent and its nine scores to the service it rates. */
export function surveyContributions(survey: SurveyFacts): Contributions {
  const key = (measure: string) => ({ agencyId: survey.agencyId, serviceKind: survey.serviceKind, serviceCode: survey.serviceCode, measure });
  const day = jakartaDateOf(survey.submittedAt);
  const scores = survey.scores as Readonly<Record<string, number>>;
  return {
    days: [{ ...key(MEASURES.skmRespondents), day, value: 0, amount: 1 }, ...SKM_ELEMENT_CODES.map((code) => ({ ...key(MEASURES.skmElement(code)), day, value: 0, amount: scores[code] }))],
    pending: [],
  };
}

/**
 * What changes when a case goes from `before` to `after`: every contribution of
 * `after` minus every one of `before`, entries of the same key merged, zeros left out.
 */
export function contributionDelta(before: Contributions, after: Contributions): Contributions {
  return {
    days: merged([...before.days.map(negated), ...after.days], dayKeyOf),
    pending: merged([...before.pending.map(negated), ...after.pending], pendingKeyOf),
  };
}

/** Contributions of many cases as one list per kind, entries of the same key summed, zeros left out. */
export function mergeContributions(all: readonly Contributions[]): Contributions {
  return { days: merged(all.flatMap((one) => one.days), dayKeyOf), pending: merged(all.flatMap((one) => one.pending), pendingKeyOf) };
}

const keyText = (key: AggregateKey) => `${key.agencyId}\u0000${key.serviceKind}\u0000${key.serviceCode}\u0000${key.measure}`;
const dayKeyOf = (entry: DayContribution) => `${keyText(entry)}\u0000${entry.day}\u0000${entry.value}`;
const pendingKeyOf = (entry: PendingContribution) => `${keyText(entry)}\u0000${entry.sinceDay}\u0000${Date.parse(entry.deadline)}`;

function negated<T extends { amount: number }>(entry: T): T {
  return { ...entry, amount: -entry.amount };
}

function merged<T extends { amount: number }>(entries: readonly T[], keyOf: (entry: T) => string): T[] {
  const sums = new Map<string, T>();
  for (const entry of entries) {
    const key = keyOf(entry);
    const sofar = sums.get(key);
    sums.set(key, sofar ? { ...sofar, amount: sofar.amount + entry.amount } : entry);
  }
  return [...sums.values()].filter((entry) => entry.amount !== 0);
}

/** A row of the aggregate table: one key's sum over one period (a day, month or year; `all` for what has no period). */
export type PeriodRow = AggregateKey & Readonly<{ period: string; value: number; amount: number }>;

/** Each day contribution as rows of its day, its month and its year. */
export function periodRowsOf(days: readonly DayContribution[]): PeriodRow[] {
  return days.flatMap(({ day, ...entry }) => [day, day.slice(0, 7), day.slice(0, 4)].map((period) => ({ ...entry, period })));
}

/** Rows of many cases merged by key (agency, service, measure, period, value), zeros left out. */
export function mergeRows(rows: readonly PeriodRow[]): PeriodRow[] {
  return merged(rows, (row) => `${keyText(row)}\u0000${row.period}\u0000${row.value}`);
}

export function rowDelta(before: readonly PeriodRow[], after: readonly PeriodRow[]): PeriodRow[] {
  return mergeRows([...before.map(negated), ...after]);
}

export const TRAINING_MEASURES = {
  civilServants: 'training.civil-servants',
  jp: 'training.jp',
  completions: 'training.completions',
  meeting20Jp: 'training.meeting-20-jp',
} as const;

/** The period of rows that hold a current state rather than a period's sum (the roster). */
export const CURRENT_PERIOD = 'all';

/** One civil servant: the agency whose roster lists them (null: on none) and the credits of their NIP. */
export type PersonTraining = Readonly<{ agencyId: string | null; credits: readonly Readonly<{ jp: number; creditedAt: string }>[] }>;

/**
 * A person on a roster counts once at that agency, and adds their JP and credits of each year, and
 * one to the year's count of people with at least 20 JP if they reach it (as trainingMetrics counts:
 * credits count at the roster's agency, whoever credited them). Off every roster, they count nowhere.
 */
export function trainingRows(person: PersonTraining): PeriodRow[] {
  if (person.agencyId === null) return [];
  const key = (measure: string) => ({ agencyId: person.agencyId as string, serviceKind: 'training', serviceCode: '', measure });
  const years = new Map<string, { jp: number; credits: number }>();
  for (const credit of person.credits) {
    const year = jakartaDateOf(credit.creditedAt).slice(0, 4);
    const sofar = years.get(year) ?? { jp: 0, credits: 0 };
    years.set(year, { jp: sofar.jp + credit.jp, credits: sofar.credits + 1 });
  }
  const rows: PeriodRow[] = [{ ...key(TRAINING_MEASURES.civilServants), period: CURRENT_PERIOD, value: 0, amount: 1 }];
  for (const [period, { jp, credits }] of years) {
    rows.push({ ...key(TRAINING_MEASURES.jp), period, value: 0, amount: jp }, { ...key(TRAINING_MEASURES.completions), period, value: 0, amount: credits });
    if (jp >= MINIMUM_JP_PER_YEAR) rows.push({ ...key(TRAINING_MEASURES.meeting20Jp), period, value: 0, amount: 1 });
  }
  return mergeRows(rows);
}

/** Counts a case (of any kind) at its agency, for as long as it is there: the agencies the metrics list. */
export const CASES_MEASURE = 'cases';

export function presenceRow(agencyId: string): PeriodRow {
  return { agencyId, serviceKind: '', serviceCode: '', measure: CASES_MEASURE, period: CURRENT_PERIOD, value: 0, amount: 1 };
}
