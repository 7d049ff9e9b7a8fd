import { MigrationInterface, QueryRunner } from 'typeorm';

/** The programs recommended per alert. Idempotent: a database that ran TrainingViews1764600000000 has this table already. */
export class RecommendationsView1764600000008 implements MigrationInterface {
  name = 'RecommendationsView1764600000008';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS training_recommendations (
        alert_id text PRIMARY KEY,
        agency_id text NOT NULL,
        service text NOT NULL,
        period text NOT NULL,
        program_ids text[] NOT NULL,
        recommended_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS training_recommendations_by_agency ON training_recommendations (agency_id, recommended_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE training_recommendations`);
  }
}
