import { MigrationInterface, QueryRunner } from 'typeorm';

/** The cohorts of each program. Idempotent: a database that ran TrainingViews1764600000000 has this table already. */
export class CohortsView1764600000002 implements MigrationInterface {
  name = 'CohortsView1764600000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS training_cohorts (
        cohort_id text PRIMARY KEY,
        program_id text NOT NULL,
        agency_id text NOT NULL,
        status text NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        capacity integer NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS training_cohorts_by_program ON training_cohorts (program_id, starts_on)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE training_cohorts`);
  }
}
