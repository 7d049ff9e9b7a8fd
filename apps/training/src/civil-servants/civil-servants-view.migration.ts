import { MigrationInterface, QueryRunner } from 'typeorm';

/** Where each civil servant serves. Idempotent: a database that ran TrainingViews1764600000000 has this table already. */
export class CivilServantsView1764600000003 implements MigrationInterface {
  name = 'CivilServantsView1764600000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS civil_servants (
        nip text PRIMARY KEY,
        agency_id text NOT NULL,
        registered_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS civil_servants_by_agency ON civil_servants (agency_id, nip)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE civil_servants`);
  }
}
