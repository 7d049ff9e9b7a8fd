import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read models of the complaints service, written in each command's own
 * transaction and rebuilt from the events at will: the complaint list (also
 * what Open311 lists and the deadline watcher scans), the finished service
 * interactions a satisfaction survey may be given for, and the surveys.
 */
export class ComplaintsViews1764500000000 implements MigrationInterface {
  name = 'ComplaintsViews1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE complaints_view (
        complaint_id uuid PRIMARY KEY,
        tracking_code text NOT NULL UNIQUE,
        agency_id text NOT NULL,
        category_code text NOT NULL,
        intake_type text NOT NULL,
        channel text NOT NULL,
        status text NOT NULL,
        is_open boolean NOT NULL,
        title text NOT NULL,
        address text,
        latitude double precision,
        longitude double precision,
        deadline_kind text,
        deadline_at timestamptz,
        check_at timestamptz,
        status_notes text,
        submitted_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX complaints_by_agency ON complaints_view (agency_id, submitted_at DESC, complaint_id DESC)`);
    await queryRunner.query(`CREATE INDEX complaints_by_time ON complaints_view (submitted_at DESC, complaint_id DESC)`);
    await queryRunner.query(`CREATE INDEX complaints_to_check ON complaints_view (check_at) WHERE check_at IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE finished_interactions (
        kind text NOT NULL,
        interaction_id uuid NOT NULL,
        agency_id text NOT NULL,
        service_code text NOT NULL,
        finished_at timestamptz NOT NULL,
        PRIMARY KEY (kind, interaction_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE surveys_view (
        survey_id uuid PRIMARY KEY,
        interaction_kind text NOT NULL,
        interaction_id uuid NOT NULL,
        agency_id text NOT NULL,
        service_code text NOT NULL,
        finished_at timestamptz NOT NULL,
        scores jsonb NOT NULL,
        submitted_at timestamptz NOT NULL,
        UNIQUE (interaction_kind, interaction_id)
      )`);
    await queryRunner.query(`CREATE INDEX surveys_by_agency ON surveys_view (agency_id, submitted_at DESC, survey_id DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE surveys_view`);
    await queryRunner.query(`DROP TABLE finished_interactions`);
    await queryRunner.query(`DROP TABLE complaints_view`);
  }
}

/**
 * The report's title, address and place are the reporter's personal data: the view
 * keeps them sealed under the reporter's key (jsonb holding the sealed value), the
 * place as one sealed { latitude, longitude }. Rows written before keep their plain
 * values, which read as they are (the reader unseals only sealed values).
 */
export class ComplaintsViewSealedReport1764950000000 implements MigrationInterface {
  name = 'ComplaintsViewSealedReport1764950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE complaints_view ALTER COLUMN title TYPE jsonb USING to_jsonb(title), ALTER COLUMN address TYPE jsonb USING to_jsonb(address), ADD COLUMN location jsonb`);
    await queryRunner.query(`UPDATE complaints_view SET location = jsonb_build_object('latitude', latitude, 'longitude', longitude) WHERE latitude IS NOT NULL AND longitude IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE complaints_view DROP COLUMN latitude, DROP COLUMN longitude`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE complaints_view ADD COLUMN latitude double precision, ADD COLUMN longitude double precision`);
    await queryRunner.query(`UPDATE complaints_view SET latitude = (location->>'latitude')::double precision, longitude = (location->>'longitude')::double precision WHERE location ? 'latitude'`);
    await queryRunner.query(`ALTER TABLE complaints_view DROP COLUMN location, ALTER COLUMN title TYPE text USING title #>> '{}', ALTER COLUMN address TYPE text USING address #>> '{}'`);
  }
}

/** Every migration of the complaints read models, in order. */
export const COMPLAINTS_VIEW_MIGRATIONS = [ComplaintsViews1764500000000, ComplaintsViewSealedReport1764950000000];
