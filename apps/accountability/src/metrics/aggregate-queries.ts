import {
  CASES_MEASURE,
  CURRENT_PERIOD,
  isOpenAgeMeasure,
  periodDays,
  periodRange,
  Tallies,
  TRAINING_MEASURES,
  TrainingTotals,
} from '@palembang/accountability-domain';
import { addCalendarDays } from '@palembang/working-days';
import { EntityManager } from 'typeorm';
import { ALL_SERVICES } from '../projection/aggregate-store';
import { METRICS_SCHEMA } from '../projection/metric-tables';

/**
 * The queries a metrics answer is computed from: the aggregate tables only, never the
 * facts. Each returns rows per group (an agency, or an agency's service) that become
 * Tallies (libs/accountability/domain/src/aggregates/tallies.ts), exactly as
 * `talliesOfContributions` would compute them from every case's contributions.
 */
export type GroupBy = 'agency' | 'service';

/** The tallies of one agency: all its services together, and the survey tallies per service (the per-service IKM). */
export type AgencyTallies = Readonly<{ all: Tallies; surveysPerService: ReadonlyMap<string, Tallies>; training: TrainingTotals }>;

export const serviceKeyOf = (kind: string, code: string) => `${kind}|${code}`;

const SCHEMA = METRICS_SCHEMA;

/** What the queries run on: an EntityManager inside a transaction, or the DataSource (each statement its own snapshot). */
export type Queryable = Pick<EntityManager, 'query'>;

/**
 * Per agency (every one, or only `agencyIds`): the period's sums, the backlog and ageing at the
 * period's asOf, the pending cases past deadline at `now`, the survey tallies per service and the
 * training totals of the period's year, in one statement: one round trip and one snapshot.
 */
export async function agencyTallies(db: Queryable, period: string, now: string, agencyIds?: readonly string[]): Promise<Map<string, AgencyTallies>> {
  const rows = await talliesRows(db, period, now, 'agency', agencyIds);
  const all = new Grouped(() => new Tallies());
  const services = new Grouped(() => new Map<string, Tallies>());
  const training = new Map<string, TrainingTotals>();
  for (const row of rows) {
    if (row.part === 'sum' && row.measure.startsWith(SKM_MEASURES)) {
      const perService = services.of(row.agency_id);
      const key = serviceKeyOf(row.service_kind, row.service_code);
      let tallies = perService.get(key);
      if (!tallies) perService.set(key, (tallies = new Tallies()));
      tallies.add(row.measure, 0, Number(row.amount));
    }
    if (row.part === 'training') {
      const field = TRAINING_FIELDS[row.measure];
      if (field) training.set(row.agency_id, { ...(training.get(row.agency_id) ?? NO_TRAINING), [field]: Number(row.amount) });
    } else addToTallies(all.of(row.agency_id), row);
  }
  const result = new Map<string, AgencyTallies>();
  for (const id of new Set([...all.keys(), ...services.keys(), ...training.keys()])) {
    result.set(id, { all: all.get(id) ?? new Tallies(), surveysPerService: services.get(id) ?? new Map(), training: training.get(id) ?? NO_TRAINING });
  }
  return result;
}

/** One agency's tallies per service (`kind|code`), in one statement. */
export async function serviceTallies(db: Queryable, period: string, now: string, agencyId: string): Promise<Map<string, Tallies>> {
  const perService = new Map<string, Tallies>();
  for (const row of await talliesRows(db, period, now, 'service', [agencyId])) {
    const key = serviceKeyOf(row.service_kind, row.service_code);
    let tallies = perService.get(key);
    if (!tallies) perService.set(key, (tallies = new Tallies()));
    addToTallies(tallies, row);
  }
  return perService;
}

/** Every agency that has a case, a survey or a civil servant now, by id. */
export async function agenciesWithCases(db: Queryable): Promise<string[]> {
  const rows: Array<{ agency_id: string }> = await db.query(
    `SELECT DISTINCT agency_id FROM ${SCHEMA}.aggregates WHERE period = $1 AND measure = ANY($2::text[]) AND amount > 0 ORDER BY agency_id`,
    [CURRENT_PERIOD, [CASES_MEASURE, TRAINING_MEASURES.civilServants]],
  );
  return rows.map((row) => row.agency_id);
}

/** Map of groups made on first use. */
class Grouped<T> extends Map<string, T> {
  constructor(private readonly make: () => T) {
    super();
  }

  of(key: string): T {
    let found = this.get(key);
    if (found === undefined) this.set(key, (found = this.make()));
    return found;
  }
}

/**
 * A row of the tallies statement: `part` says which query it comes from. `amount` is the amount (of
 * overdue cases: those whose deadline passed in the period), `before_end` and `since_in_period`
 * the other two overdue counts (see addPending in tallies.ts).
 */
type TalliesRow = { part: 'sum' | 'open' | 'overdue' | 'training'; agency_id: string; service_kind: string; service_code: string; measure: string; value: number; amount: string; before_end: string; since_in_period: string };

function addToTallies(tallies: Tallies, row: TalliesRow): void {
  if (row.part === 'sum') {
    if (!row.measure.startsWith('training.') && row.measure !== CASES_MEASURE) tallies.add(row.measure, row.value, Number(row.amount));
  } else if (row.part === 'open') {
    if (isOpenAgeMeasure(row.measure)) tallies.addOpen(row.measure, Number(row.amount));
  } else if (row.part === 'overdue') {
    tallies.addOverdue(row.measure, { deadlineInPeriod: Number(row.amount), deadlineBeforeEnd: Number(row.before_end), sinceInPeriod: Number(row.since_in_period) });
  }
}

/**
 * The rows every tally of a period is made of, grouped per agency or per agency and service:
 * - `sum`: the period's rows but the open-age ones, as they are (Tallies sums them: grouping them here
 *   sorted them by collated text, the larger part of the statement's time); per agency also the
 *   survey rows of each service, for the per-service IKM;
 * - `open`: the open-age rows of every period up to the answer's day (per agency: the agency-wide
 *   rows, one per period and threshold, found by their partial index; per service: the others);
 * - `overdue`: pending cases whose deadline passed before `now`, counted as addPending counts them;
 * - per agency also `training` (the year's JP and completions and the current roster).
 */
async function talliesRows(db: Queryable, period: string, now: string, groupBy: GroupBy, agencyIds: readonly string[] | undefined): Promise<TalliesRow[]> {
  const range = periodRange(period);
  const days = periodDays(range, now);
  const params: unknown[] = [];
  const $ = (value: unknown) => `$${params.push(value)}`;
  const [inPeriod, nowParam] = [$(period), $(now)];
  const onlyAgencies = agencyIds === undefined ? '' : `AND agency_id = ANY(${$(agencyIds)}::text[])`;
  const service = groupBy === 'service' ? 'service_kind, service_code' : `''::text AS service_kind, ''::text AS service_code`;
  const groupColumns = groupBy === 'service' ? 'agency_id, service_kind, service_code' : 'agency_id';
  const openRows = groupBy === 'agency' ? `service_code = '${ALL_SERVICES}'` : `service_code <> '${ALL_SERVICES}' AND measure LIKE 'permit.open-age-%'`;
  const endOfView = Date.parse(now) < Date.parse(range.to) ? now : range.to;
  const parts = [
    `SELECT 'sum' AS part, agency_id, service_kind, service_code, measure, value, amount, 0::bigint AS before_end, 0::bigint AS since_in_period
     FROM ${SCHEMA}.aggregates WHERE period = ${inPeriod} AND measure NOT LIKE 'permit.open-age-%' ${onlyAgencies}`,
    `SELECT 'open', agency_id, ${service}, measure, 0, sum(amount), 0, 0
     FROM ${SCHEMA}.aggregates WHERE period = ANY(${$(periodsUpTo(days.asOfDay))}::text[]) AND ${openRows} ${onlyAgencies} GROUP BY ${groupColumns}, measure`,
    `SELECT 'overdue', agency_id, ${service}, measure, 0,
            coalesce(sum(amount) FILTER (WHERE deadline >= ${$(range.from)} AND deadline < ${$(range.to)}), 0),
            coalesce(sum(amount) FILTER (WHERE deadline < ${$(endOfView)}), 0),
            coalesce(sum(amount) FILTER (WHERE since_day >= ${$(days.fromDay)}::date AND since_day < ${$(days.toDay)}::date), 0)
     FROM ${SCHEMA}.pending_deadlines WHERE deadline < ${nowParam} ${onlyAgencies} GROUP BY ${groupColumns}, measure`,
  ];
  if (groupBy === 'agency') {
    parts.push(
      `SELECT 'training', agency_id, '', '', measure, 0, sum(amount), 0, 0
       FROM ${SCHEMA}.aggregates WHERE period = ANY(${$([period.slice(0, 4), CURRENT_PERIOD])}::text[]) AND service_kind = 'training' ${onlyAgencies} GROUP BY agency_id, measure`,
    );
  }
  return db.query(parts.join('\n     UNION ALL\n     '), params);
}

const SKM_MEASURES = 'skm.';

const NO_TRAINING: TrainingTotals = { civilServants: 0, totalJp: 0, meeting20Jp: 0, completions: 0 };

const TRAINING_FIELDS: Record<string, keyof TrainingTotals> = {
  [TRAINING_MEASURES.civilServants]: 'civilServants',
  [TRAINING_MEASURES.jp]: 'totalJp',
  [TRAINING_MEASURES.meeting20Jp]: 'meeting20Jp',
  [TRAINING_MEASURES.completions]: 'completions',
};

/**
 * The periods whose rows together hold every day up to and including `day`: the years before
 * its year (from 2000, where periods start), the months before its month, its month's days.
 */
export function periodsUpTo(day: string): string[] {
  const [year, month] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  const periods: string[] = [];
  for (let earlier = 2000; earlier < year; earlier++) periods.push(String(earlier));
  for (let earlier = 1; earlier < month; earlier++) periods.push(`${year}-${String(earlier).padStart(2, '0')}`);
  for (let current = `${day.slice(0, 7)}-01`; current <= day; current = addCalendarDays(current, 1)) periods.push(current);
  return periods;
}
