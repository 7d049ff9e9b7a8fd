import { ComplaintCaseFacts, PermitCaseFacts, SurveyFacts } from '@palembang/accountability-domain';
import { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { AggregateDelta, applyAggregateDelta, complaintDelta, permitDelta, surveyDelta } from './aggregate-store';
import { aggregateTablesDdl, METRICS_SCHEMA } from './metric-tables';
import { trainingDeltaOfPeople } from './training-inputs';

const PAGE = 5_000;

/**
 * The aggregate tables, filled from the facts already projected (the same contributions the
 * projection adds, read page by page), so the metrics answers can read them from the start.
 * A rebuild (`rebuild` command) makes the same tables from the topics.
 */
export class AccountabilityAggregates1797000000000 implements MigrationInterface {
  name = 'AccountabilityAggregates1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of aggregateTablesDdl(METRICS_SCHEMA)) await queryRunner.query(statement);
    // A new database got the tables from the first migration (metricTablesDdl), empty like its facts.
    const [{ empty }] = await queryRunner.query(`SELECT NOT EXISTS (SELECT 1 FROM ${METRICS_SCHEMA}.aggregates) AS empty`);
    if (empty) await backfillAggregates(queryRunner.manager, METRICS_SCHEMA);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${METRICS_SCHEMA}.pending_deadlines`);
    await queryRunner.query(`DROP TABLE ${METRICS_SCHEMA}.aggregates`);
  }
}

export async function backfillAggregates(manager: EntityManager, schema: string): Promise<void> {
  await forEachPage<PermitCaseFacts>(manager, `${schema}.permit_facts`, 'application_id', (facts) => permitDelta(facts.map((after) => ({ before: undefined, after }))), schema);
  await forEachPage<ComplaintCaseFacts>(manager, `${schema}.complaint_facts`, 'complaint_id', (facts) => complaintDelta(facts.map((after) => ({ before: undefined, after }))), schema);
  await forEachPage<SurveyFacts>(manager, `${schema}.survey_facts`, 'survey_id', surveyDelta, schema);
  const people: Array<{ person_key: string }> = await manager.query(`SELECT person_key FROM ${schema}.civil_servants`);
  for (let start = 0; start < people.length; start += PAGE) {
    await applyAggregateDelta(manager, schema, await trainingDeltaOfPeople(manager, schema, people.slice(start, start + PAGE).map((row) => row.person_key)));
  }
}

async function forEachPage<F>(manager: EntityManager, table: string, key: string, deltaOf: (facts: F[]) => AggregateDelta, schema: string): Promise<void> {
  for (let after = ''; ; ) {
    const rows: Array<{ id: string; facts: F }> = await manager.query(`SELECT ${key} AS id, facts FROM ${table} WHERE ${key} > $1 ORDER BY ${key} LIMIT ${PAGE}`, [after]);
    if (rows.length === 0) return;
    await applyAggregateDelta(manager, schema, deltaOf(rows.map((row) => row.facts)));
    after = rows[rows.length - 1].id;
  }
}
