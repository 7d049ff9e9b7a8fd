import { MigrationInterface, QueryRunner } from 'typeorm';

/** The read model behind the lists and the deadline watcher; rebuilt from the events at will. */
export class PermitApplicationsView1764375000000 implements MigrationInterface {
  name = 'PermitApplicationsView1764375000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE permit_applications_view (
        application_id uuid PRIMARY KEY,
        tracking_code text NOT NULL UNIQUE,
        agency_id text NOT NULL,
        permit_type_code text NOT NULL,
        status text NOT NULL,
        submitted_at timestamptz NOT NULL,
        sla_deadline timestamptz,
        sla_breached boolean NOT NULL DEFAULT false,
        deemed_approved boolean NOT NULL DEFAULT false,
        decided_at timestamptz,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX permit_applications_by_agency ON permit_applications_view (agency_id, submitted_at DESC, application_id DESC)`);
    await queryRunner.query(
      `CREATE INDEX permit_applications_running_clocks ON permit_applications_view (sla_deadline) WHERE status IN ('verified', 'under-review')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE permit_applications_view`);
  }
}
