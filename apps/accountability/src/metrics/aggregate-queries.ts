import {
  CASES_MEASURE,
  CURRENT_PERIOD,
  isOpenAgeMeasure,
  PeriodRange,
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

/**
 * Per agency (or only `agencyId`): the period's sums, the backlog and ageing at the period's
 * asOf, the pending cases past deadline at `now`, and the training totals of the period's year.
 */
export async function agencyTallies(manager: EntityManager, period: string, now: string, agencyId?: string): Promise<Map<string, AgencyTallies>> {
  const groups = await talliesOf(manager, period, now, 'agency', agencyId);
  const services = await surveyTalliesPerService(manager, period, agencyId);
  const training = await trainingTotals(manager, period.slice(0, 4), agencyId);
  const result = new Map<string, AgencyTallies>();
  for (const id of new Set([...groups.keys(), ...services.keys(), ...training.keys()])) {
    result.set(id, { all: groups.get(id) ?? new Tallies(), surveysPerService: services.get(id) ?? new Map(), training: training.get(id) ?? NO_TRAINING });
  }
  return result;
}

/** One agency's tallies per service (`kind|code`). */
export async function serviceTallies(manager: EntityManager, period: string, now: string, agencyId: string): Promise<Map<string, Tallies>> {
  return (await talliesOf(manager, period, now, 'service', agencyId)).get(agencyId) ?? new Map();
}

/** Every agency that has a case, a survey or a civil servant now, by id. */
export async function agenciesWithCases(manager: EntityManager): Promise<string[]> {
  const rows: Array<{ agency_id: string }> = await manager.query(
    `SELECT DISTINCT agency_id FROM ${SCHEMA}.aggregates WHERE period = $1 AND measure = ANY($2::text[]) AND amount > 0 ORDER BY agency_id`,
    [CURRENT_PERIOD, [CASES_MEASURE, TRAINING_MEASURES.civilServants]],
  );
  return rows.map((row) => row.agency_id);
}

type Grouped<T> = Map<string, T>;

async function talliesOf(manager: EntityManager, period: string, now: string, groupBy: 'agency', agencyId?: string): Promise<Grouped<Tallies>>;
async function talliesOf(manager: EntityManager, period: string, now: string, groupBy: 'service', agencyId?: string): Promise<Grouped<Map<string, Tallies>>>;
async function talliesOf(manager: EntityManager, period: string, now: string, groupBy: GroupBy, agencyId?: string): Promise<Grouped<Tallies | Map<string, Tallies>>> {
  const range = periodRange(period);
  const days = periodDays(range, now);
  const service = groupBy === 'service' ? 'service_kind, service_code' : `'' AS service_kind, '' AS service_code`;
  const groupColumns = groupBy === 'service' ? 'agency_id, service_kind, service_code' : 'agency_id';
  const groups = new Map<string, Tallies | Map<string, Tallies>>();
  const tallies = (row: { agency_id: string; service_kind: string; service_code: string }): Tallies => {
    if (groupBy === 'agency') {
      let found = groups.get(row.agency_id) as Tallies | undefined;
      if (!found) groups.set(row.agency_id, (found = new Tallies()));
      return found;
    }
    let perService = groups.get(row.agency_id) as Map<string, Tallies> | undefined;
    if (!perService) groups.set(row.agency_id, (perService = new Map()));
    const key = serviceKeyOf(row.service_kind, row.service_code);
    let found = perService.get(key);
    if (!found) perService.set(key, (found = new Tallies()));
    return found;
  };
  /** The agency condition as the parameter after `params`, when one agency is asked for. */
  const onlyAgency = (params: unknown[]) => (agencyId === undefined ? { where: '', params } : { where: `AND agency_id = $${params.length + 1}`, params: [...params, agencyId] });

  const inPeriod = onlyAgency([period]);
  const sums: Array<{ agency_id: string; service_kind: string; service_code: string; measure: string; value: number; amount: string }> = await manager.query(
    `SELECT agency_id, ${service}, measure, value, sum(amount) AS amount FROM ${SCHEMA}.aggregates
     WHERE period = $1 AND measure NOT LIKE 'permit.open-age-%' ${inPeriod.where} GROUP BY ${groupColumns}, measure, value`,
    inPeriod.params,
  );
  for (const row of sums) if (!row.measure.startsWith('training.') && row.measure !== CASES_MEASURE) tallies(row).add(row.measure, row.value, Number(row.amount));

  // Per agency, the agency-wide rows (one per period and threshold, found by their partial index); per service, the others.
  const openRows = groupBy === 'agency' ? `service_code = '${ALL_SERVICES}'` : `service_code <> '${ALL_SERVICES}' AND measure LIKE 'permit.open-age-%'`;
  const upToDay = onlyAgency([periodsUpTo(days.asOfDay)]);
  const open: Array<{ agency_id: string; service_kind: string; service_code: string; measure: string; amount: string }> = await manager.query(
    `SELECT agency_id, ${service}, measure, sum(amount) AS amount FROM ${SCHEMA}.aggregates
     WHERE period = ANY($1::text[]) AND ${openRows} ${upToDay.where} GROUP BY ${groupColumns}, measure`,
    upToDay.params,
  );
  for (const row of open) if (isOpenAgeMeasure(row.measure)) tallies(row).addOpen(row.measure, Number(row.amount));

  await addOverdue(manager, range, now, days, agencyId, service, groupColumns, tallies);
  return groups;
}

/** Pending cases whose deadline passed before `now`, counted as addPending counts them, in SQL. */
async function addOverdue(
  manager: EntityManager,
  range: PeriodRange,
  now: string,
  days: ReturnType<typeof periodDays>,
  agencyId: string | undefined,
  service: string,
  groupColumns: string,
  tallies: (row: { agency_id: string; service_kind: string; service_code: string }) => Tallies,
): Promise<void> {
  const endOfView = Date.parse(now) < Date.parse(range.to) ? now : range.to;
  const rows: Array<{ agency_id: string; service_kind: string; service_code: string; measure: string; in_period: string; before_end: string; since_in_period: string }> = await manager.query(
    `SELECT agency_id, ${service}, measure,
            coalesce(sum(amount) FILTER (WHERE deadline >= $2 AND deadline < $3), 0) AS in_period,
            coalesce(sum(amount) FILTER (WHERE deadline < $4), 0) AS before_end,
            coalesce(sum(amount) FILTER (WHERE since_day >= $5::date AND since_day < $6::date), 0) AS since_in_period
     FROM ${SCHEMA}.pending_deadlines WHERE deadline < $1 ${agencyId === undefined ? '' : 'AND agency_id = $7'} GROUP BY ${groupColumns}, measure`,
    [now, range.from, range.to, endOfView, days.fromDay, days.toDay, ...(agencyId === undefined ? [] : [agencyId])],
  );
  for (const row of rows) {
    tallies(row).addOverdue(row.measure, { deadlineInPeriod: Number(row.in_period), deadlineBeforeEnd: Number(row.before_end), sinceInPeriod: Number(row.since_in_period) });
  }
}

/** The survey measures per agency and service, for the per-service IKM. */
async function surveyTalliesPerService(manager: EntityManager, period: string, agencyId?: string): Promise<Map<string, Map<string, Tallies>>> {
  const rows: Array<{ agency_id: string; service_kind: string; service_code: string; measure: string; amount: string }> = await manager.query(
    `SELECT agency_id, service_kind, service_code, measure, amount FROM ${SCHEMA}.aggregates WHERE period = $1 AND measure LIKE 'skm.%' ${agencyId === undefined ? '' : 'AND agency_id = $2'}`,
    agencyId === undefined ? [period] : [period, agencyId],
  );
  const result = new Map<string, Map<string, Tallies>>();
  for (const row of rows) {
    let perService = result.get(row.agency_id);
    if (!perService) result.set(row.agency_id, (perService = new Map()));
    const key = serviceKeyOf(row.service_kind, row.service_code);
    let tallies = perService.get(key);
    if (!tallies) perService.set(key, (tallies = new Tallies()));
    tallies.add(row.measure, 0, Number(row.amount));
  }
  return result;
}

const NO_TRAINING: TrainingTotals = { civilServants: 0, totalJp: 0, meeting20Jp: 0, completions: 0 };

async function trainingTotals(manager: EntityManager, year: string, agencyId?: string): Promise<Map<string, TrainingTotals>> {
  const rows: Array<{ agency_id: string; measure: string; amount: string }> = await manager.query(
    `SELECT agency_id, measure, sum(amount) AS amount FROM ${SCHEMA}.aggregates
     WHERE period = ANY($1::text[]) AND service_kind = 'training' ${agencyId === undefined ? '' : 'AND agency_id = $2'} GROUP BY agency_id, measure`,
    agencyId === undefined ? [[year, CURRENT_PERIOD]] : [[year, CURRENT_PERIOD], agencyId],
  );
  const result = new Map<string, TrainingTotals>();
  const field: Record<string, keyof TrainingTotals> = {
    [TRAINING_MEASURES.civilServants]: 'civilServants',
    [TRAINING_MEASURES.jp]: 'totalJp',
    [TRAINING_MEASURES.meeting20Jp]: 'meeting20Jp',
    [TRAINING_MEASURES.completions]: 'completions',
  };
  for (const row of rows) {
    const name = field[row.measure];
    if (name) result.set(row.agency_id, { ...(result.get(row.agency_id) ?? NO_TRAINING), [name]: Number(row.amount) });
  }
  return result;
}

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
