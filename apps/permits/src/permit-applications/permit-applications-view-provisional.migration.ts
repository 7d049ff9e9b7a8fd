import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a deadline rests on a calendar year not yet published: the deadline watcher
 * leaves such deadlines alone, and a calendar change revisits them. Rows written before
 * read false, like the events they come from.
 */
export class PermitApplicationsViewProvisional1796100000000 implements MigrationInterface {
  name = 'PermitApplicationsViewProvisional1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE permit_applications_view ADD COLUMN sla_deadline_provisional boolean NOT NULL DEFAULT false`);
    // What a calendar change may move: running and paused clocks (see slaDeadlineCandidates).
    await queryRunner.query(
      `CREATE INDEX permit_applications_clocks ON permit_applications_view (sla_deadline) WHERE status IN ('verified', 'under-review', 'revision-requested') AND sla_deadline IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX permit_applications_clocks`);
    await queryRunner.query(`ALTER TABLE permit_applications_view DROP COLUMN sla_deadline_provisional`);
  }
}
