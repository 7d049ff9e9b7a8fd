import {
  complaintContributions,
  DayContribution,
  ComplaintCaseFacts,
  Contributions,
  isOpenAgeMeasure,
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
/** `inKeyOrder`: the rows and entries are already sorted as applyAggregateDelta writes them (AggregateSums.take). */
export type AggregateDelta = Readonly<{ rows: readonly PeriodRow[]; pending: readonly PendingContribution[]; inKeyOrder?: boolean }>;

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
 * Sums rows and pending entries by key without an object per contribution: a bulk replay
 * computes tens of contributions per case, and allocating and merging one object each took
 * most of its time. Also what a bulk projection (bulk-projection.ts) accumulates across
 * batches, so that a month's or a year's row is written once per flush, not once per batch.
 */
export class AggregateSums {
  /**
   * A case's day contributions by day, summed into their month's and year's rows only when taken:
   * one sum per contribution instead of three, and the roll-up is done once per day and key,
   * however many cases share them.
   */
  private readonly byDay = new DaySums();
  /** By period, then by the rest of the key (the key text's hash is kept with the string, so one text serves every period). */
  private readonly byPeriod = new Map<string, Map<string, Sum>>();
  /** Rows held, counting a day's key as the three rows it becomes. */
  private rowCount = 0;
  private readonly pendingSums = new Map<string, { entry: Omit<PendingContribution, 'amount'>; amount: number }>();

  /** How many keys are held: a bulk projection flushes when it grows large. */
  get size(): number {
    return this.rowCount + this.pendingSums.size;
  }

  private add(entry: Omit<PeriodRow, 'period' | 'amount'>, serviceCode: string, key: string, period: string, amount: number): void {
    let sums = this.byPeriod.get(period);
    if (sums === undefined) this.byPeriod.set(period, (sums = new Map()));
    const sofar = sums.get(key);
    if (sofar) {
      sofar.amount += amount;
      return;
    }
    sums.set(key, { row: { agencyId: entry.agencyId, serviceKind: entry.serviceKind, serviceCode, measure: entry.measure, value: entry.value }, amount });
    this.rowCount++;
  }

  private addOnDay(entry: DayContribution, serviceCode: string, amount: number): void {
    if (this.byDay.add(entry, serviceCode, amount)) this.rowCount += 3;
  }

  /** A row's amount, or `amount` instead (a case's presence, without copying the row for its sign). */
  addRow(row: PeriodRow, amount = row.amount): void {
    this.add(row, row.serviceCode, periodlessKey(row, row.serviceCode), row.period, amount);
  }

  addPending(entry: PendingContribution, sign: 1 | -1): void {
    const key = pendingKeyText(entry);
    const sofar = this.pendingSums.get(key);
    if (sofar) sofar.amount += sign * entry.amount;
    else this.pendingSums.set(key, { entry: { agencyId: entry.agencyId, serviceKind: entry.serviceKind, serviceCode: entry.serviceCode, measure: entry.measure, sinceDay: entry.sinceDay, deadline: entry.deadline }, amount: sign * entry.amount });
  }

  /** A case's days as rows of the day, month and year, open-age ones also agency-wide, and its pending entries; `sign` -1 takes them away. */
  addCase(contributions: Contributions, agencyId: string, sign: 1 | -1): void {
    for (const entry of contributions.days) {
      const amount = sign * entry.amount;
      this.addOnDay(entry, entry.serviceCode, amount);
      if (isOpenAgeMeasure(entry.measure)) this.addOnDay(entry, ALL_SERVICES, amount);
    }
    for (const entry of contributions.pending) this.addPending(entry, sign);
    this.addRow(presenceRow(agencyId), sign);
  }

  addDelta(delta: AggregateDelta): void {
    for (const row of delta.rows) this.addRow(row);
    for (const entry of delta.pending) this.addPending(entry, 1);
  }

  /** The sums as a delta (zeros left out, in key order), and empties them. */
  take(): AggregateDelta {
    for (const [day, { row, amount }] of this.byDay.take()) {
      if (amount === 0) continue;
      const key = periodlessKey(row, row.serviceCode);
      for (const period of periodsOf(day)) this.add(row, row.serviceCode, key, period, amount);
    }
    // Periods in order, then the rest of each key: the order of rowKeyText, as no period holds '\u0000'.
    const rows: PeriodRow[] = [];
    for (const period of [...this.byPeriod.keys()].sort()) for (const { row, amount } of inKeyOrder(this.byPeriod.get(period) as ReadonlyMap<string, Sum>)) rows.push({ ...row, period, amount });
    const pending = inKeyOrder(this.pendingSums).map(({ entry, amount }) => ({ ...entry, amount }));
    this.byPeriod.clear();
    this.rowCount = 0;
    this.pendingSums.clear();
    return { rows, pending, inKeyOrder: true };
  }
}

/** What a key sums to, with the row it is written as (without its period and amount). */
type Sum = { row: Omit<PeriodRow, 'period' | 'amount'>; amount: number };

type Level<T> = Map<string, T>;

/**
 * Sums of day contributions in maps nested by day, agency, service kind, service code, measure and
 * value: building one key text per contribution (and hashing it) cost several times these lookups,
 * whose keys are strings already hashed.
 */
class DaySums {
  private readonly byDay: Level<Level<Level<Level<Level<Map<number, Sum>>>>>> = new Map();

  /** Adds `amount` to the entry's key (with `serviceCode` for its own); true when the key is new. */
  add(entry: DayContribution, serviceCode: string, amount: number): boolean {
    const byValue = within(within(within(within(within(this.byDay, entry.day), entry.agencyId), entry.serviceKind), serviceCode), entry.measure);
    const sofar = byValue.get(entry.value);
    if (sofar) {
      sofar.amount += amount;
      return false;
    }
    byValue.set(entry.value, { row: { agencyId: entry.agencyId, serviceKind: entry.serviceKind, serviceCode, measure: entry.measure, value: entry.value }, amount });
    return true;
  }

  /** Every day's sums, and empties them. */
  *take(): Generator<[string, Sum]> {
    for (const [day, agencies] of this.byDay) {
      for (const kinds of agencies.values()) for (const codes of kinds.values()) for (const measures of codes.values()) for (const values of measures.values()) for (const sum of values.values()) yield [day, sum];
    }
    this.byDay.clear();
  }
}

/** The map under `key`, made when missing. */
function within<T>(map: Level<T>, key: string): T {
  let inner = map.get(key);
  if (inner === undefined) map.set(key, (inner = new Map() as T));
  return inner;
}

/** A day's three periods (the day, its month, its year), the same strings each time: a replay asks for a few thousand days millions of times. */
const PERIODS_OF_DAYS = new Map<string, readonly [string, string, string]>();

function periodsOf(day: string): readonly [string, string, string] {
  let periods = PERIODS_OF_DAYS.get(day);
  if (periods === undefined) {
    if (PERIODS_OF_DAYS.size >= 100_000) PERIODS_OF_DAYS.clear();
    PERIODS_OF_DAYS.set(day, (periods = [day, day.slice(0, 7), day.slice(0, 4)]));
  }
  return periods;
}

function inKeyOrder<T extends { amount: number }>(sums: ReadonlyMap<string, T>): T[] {
  const keyed: Array<[string, T]> = [];
  for (const entry of sums) if (entry[1].amount !== 0) keyed.push(entry);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return keyed.map((entry) => entry[1]);
}

/** Adds to `sums` what the changes change: each case's contributions after minus before. */
export function addChanges<F extends { agencyId: string }>(sums: AggregateSums, changes: Iterable<CaseChange<F>>, contributionsOf: (fact: F) => Contributions): void {
  for (const change of changes) {
    sums.addCase(contributionsOf(change.after), change.after.agencyId, 1);
    if (change.before !== undefined) sums.addCase(contributionsOf(change.before), change.before.agencyId, -1);
  }
}

function deltaOf<F extends { agencyId: string }>(changes: Iterable<CaseChange<F>>, contributionsOf: (fact: F) => Contributions): AggregateDelta {
  const sums = new AggregateSums();
  addChanges(sums, changes, contributionsOf);
  return sums.take();
}

/** Several deltas as one (rows of the same key summed). */
export function combinedDelta(deltas: readonly AggregateDelta[]): AggregateDelta {
  const sums = new AggregateSums();
  for (const delta of deltas) sums.addDelta(delta);
  return sums.take();
}

/** The sums of two measures over an agency's month in the aggregates (every service but the agency-wide rows), asked under an id. */
export type MonthSumsAsked = Readonly<{ id: string; agencyId: string; period: string; serviceKind: string; measures: readonly [string, string] }>;

/** Each asked id's two sums, as committed before the delta. */
export type MonthSums = ReadonlyMap<string, readonly [number, number]>;

/**
 * What rides on the statement that writes a delta instead of costing a round trip of its own (the live
 * projection's batch holds its locks while it waits for each one).
 */
export type AlongTheDelta = Readonly<{
  /** Read in the statement's snapshot, which its own writes are not part of: the sums before the delta. */
  monthSums?: readonly MonthSumsAsked[];
  /** Sent by the statement, so delivered when the transaction commits. */
  notify?: Readonly<{ channel: string; payload: string }>;
}>;

type ZeroedRow = { p: string; a: string; k: string; c: string; m: string; v: number };
type ZeroedPending = { a: string; k: string; c: string; m: string; s: string; d: string };

/**
 * Adds a delta in one statement (an upsert per table, keys merged so no row is touched twice), with
 * what rides along it, then removes the rows it brought to zero, in one more statement only when there
 * are some: a rebuild, which holds no zero rows either, then gives identical tables. Rows are written in
 * key order, so concurrent partitions touching the same agency's month lock them in the same order and
 * wait for each other instead of deadlocking; the delete touches only rows this transaction already
 * holds. The rows travel as one JSON text (serialised natively, where a text array escapes each element
 * in JavaScript), and only the keys brought to zero come back.
 */
export async function applyAggregateDelta(manager: EntityManager, schema: string, delta: AggregateDelta): Promise<void> {
  await applyAggregateDeltaAlong(manager, schema, delta, {});
}

/** applyAggregateDelta with what rides along its statement; returns the month sums asked. */
export async function applyAggregateDeltaAlong(manager: EntityManager, schema: string, delta: AggregateDelta, along: AlongTheDelta): Promise<MonthSums> {
  const parameters: unknown[] = [];
  const parameter = (value: unknown) => `$${parameters.push(value)}`;
  const ctes: string[] = [];
  const outputs: string[] = [];
  if (along.monthSums && along.monthSums.length > 0) {
    const asked = along.monthSums.map((sum) => ({ i: sum.id, a: sum.agencyId, p: sum.period, k: sum.serviceKind, f: sum.measures[0], s: sum.measures[1] }));
    ctes.push(`sums AS (
       SELECT q.i, coalesce(sum(t.amount) FILTER (WHERE t.measure = q.f), 0) AS f, coalesce(sum(t.amount) FILTER (WHERE t.measure = q.s), 0) AS s
       FROM jsonb_to_recordset(${parameter(JSON.stringify(asked))}::jsonb) AS q(i text, a text, p text, k text, f text, s text)
       LEFT JOIN ${schema}.aggregates t ON t.period = q.p AND t.agency_id = q.a AND t.service_kind = q.k AND t.measure IN (q.f, q.s) AND t.service_code <> ${parameter(ALL_SERVICES)}
       GROUP BY q.i)`);
    outputs.push(`(SELECT jsonb_agg(jsonb_build_array(i, f, s)) FROM sums) AS sums`);
  }
  if (delta.rows.length > 0) {
    const rows = (delta.inKeyOrder ? delta.rows : sortedBy(delta.rows, rowKeyText)).map((row) => ({ p: row.period, a: row.agencyId, k: row.serviceKind, c: row.serviceCode, m: row.measure, v: row.value, n: row.amount }));
    ctes.push(`rows_changed AS (
       INSERT INTO ${schema}.aggregates AS t (period, agency_id, service_kind, service_code, measure, value, amount)
       SELECT p, a, k, c, m, v, n FROM jsonb_to_recordset(${parameter(JSON.stringify(rows))}::jsonb) AS r(p text, a text, k text, c text, m text, v int, n numeric)
       ON CONFLICT (period, agency_id, service_kind, service_code, measure, value) DO UPDATE SET amount = t.amount + EXCLUDED.amount
       RETURNING period, agency_id, service_kind, service_code, measure, value, amount)`);
    outputs.push(`(SELECT jsonb_agg(jsonb_build_object('p', period, 'a', agency_id, 'k', service_kind, 'c', service_code, 'm', measure, 'v', value)) FROM rows_changed WHERE amount = 0) AS zeroed_rows`);
  }
  if (delta.pending.length > 0) {
    const pending = (delta.inKeyOrder ? delta.pending : sortedBy(delta.pending, pendingKeyText)).map((entry) => ({ a: entry.agencyId, k: entry.serviceKind, c: entry.serviceCode, m: entry.measure, s: entry.sinceDay, d: entry.deadline, n: entry.amount }));
    ctes.push(`pending_changed AS (
       INSERT INTO ${schema}.pending_deadlines AS t (agency_id, service_kind, service_code, measure, since_day, deadline, amount)
       SELECT a, k, c, m, s, d, n FROM jsonb_to_recordset(${parameter(JSON.stringify(pending))}::jsonb) AS r(a text, k text, c text, m text, s date, d timestamptz, n int)
       ON CONFLICT (agency_id, service_kind, service_code, measure, since_day, deadline) DO UPDATE SET amount = t.amount + EXCLUDED.amount
       RETURNING agency_id, service_kind, service_code, measure, since_day, deadline, amount)`);
    outputs.push(`(SELECT jsonb_agg(jsonb_build_object('a', agency_id, 'k', service_kind, 'c', service_code, 'm', measure, 's', since_day, 'd', deadline)) FROM pending_changed WHERE amount = 0) AS zeroed_pending`);
  }
  if (along.notify) outputs.push(`pg_notify(${parameter(along.notify.channel)}, ${parameter(along.notify.payload)}) IS NULL AS notified`);
  if (outputs.length === 0) return new Map();
  const [result]: Array<{ sums?: Array<[string, number | string, number | string]> | null; zeroed_rows?: ZeroedRow[] | null; zeroed_pending?: ZeroedPending[] | null }> = await manager.query(
    `${ctes.length > 0 ? `WITH ${ctes.join(',\n     ')}` : ''}
     SELECT ${outputs.join(', ')}`,
    parameters,
  );
  await deleteZeroed(manager, schema, result.zeroed_rows ?? [], result.zeroed_pending ?? []);
  return new Map((result.sums ?? []).map(([id, first, second]) => [id, [Number(first), Number(second)]]));
}

async function deleteZeroed(manager: EntityManager, schema: string, rows: readonly ZeroedRow[], pending: readonly ZeroedPending[]): Promise<void> {
  const deletes: string[] = [];
  const parameters: string[] = [];
  if (rows.length > 0) {
    parameters.push(JSON.stringify(rows));
    deletes.push(`rows_deleted AS (
       DELETE FROM ${schema}.aggregates t USING jsonb_to_recordset($${parameters.length}::jsonb) AS z(p text, a text, k text, c text, m text, v int)
       WHERE (t.period, t.agency_id, t.service_kind, t.service_code, t.measure, t.value) = (z.p, z.a, z.k, z.c, z.m, z.v) AND t.amount = 0)`);
  }
  if (pending.length > 0) {
    parameters.push(JSON.stringify(pending));
    deletes.push(`pending_deleted AS (
       DELETE FROM ${schema}.pending_deadlines t USING jsonb_to_recordset($${parameters.length}::jsonb) AS z(a text, k text, c text, m text, s date, d timestamptz)
       WHERE (t.agency_id, t.service_kind, t.service_code, t.measure, t.since_day, t.deadline) = (z.a, z.k, z.c, z.m, z.s, z.d) AND t.amount = 0)`);
  }
  if (deletes.length > 0) await manager.query(`WITH ${deletes.join(',\n     ')} SELECT 1`, parameters);
}

/** One text per key, so a sort compares strings instead of building two arrays per comparison. */
const keyText = (a: string, b: string, c: string, d: string, e: string, f: string | number) => `${a}\u0000${b}\u0000${c}\u0000${d}\u0000${e}\u0000${f}`;
const rowKeyText = (row: PeriodRow) => keyText(row.period, row.agencyId, row.serviceKind, row.serviceCode, row.measure, row.value);
const periodlessKey = (entry: Omit<PeriodRow, 'period' | 'amount'>, serviceCode: string) => `${entry.agencyId}\u0000${entry.serviceKind}\u0000${serviceCode}\u0000${entry.measure}\u0000${entry.value}`;
const pendingKeyText = (entry: PendingContribution) => keyText(entry.agencyId, entry.serviceKind, entry.serviceCode, entry.measure, entry.sinceDay, Date.parse(entry.deadline));

function sortedBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ key: keyOf(item), item }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ item }) => item);
}
