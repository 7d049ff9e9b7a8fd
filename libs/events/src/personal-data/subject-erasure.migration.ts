import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may forget a person, and who did.
 *
 * es_subject_agencies links a subject (by the same keyed hash as es_subject_keys,
 * never in clear) to every agency that holds a case of theirs: an agency may only
 * forget its own citizens, unless it holds agencies:all. Existing events are
 * linked once here, from the keys their sealed fields name.
 *
 * es_subject_erasures records every forget request, granted or refused, with the
 * client and agency that asked and when.
 */
export class SubjectErasure1764900000000 implements MigrationInterface {
  name = 'SubjectErasure1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE es_subject_agencies (
        subject_id text NOT NULL,
        agency_id text NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject_id, agency_id)
      )`);
    await queryRunner.query(`
      INSERT INTO es_subject_agencies (subject_id, agency_id)
      SELECT DISTINCT k.subject_id, e.metadata->>'agencyId'
        FROM es_events e
        CROSS JOIN LATERAL jsonb_path_query(e.data, 'strict $.**."$sealed".key') AS sealed(key_id)
        JOIN es_subject_keys k ON k.key_id::text = sealed.key_id #>> '{}'
       WHERE e.metadata->>'agencyId' IS NOT NULL
      ON CONFLICT DO NOTHING`);
    await queryRunner.query(`
      CREATE TABLE es_subject_erasures (
        id bigserial PRIMARY KEY,
        subject_id text NOT NULL,
        requested_by_client text NOT NULL,
        requested_by_agency text NOT NULL,
        all_agencies boolean NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('erased', 'refused')),
        erased_keys integer NOT NULL,
        requested_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX es_subject_erasures_by_subject ON es_subject_erasures (subject_id, requested_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE es_subject_erasures`);
    await queryRunner.query(`DROP TABLE es_subject_agencies`);
  }
}
