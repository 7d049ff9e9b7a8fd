import { MigrationInterface, QueryRunner } from 'typeorm';

/** The fact tables this migration gave a statement trigger (the tables of 2025-12). */
export const FACT_TABLES_OF_2025 = ['permit_facts', 'complaint_facts', 'survey_facts', 'training_credits', 'civil_servants'] as const;

/**
 * The statement triggers by which every change to a fact table notified the metrics reader of the
 * time (which kept every fact in memory). Dropped again by AccountabilityFactsChangedTriggersDropped
 * (facts-changed-dropped.migration.ts); kept here, written out, so the migrations replay as they ran.
 */
export function factsChangedTriggersDdl(schema: string): string[] {
  return [
    `CREATE OR REPLACE FUNCTION ${schema}.notify_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Only the live schema: a rebuild filling the next one changes nothing readers see.
        IF TG_TABLE_SCHEMA = 'metrics' THEN
          PERFORM pg_notify('metrics_facts_changed', '');
        END IF;
        RETURN NULL;
      END
    $$`,
    ...FACT_TABLES_OF_2025.map(
      (table) => `CREATE OR REPLACE TRIGGER facts_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${schema}.${table} FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.notify_facts_changed()`,
    ),
  ];
}

export function dropFactsChangedTriggersDdl(schema: string): string[] {
  return [...FACT_TABLES_OF_2025.map((table) => `DROP TRIGGER IF EXISTS facts_changed ON ${schema}.${table}`), `DROP FUNCTION IF EXISTS ${schema}.notify_facts_changed()`];
}

/** Fact tables created before the notification existed get it. */
export class AccountabilityFactsChanged1764700000000 implements MigrationInterface {
  name = 'AccountabilityFactsChanged1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of factsChangedTriggersDdl('metrics')) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of dropFactsChangedTriggersDdl('metrics')) await queryRunner.query(statement);
  }
}
