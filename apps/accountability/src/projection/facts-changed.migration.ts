import { MigrationInterface, QueryRunner } from 'typeorm';
import { FACT_TABLES, factsChangedNotificationDdl, METRICS_SCHEMA } from './metric-tables';

/** Fact tables created before the notification existed get it (new and rebuilt schemas have it from metricTablesDdl). */
export class AccountabilityFactsChanged1764700000000 implements MigrationInterface {
  name = 'AccountabilityFactsChanged1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of factsChangedNotificationDdl(METRICS_SCHEMA)) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of FACT_TABLES) await queryRunner.query(`DROP TRIGGER IF EXISTS facts_changed ON ${METRICS_SCHEMA}.${table}`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS ${METRICS_SCHEMA}.notify_facts_changed()`);
  }
}
