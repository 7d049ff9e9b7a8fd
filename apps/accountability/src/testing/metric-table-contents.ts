import { EntityManager } from 'typeorm';
import { METRIC_TABLES } from '../projection/metric-tables';

/** Each metric table's key, so two generations of the read model can be compared row for row. */
const ORDER_BY: Record<(typeof METRIC_TABLES)[number], string> = {
  permit_facts: 'application_id',
  complaint_facts: 'complaint_id',
  survey_facts: 'survey_id',
  training_credits: 'person_key, reference',
  civil_servants: 'person_key',
  stream_versions: 'stream_key',
  aggregates: 'period, agency_id, service_kind, service_code, measure, value',
  pending_deadlines: 'agency_id, service_kind, service_code, measure, since_day, deadline',
};

/** Every metric table of `schema`, its rows in key order. */
export async function metricTableContents(manager: Pick<EntityManager, 'query'>, schema: string): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of METRIC_TABLES) tables[table] = await manager.query(`SELECT * FROM ${schema}.${table} ORDER BY ${ORDER_BY[table]}`);
  return tables;
}
