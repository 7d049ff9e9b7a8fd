import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who stored each xAPI statement (the client) and the agency of the civil servant it concerns, so a
 * learning system reads only what it stored and what concerns its agency's civil servants, and voids
 * only its own statements. Statements stored before keep their authority as the storing client; the
 * learner's agency is taken from the register, for an Agent only (a Group is never a civil servant, as
 * civilServantNipOfXapiActor says). Statements stay immutable: the trigger is lifted only
 * for this one fill-in.
 */
export class XapiStatementsScope1764900000000 implements MigrationInterface {
  name = 'XapiStatementsScope1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE xapi_statements ADD COLUMN stored_by text, ADD COLUMN learner_agency text, ADD COLUMN sealed boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE xapi_statements DISABLE TRIGGER xapi_statements_append_only`);
    await queryRunner.query(`
      UPDATE xapi_statements s SET stored_by = s.statement->'authority'->'account'->>'name',
        learner_agency = (SELECT c.agency_id FROM civil_servants c WHERE c.nip = s.statement->'actor'->'account'->>'name'
                            AND s.statement->'actor'->>'objectType' IS DISTINCT FROM 'Group')`);
    await queryRunner.query(`ALTER TABLE xapi_statements ENABLE TRIGGER xapi_statements_append_only`);
    await queryRunner.query(`CREATE INDEX xapi_statements_by_stored_by ON xapi_statements (stored_by, position)`);
    await queryRunner.query(`CREATE INDEX xapi_statements_by_learner_agency ON xapi_statements (learner_agency, position)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX xapi_statements_by_learner_agency`);
    await queryRunner.query(`DROP INDEX xapi_statements_by_stored_by`);
    await queryRunner.query(`ALTER TABLE xapi_statements DROP COLUMN sealed, DROP COLUMN learner_agency, DROP COLUMN stored_by`);
  }
}
