import {
  complaintContributions,
  ComplaintCaseFacts,
  contributionDelta,
  Contributions,
  isOpenAgeMeasure,
  mergeRows,
  PendingContribution,
  PeriodRow,
  permitContributions,
  PermitCaseFacts,
  presenceRow,
  surveyContributions,
  SurveyFacts,
} from '@palembang/accountability-domain';
import { EntityManager } from 'typeorm';

/**
 * The aggregate tables (see metric-tables.ts): `aggregates` holds per agency, service,
 * measure and period (day, month, year; `all` for current counts) the sum of what
 * every case contributes (libs/accountability/domain/src/aggregates); `pending_deadlines`
 * the cases pending against a deadline, by deadline. The projection changes them by
 * difference in the transaction that changes the facts, so a metrics answer reads them
 * and never the facts.
 */
export type AggregateDelta = Readonly<{ rows: readonly PeriodRow[]; pending: readonly PendingContribution[] }>;

export const NO_DELTA: AggregateDelta = { rows: [], pending: [] };

/** A case before and after a batch (before: undefined when the batch created it). */
export type CaseChange<F> = Readonly<{ before: F | undefined; after: F }>;

export function permitDelta(changes: Iterable<CaseChange<PermitCaseFacts>>): AggregateDelta {
  return deltaOf(changes, permitContributions);
}

export function complaintDelta(changes: Iterable<CaseChange<ComplaintCaseFacts>>): AggregateDelta {
  return deltaOf(changes, complaintContributions);
}

export function surveyDelta(added: readonly SurveyFacts[]): AggregateDelta {
  return deltaOf(added.map((after) => ({ before: undefined, after })), surveyContributions);
}

/**
 * The service code of rows that sum an agency's open-age measures over all its services: the backlog
 * of an answer for every agency sums these rows over every period up to its day, and reading one
 * row per agency instead of one per service keeps that read short (see aggregate-queries.ts).
 */
export const ALL_SERVICES = '*';

/**
 * Sums rows by key without an object per contribution: a bulk replay computes tens of
 * contributions per case, and allocating and merging one object each took most of its time.
 */
class RowSums {
  private readonly sums = new Map<string, { row: Omit<PeriodRow, 'amount'>; amount: number }>();

  add(entry: Omit<PeriodRow, 'period' | 'amount'>, period: string, amount: number): void {
    const key = `${entry.agencyId}\u0000${entry.serviceKind}\u0000${entry.serviceCode}\u0000${entry.measure}\u0000${period}\u0000${entry.value}`;
    const sofar = this.sums.get(key);
    if (sofar) sofar.amount += amount;
    else this.sums.set(key, { row: { agencyId: entry.agencyId, serviceKind: entry.serviceKind, serviceCode: entry.serviceCode, measure: entry.measure, value: entry.value, period }, amount });
  }

  /** A case's days as rows of the day, month and year, open-age ones also agency-wide; `sign` -1 takes them away. */
  addCase(contributions: Contributions, agencyId: string, sign: 1 | -1): void {
    for (const entry of contributions.days) {
      const amount = sign * entry.amount;
      for (const period of [entry.day, entry.day.slice(0, 7), entry.day.slice(0, 4)]) {
        this.add(entry, period, amount);
        if (isOpenAgeMeasure(entry.measure)) this.add({ ...entry, serviceCode: ALL_SERVICES }, period, amount);
      }
    }
    const presence = presenceRow(agencyId);
    this.add(presence, presence.period, sign);
  }

  rows(): PeriodRow[] {
    const rows: PeriodRow[] = [];
    for (const { row, amount } of this.sums.values()) if (amount !== 0) rows.push({ ...row, amount });
    return rows;
  }
}

function deltaOf<F extends { agencyId: string }>(changes: Iterable<CaseChange<F>>, contributionsOf: (fact: F) => Contributions): AggregateDelta {
  const before: Contributions[] = [];
  const after: Contributions[] = [];
  const sums = new RowSums();
  for (const change of changes) {
    const now = contributionsOf(change.after);
    after.push(now);
    sums.addCase(now, change.after.agencyId, 1);
    if (change.before === undefined) continue;
    const then = contributionsOf(change.before);
    before.push(then);
    sums.addCase(then, change.before.agencyId, -1);
  }
  const pending = contributionDelta({ days: [], pending: before.flatMap((one) => one.pending) }, { days: [], pending: after.flatMap((one) => one.pending) }).pending;
  return { rows: sums.rows(), pending };
}

/** Several deltas as one (rows of the same key summed). */
export function combinedDelta(deltas: readonly AggregateDelta[]): AggregateDelta {
  return {
    rows: mergeRows(deltas.flatMap((delta) => delta.rows)),
    pending: contributionDelta({ days: [], pending: [] }, { days: [], pending: deltas.flatMap((delta) => delta.pending) }).pending,
  };
}

/**
 * Adds a delta in two upserts (one per table, keys merged so no row is touched twice by one
 * statement), then removes the rows it brought to zero: a rebuild, which holds no zero rows
 * either, then gives identical tables. Rows are written in key order, so concurrent
 * partitions touching the same agency's month lock them in the same order and wait for each
 * other instead of deadlocking; the delete touches only rows this transaction already holds.
 */
export async function applyAggregateDelta(manager: EntityManager, schema: string, delta: AggregateDelta): Promise<void> {
  const rows = [...delta.rows].sort((a, b) => compareKeys(rowKey(a), rowKey(b)));
  const pending = [...delta.pending].sort((a, b) => compareKeys(pendingKey(a), pendingKey(b)));
  if (rows.length > 0) {
    const columns = [rows.map((row) => row.period), rows.map((row) => row.agencyId), rows.map((row) => row.serviceKind), rows.map((row) => row.serviceCode), rows.map((row) => row.measure), rows.map((row) => row.value)];
    const returned: Array<{ period: string; agency_id: string; service_kind: string; service_code: string; measure: string; value: number; zeroed: boolean }> = await manager.query(
      `INSERT INTO ${schema}.aggregates AS a (period, agency_id, service_kind, service_code, measure, value, amount)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::numeric[])
       ON CONFLICT (period, agency_id, service_kind, service_code, measure, value) DO UPDATE SET amount = a.amount + EXCLUDED.amount
       RETURNING period, agency_id, service_kind, service_code, measure, value, amount = 0 AS zeroed`,
      [...columns, rows.map((row) => String(row.amount))],
    );
    const zeroed = returned.filter((row) => row.zeroed);
    if (zeroed.length > 0) {
      await manager.query(
        `DELETE FROM ${schema}.aggregates a USING unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) AS z(period, agency_id, service_kind, service_code, measure, value)
         WHERE (a.period, a.agency_id, a.service_kind, a.service_code, a.measure, a.value) = (z.period, z.agency_id, z.service_kind, z.service_code, z.measure, z.value) AND a.amount = 0`,
        [zeroed.map((row) => row.period), zeroed.map((row) => row.agency_id), zeroed.map((row) => row.service_kind), zeroed.map((row) => row.service_code), zeroed.map((row) => row.measure), zeroed.map((row) => row.value)],
      );
    }
  }
  if (pending.length > 0) {
    const returned: Array<{ agency_id: string; service_kind: string; service_code: string; measure: string; since_day: string; deadline: Date; zeroed: boolean }> = await manager.query(
      `INSERT INTO ${schema}.pending_deadlines AS p (agency_id, service_kind, service_code, measure, since_day, deadline, amount)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::timestamptz[], $7::int[])
       ON CONFLICT (agency_id, service_kind, service_code, measure, since_day, deadline) DO UPDATE SET amount = p.amount + EXCLUDED.amount
       RETURNING agency_id, service_kind, service_code, measure, since_day::text, deadline, amount = 0 AS zeroed`,
      [
        pending.map((entry) => entry.agencyId),
        pending.map((entry) => entry.serviceKind),
        pending.map((entry) => entry.serviceCode),
        pending.map((entry) => entry.measure),
        pending.map((entry) => entry.sinceDay),
        pending.map((entry) => entry.deadline),
        pending.map((entry) => entry.amount),
      ],
    );
    const zeroed = returned.filter((row) => row.zeroed);
    if (zeroed.length > 0) {
      await manager.query(
        `DELETE FROM ${schema}.pending_deadlines p USING unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::timestamptz[]) AS z(agency_id, service_kind, service_code, measure, since_day, deadline)
         WHERE (p.agency_id, p.service_kind, p.service_code, p.measure, p.since_day, p.deadline) = (z.agency_id, z.service_kind, z.service_code, z.measure, z.since_day, z.deadline) AND p.amount = 0`,
        [zeroed.map((row) => row.agency_id), zeroed.map((row) => row.service_kind), zeroed.map((row) => row.service_code), zeroed.map((row) => row.measure), zeroed.map((row) => row.since_day), zeroed.map((row) => row.deadline)],
      );
    }
  }
}

const rowKey = (row: PeriodRow) => [row.period, row.agencyId, row.serviceKind, row.serviceCode, row.measure, row.value] as const;
const pendingKey = (entry: PendingContribution) => [entry.agencyId, entry.serviceKind, entry.serviceCode, entry.measure, entry.sinceDay, Date.parse(entry.deadline)] as const;

function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let index = 0; index < a.length; index++) {
    if (a[index] < b[index]) return -1;
    if (a[index] > b[index]) return 1;
  }
  return 0;
}
