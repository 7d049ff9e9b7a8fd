import { assertNever, SqlStatement } from '@palembang/events';
import { CohortSummaryDto } from '@palembang/training-api';
import { CohortEvent } from '@palembang/training-domain';
import { EntityManager } from 'typeorm';

/** The cohorts of each program (training_cohorts): sent with each cohort command's events, in their one statement. */
export function cohortWrites(events: readonly CohortEvent[]): SqlStatement[] {
  return events.flatMap((event) => writeOf(event) ?? []);
}

function writeOf(event: CohortEvent): SqlStatement | undefined {
  switch (event.type) {
    case 'CohortScheduled': {
      const { cohortId, programId, agencyId, startsOn, endsOn, capacity } = event.data;
      return { sql: `INSERT INTO training_cohorts (cohort_id, program_id, agency_id, status, starts_on, ends_on, capacity) VALUES ($1, $2, $3, 'scheduled', $4, $5, $6)`, parameters: [
        cohortId, programId, agencyId, startsOn, endsOn, capacity,
      ] };
    }
    case 'CohortCancelled':
      return { sql: `UPDATE training_cohorts SET status = 'cancelled' WHERE cohort_id = $1`, parameters: [event.data.cohortId] };
    case 'ParticipantEnrolled':
    case 'ParticipantWaitlisted':
    case 'EnrolmentWithdrawn':
    case 'EnrolmentPromoted':
    case 'AttendanceRecorded':
    case 'ParticipantCompleted':
      // Participants are read from the cohort's stream; the JP of a pass arrive as JpCredited.
      return undefined;
    default:
      return assertNever(event);
  }
}

/** The cohorts of a program, earliest first. */
export async function cohortsOfProgram(manager: EntityManager, programId: string): Promise<CohortSummaryDto[]> {
  const rows: Array<{ cohort_id: string; agency_id: string; status: string; starts_on: string; ends_on: string; capacity: number }> = await manager.query(
    `SELECT cohort_id, agency_id, status, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, capacity FROM training_cohorts WHERE program_id = $1 ORDER BY starts_on, cohort_id`,
    [programId],
  );
  return rows.map((row) => ({ cohortId: row.cohort_id, agencyId: row.agency_id, status: row.status, startsOn: row.starts_on, endsOn: row.ends_on, capacity: row.capacity }));
}
