import { assertNever, SqlStatement } from '@palembang/events';
import { InternshipEvent } from '@palembang/training-domain';
import { EntityManager } from 'typeorm';

/** The internships per host agency (training_internships); the rest of each is read from its stream. */
export function internshipWrites(events: readonly InternshipEvent[]): SqlStatement[] {
  return events.flatMap((event) => writeOf(event) ?? []);
}

function writeOf(event: InternshipEvent): SqlStatement | undefined {
  switch (event.type) {
    case 'InternPlaced':
      return { sql: `INSERT INTO training_internships (internship_id, agency_id, partner_id, status, starts_on) VALUES ($1, $2, $3, 'placed', $4)`, parameters: [
        event.data.internshipId, event.data.agencyId, event.data.partnerId, event.data.startsOn,
      ] };
    case 'InternshipEvaluated':
      return { sql: `UPDATE training_internships SET status = 'evaluated' WHERE internship_id = $1`, parameters: [event.data.internshipId] };
    case 'InternshipCompleted':
      return { sql: `UPDATE training_internships SET status = 'completed' WHERE internship_id = $1`, parameters: [event.data.internshipId] };
    default:
      return assertNever(event);
  }
}

/** The internships hosted by an agency (every agency's for null), latest start first. */
export async function internshipIdsHostedBy(manager: EntityManager, agencyId: string | null, limit: number): Promise<string[]> {
  const rows: Array<{ internship_id: string }> = await manager.query(
    `SELECT internship_id FROM training_internships WHERE ($1::text IS NULL OR agency_id = $1) ORDER BY starts_on DESC, internship_id LIMIT $2`,
    [agencyId, limit],
  );
  return rows.map((row) => row.internship_id);
}
