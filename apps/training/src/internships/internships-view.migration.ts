import { MigrationInterface, QueryRunner } from 'typeorm';

/** The internships per host agency. Idempotent: a database that ran TrainingViews1764600000000 has this table already. */
export class InternshipsView1764600000006 implements MigrationInterface {
  name = 'InternshipsView1764600000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS training_internships (
        internship_id text PRIMARY KEY,
        agency_id text NOT NULL,
        partner_id text NOT NULL,
        status text NOT NULL,
        starts_on date NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE training_internships`);
  }
}
