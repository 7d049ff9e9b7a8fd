import { MigrationInterface, QueryRunner } from 'typeorm';

/** Told, after commit, of every statement that changes the register: the metrics readers keep the list of agencies until it changes. */
export const REGISTER_CHANGED_CHANNEL = 'agency_register_changed';

/**
 * A statement trigger on registered_agencies notifies REGISTER_CHANGED_CHANNEL: whatever writes the
 * register (the agency commands, a seed, an operator's SQL), every replica's MetricsChangeListener hears
 * it and its answers read the register again. The register changes a few times a year, so the lock a
 * NOTIFY takes at commit costs nothing here (unlike the fact tables, see facts-changed-dropped.migration.ts).
 */
export class AgencyRegisterChanged1797400000000 implements MigrationInterface {
  name = 'AgencyRegisterChanged1797400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION agency_register_changed() RETURNS trigger LANGUAGE plpgsql AS $body$
      BEGIN
        PERFORM pg_notify('${REGISTER_CHANGED_CHANNEL}', '');
        RETURN NULL;
      END
      $body$`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS agency_register_changed ON registered_agencies`);
    await queryRunner.query(
      `CREATE TRIGGER agency_register_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registered_agencies FOR EACH STATEMENT EXECUTE FUNCTION agency_register_changed()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS agency_register_changed ON registered_agencies`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS agency_register_changed()`);
  }
}
