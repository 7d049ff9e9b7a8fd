import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The xAPI statement store: append-only (statements are immutable, a trigger refuses UPDATE and DELETE;
 * voiding is a statement of its own). Idempotent: a database that ran TrainingViews1764600000000 has the
 * table, and XapiStatementsSealing1764900000001 has since replaced the trigger's function, which is
 * therefore created only when missing.
 */
export class XapiStatements1764600000009 implements MigrationInterface {
  name = 'XapiStatements1764600000009';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS xapi_statements (
        position bigserial PRIMARY KEY,
        statement_id uuid NOT NULL UNIQUE,
        statement jsonb NOT NULL,
        verb_id text NOT NULL,
        activity_id text,
        actor_ifi text,
        object_agent_ifi text,
        object_statement_id uuid,
        registration uuid,
        voids uuid,
        stored timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS xapi_statements_voids ON xapi_statements (voids) WHERE voids IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS xapi_statements_by_actor ON xapi_statements (actor_ifi, position)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS xapi_statements_by_activity ON xapi_statements (activity_id, position)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS xapi_statements_by_stored ON xapi_statements (stored)`);
    await queryRunner.query(`
      DO $do$
      BEGIN
        IF to_regprocedure('xapi_statements_immutable()') IS NULL THEN
          CREATE FUNCTION xapi_statements_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            RAISE EXCEPTION 'xAPI statements are immutable: void them with a statement instead';
          END $$;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'xapi_statements_append_only' AND tgrelid = 'xapi_statements'::regclass) THEN
          CREATE TRIGGER xapi_statements_append_only BEFORE UPDATE OR DELETE ON xapi_statements FOR EACH ROW EXECUTE FUNCTION xapi_statements_immutable();
        END IF;
      END $do$`);
  }

  /** Nothing: the table may predate this migration (the former single training migration made it), and later migrations rely on its function. */
  async down(): Promise<void> {}
}
