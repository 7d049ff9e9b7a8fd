import { assertNever } from '@palembang/events';
import { ResearchEvent } from '@palembang/training-domain';
import { EntityManager } from 'typeorm';

/** The research projects per agency studied (training_research_projects); findings and recommendations are read from each stream. */
export async function projectResearch(manager: EntityManager, events: readonly ResearchEvent[]): Promise<void> {
  for (const event of events) await project(manager, event);
}

async function project(manager: EntityManager, event: ResearchEvent): Promise<void> {
  switch (event.type) {
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
    default:
      return assertNever(event);
  }
}

/** The projects studying an agency (every agency's for null), newest first. */
export async function projectIdsStudying(manager: EntityManager, agencyId: string | null, limit: number): Promise<string[]> {
  const rows: Array<{ project_id: string }> = await manager.query(
    `SELECT project_id FROM training_research_projects WHERE ($1::text IS NULL OR agency_id = $1) ORDER BY proposed_at DESC, project_id LIMIT $2`,
    [agencyId, limit],
  );
  return rows.map((row) => row.project_id);
}
