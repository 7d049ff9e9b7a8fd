import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A survey needs the citizen's proof, the tracking code of the finished case. Complaints
 * have theirs in the complaint list; permit applications' codes are learned here from
 * the permits service's ApplicationSubmitted events. Permits that finished before this
 * table existed cannot be rated by code (their submissions were consumed already).
 */
export class SurveyProofs1764970000000 implements MigrationInterface {
  name = 'SurveyProofs1764970000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE permit_tracking_codes (
        application_id uuid PRIMARY KEY,
        tracking_code text NOT NULL UNIQUE
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE permit_tracking_codes`);
  }
}
