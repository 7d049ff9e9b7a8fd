import { MigrationInterface, QueryRunner } from 'typeorm';

/** The partner institutions. Idempotent: a database that ran TrainingViews1764600000000 has this table already. */
export class PartnersView1764600000005 implements MigrationInterface {
  name = 'PartnersView1764600000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS training_partners (
        partner_id text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL,
        registered_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE training_partners`);
  }
}
