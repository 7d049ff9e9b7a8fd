import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agency register's read model. It lives in `public`, not in the `metrics` schema a
 * rebuild replaces: the register is the service's own event-sourced record, not a
 * projection of the other services' topics, so a rebuild never touches it.
 */
export class AgenciesView1796100000000 implements MigrationInterface {
  name = 'AgenciesView1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS registered_agencies (
        agency_id text PRIMARY KEY,
        name text NOT NULL,
        short_name text NOT NULL,
        kind text NOT NULL,
        status text NOT NULL,
        registered_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE registered_agencies`);
  }
}
