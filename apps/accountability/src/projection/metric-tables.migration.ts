import { MigrationInterface, QueryRunner } from 'typeorm';
import { metricTablesDdl, METRICS_SCHEMA } from './metric-tables';

/**
 * The accountability read model: one fact row per case in the schema `metrics`.
 * A rebuild fills a second schema from offset 0 and swaps the two by renaming
 * (see rebuild/), so every table lives in the schema, never in `public`.
 */
export class AccountabilityMetricTables1764600000000 implements MigrationInterface {
  name = 'AccountabilityMetricTables1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of metricTablesDdl(METRICS_SCHEMA)) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA ${METRICS_SCHEMA} CASCADE`);
  }
}
