import { assertNever, Event } from '@palembang/events';
import { TrainingEvent } from '@palembang/training-domain';
import { EntityManager } from 'typeorm';

/**
 * Keeps the read models current with the events just appended, in the command's transaction.
 * Every training event passes here; the switch breaks the build when one is not considered.
 */
export async function projectTrainingEvents(manager: EntityManager, events: readonly Event[]): Promise<void> {
  for (const event of events as readonly TrainingEvent[]) await project(manager, event);
}

async function project(manager: EntityManager, event: TrainingEvent): Promise<void> {
  switch (event.type) {
    case 'ProgramCreated': {
      const { programId, agencyId, code, title, competencyArea, jp, deliveryMode, provider, description, xapiActivityIds, createdAt } = event.data;
      await manager.query(
        `INSERT INTO training_programs (program_id, agency_id, code, title, competency_area, jp, details, xapi_activity_ids, status, created_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, 1)`,
        [programId, agencyId, code, title, competencyArea, jp, JSON.stringify({ deliveryMode, provider, description }), xapiActivityIds, createdAt],
      );
      return;
    }
    case 'ProgramUpdated': {
      const { programId, code, title, competencyArea, jp, deliveryMode, provider, description, xapiActivityIds } = event.data;
      await manager.query(
        `UPDATE training_programs SET code = $2, title = $3, competency_area = $4, jp = $5, details = $6, xapi_activity_ids = $7, version = version + 1 WHERE program_id = $1`,
        [programId, code, title, competencyArea, jp, JSON.stringify({ deliveryMode, provider, description }), xapiActivityIds],
      );
      return;
    }
    case 'ProgramRetired':
      await manager.query(`UPDATE training_programs SET status = 'retired', version = version + 1 WHERE program_id = $1`, [event.data.programId]);
      return;
    case 'CohortScheduled': {
      const { cohortId, programId, agencyId, startsOn, endsOn, capacity } = event.data;
      await manager.query(`INSERT INTO training_cohorts (cohort_id, program_id, agency_id, status, starts_on, ends_on, capacity) VALUES ($1, $2, $3, 'scheduled', $4, $5, $6)`, [
        cohortId, programId, agencyId, startsOn, endsOn, capacity,
      ]);
      return;
    }
    case 'CohortCancelled':
      await manager.query(`UPDATE training_cohorts SET status = 'cancelled' WHERE cohort_id = $1`, [event.data.cohortId]);
      return;
    case 'ParticipantEnrolled':
    case 'ParticipantWaitlisted':
    case 'EnrolmentWithdrawn':
    case 'EnrolmentPromoted':
    case 'AttendanceRecorded':
    case 'ParticipantCompleted':
      // Participants are read from the cohort's stream; the JP of a pass arrive as JpCredited.
      return;
    case 'JpCredited': {
      const { nip, year, reference, agencyId, programId, source, jp, creditedAt } = event.data;
      await manager.query(
        `INSERT INTO jp_credits (nip, year, reference, agency_id, program_id, source, jp, credited_at, credited_at_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (nip, year, reference) DO UPDATE SET revoked_at = NULL, agency_id = $4, program_id = $5, source = $6, jp = $7, credited_at = $8, credited_at_text = $9`,
        [nip, year, reference, agencyId, programId, source, jp, creditedAt, creditedAt],
      );
      return;
    }
    case 'JpCreditRevoked':
      await manager.query(`UPDATE jp_credits SET revoked_at = $4 WHERE nip = $1 AND year = $2 AND reference = $3`, [event.data.nip, event.data.year, event.data.reference, event.data.revokedAt]);
      return;
    case 'CivilServantRegistered':
      await manager.query(`INSERT INTO civil_servants (nip, agency_id, registered_at) VALUES ($1, $2, $3) ON CONFLICT (nip) DO UPDATE SET agency_id = $2`, [
        event.data.nip, event.data.agencyId, event.data.registeredAt,
      ]);
      return;
    case 'CivilServantTransferred':
      await manager.query(`UPDATE civil_servants SET agency_id = $2 WHERE nip = $1`, [event.data.nip, event.data.agencyId]);
      return;
    case 'PartnerRegistered':
      await manager.query(`INSERT INTO training_partners (partner_id, name, kind, registered_at) VALUES ($1, $2, $3, $4)`, [event.data.partnerId, event.data.name, event.data.kind, event.data.registeredAt]);
      return;
    case 'AgreementSigned':
    case 'AgreementTerminated':
      return;
    case 'InternPlaced':
      await manager.query(`INSERT INTO training_internships (internship_id, agency_id, partner_id, status, starts_on) VALUES ($1, $2, $3, 'placed', $4)`, [
        event.data.internshipId, event.data.agencyId, event.data.partnerId, event.data.startsOn,
      ]);
      return;
    case 'InternshipEvaluated':
      await manager.query(`UPDATE training_internships SET status = 'evaluated' WHERE internship_id = $1`, [event.data.internshipId]);
      return;
    case 'InternshipCompleted':
      await manager.query(`UPDATE training_internships SET status = 'completed' WHERE internship_id = $1`, [event.data.internshipId]);
      return;
    case 'ResearchProposed':
      await manager.query(`INSERT INTO training_research_projects (project_id, agency_id, partner_id, title, status, proposed_at) VALUES ($1, $2, $3, $4, 'proposed', $5)`, [
        event.data.projectId, event.data.agencyId, event.data.partnerId, event.data.title, event.data.proposedAt,
      ]);
      return;
    case 'ResearchFindingsRecorded':
      await manager.query(`UPDATE training_research_projects SET status = 'reported' WHERE project_id = $1`, [event.data.projectId]);
      return;
    case 'RecommendationAdded':
    case 'RecommendationAccepted':
    case 'RecommendationRejected':
    case 'RecommendationImplemented':
      return;
    case 'TargetedProgramsRecommended': {
      const { alertId, agencyId, service, period, programIds, recommendedAt } = event.data;
      await manager.query(
        `INSERT INTO training_recommendations (alert_id, agency_id, service, period, program_ids, recommended_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (alert_id) DO NOTHING`,
        [alertId, agencyId, service, period, programIds, recommendedAt],
      );
      return;
    }
    default:
      return assertNever(event);
  }
}
