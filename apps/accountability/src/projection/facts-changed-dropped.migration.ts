import { MigrationInterface, QueryRunner } from 'typeorm';
import { dropFactsChangedTriggersDdl, factsChangedTriggersDdl } from './facts-changed.migration';
import { METRICS_SCHEMA } from './metric-tables';

/**
 * Drops the `facts_changed` statement triggers: nobody LISTENed to their empty notifications any
 * more, and every NOTIFY takes a lock at commit that serialises the committing transactions. The
 * projection now notifies the agencies it changed itself, once per transaction (metrics-changes.ts),
 * and a schema made by metricTablesDdl (a rebuild's) has no triggers.
 */
export class AccountabilityFactsChangedTriggersDropped1797300000000 implements MigrationInterface {
  name = 'AccountabilityFactsChangedTriggersDropped1797300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of dropFactsChangedTriggersDdl(METRICS_SCHEMA)) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of factsChangedTriggersDdl(METRICS_SCHEMA)) await queryRunner.query(statement);
  }
}
