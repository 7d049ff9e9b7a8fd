import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statements stored before the actor was sealed hold its name and mailbox in clear. The service seals
 * them once at start-up (StatementSealing, which holds the personal-data key the migration has not):
 * the append-only trigger lets exactly that change through, a row going from unsealed to sealed with
 * its identity, verb, timing, voiding and ownership untouched. Anything else is still refused.
 */
export class XapiStatementsSealing1764900000001 implements MigrationInterface {
  name = 'XapiStatementsSealing1764900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION xapi_statements_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NOT OLD.sealed AND NEW.sealed
           AND NEW.position = OLD.position AND NEW.statement_id = OLD.statement_id AND NEW.verb_id = OLD.verb_id
           AND NEW.activity_id IS NOT DISTINCT FROM OLD.activity_id AND NEW.object_statement_id IS NOT DISTINCT FROM OLD.object_statement_id
           AND NEW.registration IS NOT DISTINCT FROM OLD.registration AND NEW.voids IS NOT DISTINCT FROM OLD.voids AND NEW.stored = OLD.stored
           AND NEW.stored_by IS NOT DISTINCT FROM OLD.stored_by AND NEW.learner_agency IS NOT DISTINCT FROM OLD.learner_agency
           AND NEW.statement->>'id' = OLD.statement->>'id' THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'xAPI statements are immutable: void them with a statement instead';
      END $$`);
    // Every start asks for the statements still unsealed: with this index, once they are all sealed, that reads nothing.
    await queryRunner.query(`CREATE INDEX xapi_statements_unsealed ON xapi_statements (position) WHERE NOT sealed`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX xapi_statements_unsealed`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION xapi_statements_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'xAPI statements are immutable: void them with a statement instead';
      END $$`);
  }
}
