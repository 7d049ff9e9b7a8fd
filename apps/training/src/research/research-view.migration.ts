import { MigrationInterface, QueryRunner } from 'typeorm';

/** The research projects per agency studied. Idempotent: a database that ran TrainingViews1764600000000 has this table already. */
export class ResearchView1764600000007 implements MigrationInterface {
  name = 'ResearchView1764600000007';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS training_research_projects (
        project_id text PRIMARY KEY,
        agency_id text NOT NULL,
        partner_id text NOT NULL,
        title text NOT NULL,
        status text NOT NULL,
        proposed_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE training_research_projects`);
  }
}
