import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether the running deadline is provisional (it reaches into a year whose working-day
 * calendar is not published): the deadline watcher leaves such a deadline until the
 * calendar makes it final, and a calendar change revisits them all. Existing rows read
 * false, as their events do; the first recalculation after the calendar copy fills in
 * the truth (it revisits every running deadline from the published year on).
 */
export class ComplaintsViewProvisionalDeadlines1796100000000 implements MigrationInterface {
  name = 'ComplaintsViewProvisionalDeadlines1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE complaints_view ADD COLUMN deadline_provisional boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE complaints_view DROP COLUMN deadline_provisional`);
  }
}
