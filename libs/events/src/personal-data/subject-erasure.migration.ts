import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may forget a person, and who did.
 *
 * es_subject_agencies links a subject (by the same keyed hash as es_subject_keys,
 * never in clear) to every agency that holds a case of theirs: an agency may only
 * forget its own citizens, unless it holds agencies:all. Existing events are
 * linked once here (BACKFILL_SUBJECT_AGENCIES), to the agency holding the case.
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
    await queryRunner.query(BACKFILL_SUBJECT_AGENCIES);
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

/**
 * Links every subject of the stored events to the agency holding their case, as the services
 * do from now on (the contracts' `personalData.agencyId`, CivilServantsService, ComplaintsService),
 * never simply to the agency that sent the event: BKPSDM registers civil servants for every agency,
 * an organiser enrols other agencies' staff, a portal submits to a desk. The subject is found by the
 * key its sealed fields name (its id is stored only as a keyed hash):
 * - an enrolment (ParticipantEnrolled/-Waitlisted): the employer, `employerAgencyId`;
 * - a civil servant's registration: the agency they serve at, `agencyId`; each transfer adds the new
 *   agency (to the subject sealed in the same stream);
 * - a complaint: the desk it was submitted to, `agencyId`; each agency it was routed to
 *   (ComplaintVerified/-Rerouted `agencyId`) unless the report is anonymous;
 * - any other sealed event (an application, an xAPI statement, an internship): the agency that sent it.
 */
export const BACKFILL_SUBJECT_AGENCIES = `
  WITH sealed AS (
    SELECT DISTINCT e.stream_id, e.type, e.data, e.metadata, k.subject_id
      FROM es_events e
      CROSS JOIN LATERAL jsonb_path_query(e.data, 'strict $.**."$sealed".key') AS sealed(key_id)
      JOIN es_subject_keys k ON k.key_id::text = sealed.key_id #>> '{}'
  ),
  holders AS (
    SELECT subject_id,
           CASE
             WHEN type IN ('ParticipantEnrolled', 'ParticipantWaitlisted') THEN data->>'employerAgencyId'
             WHEN type IN ('CivilServantRegistered', 'ComplaintSubmitted') THEN data->>'agencyId'
             ELSE metadata->>'agencyId'
           END AS agency_id
      FROM sealed
    UNION
    SELECT s.subject_id, later.data->>'agencyId'
      FROM sealed s
      JOIN es_events later ON later.stream_id = s.stream_id
     WHERE (s.type = 'CivilServantRegistered' AND later.type = 'CivilServantTransferred')
        OR (s.type = 'ComplaintSubmitted' AND later.type IN ('ComplaintVerified', 'ComplaintRerouted')
            AND (s.data->>'anonymous')::boolean IS NOT TRUE)
  )
  INSERT INTO es_subject_agencies (subject_id, agency_id)
  SELECT DISTINCT subject_id, agency_id FROM holders WHERE agency_id IS NOT NULL
  ON CONFLICT DO NOTHING`;
