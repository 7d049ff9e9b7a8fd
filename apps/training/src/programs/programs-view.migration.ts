import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue's read model. Idempotent: a database that ran the former single migration
 * (TrainingViews1764600000000, see shared/training-views.migration.ts) has this table already.
 */
export class ProgramsView1764600000001 implements MigrationInterface {
  name = 'ProgramsView1764600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS training_programs (
        program_id text PRIMARY KEY,
        agency_id text NOT NULL,
        code text NOT NULL UNIQUE,
        title text NOT NULL,
        competency_area text NOT NULL,
        jp integer NOT NULL,
        details jsonb NOT NULL,
        xapi_activity_ids text[] NOT NULL,
        status text NOT NULL,
        created_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS training_programs_by_activity ON training_programs USING gin (xapi_activity_ids)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE training_programs`);
  }
}
