import { EntityManager } from 'typeorm';
import { AggregateDelta } from './aggregate-store';
import { FACTS_CHANGED_CHANNEL, METRICS_SCHEMA } from './metric-tables';

/**
 * How the metrics readers learn what changed (metrics/metrics-change-listener.ts): the projection
 * notifies this channel in the transaction that changes the aggregates, so PostgreSQL delivers it
 * only once that transaction has committed. The payload names the agencies whose aggregates
 * changed (a JSON array); an empty payload means everything changed (a rebuild's switch, which
 * renames the schema, notifies it so).
 */
export const METRICS_CHANGED_CHANNEL = FACTS_CHANGED_CHANNEL;

export type ChangedAgencies = readonly string[] | 'everything';

/** PostgreSQL refuses a payload of 8000 bytes or more: a longer list is sent as "everything". */
const MAX_PAYLOAD_LENGTH = 7_900;

/**
 * The notification of the agencies whose aggregates the batch changed, sent by the statement that
 * writes them (applyAggregateDelta); none but for the live schema (a rebuild filling the next one
 * changes nothing readers see).
 */
export function metricsChangedNotification(schema: string, deltas: readonly AggregateDelta[]): { channel: string; payload: string } | undefined {
  if (schema !== METRICS_SCHEMA) return undefined;
  const agencies = new Set<string>();
  for (const delta of deltas) {
    for (const row of delta.rows) agencies.add(row.agencyId);
    for (const entry of delta.pending) agencies.add(entry.agencyId);
  }
  return agencies.size === 0 ? undefined : { channel: METRICS_CHANGED_CHANNEL, payload: payloadOf([...agencies].sort()) };
}

/**
 * For a writer of the live schema that does not say which agencies it changed (the bulk projection
 * loading the live schema, a rebuild's switch): every reader forgets everything it kept.
 */
export async function notifyEverythingChanged(manager: EntityManager, schema: string): Promise<void> {
  if (schema === METRICS_SCHEMA) await manager.query(`SELECT pg_notify($1, $2)`, [METRICS_CHANGED_CHANNEL, payloadOf('everything')]);
}

export function payloadOf(agencies: ChangedAgencies): string {
  if (agencies === 'everything') return '';
  const payload = JSON.stringify(agencies);
  return Buffer.byteLength(payload) > MAX_PAYLOAD_LENGTH ? '' : payload;
}

/** What a notification's payload says changed: anything but a list of agency ids is read as everything. */
export function changedAgenciesOf(payload: string): ChangedAgencies {
  if (payload === '') return 'everything';
  try {
    const agencies: unknown = JSON.parse(payload);
    return Array.isArray(agencies) && agencies.every((agency) => typeof agency === 'string') ? agencies : 'everything';
  } catch {
    return 'everything';
  }
}
