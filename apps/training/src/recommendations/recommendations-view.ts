import { SqlStatement } from '@palembang/events';
import { TrainingRecommendationDto } from '@palembang/training-api';
import { TrainingRecommendationEvent } from '@palembang/training-domain';
import { EntityManager } from 'typeorm';

/** The programs recommended per alert (training_recommendations), sent with the recommendation's events. */
export function recommendationWrites(events: readonly TrainingRecommendationEvent[]): SqlStatement[] {
  return events.map(({ data }) => ({
    sql: `INSERT INTO training_recommendations (alert_id, agency_id, service, period, program_ids, recommended_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (alert_id) DO NOTHING`,
    parameters: [data.alertId, data.agencyId, data.service, data.period, data.programIds, data.recommendedAt],
  }));
}

/** The recommendations to an agency (to every agency for null), newest first. */
export async function recommendationsTo(manager: EntityManager, agencyId: string | null, limit: number): Promise<TrainingRecommendationDto[]> {
  const rows: Array<{ alert_id: string; agency_id: string; service: string; period: string; program_ids: string[]; recommended_at: Date }> = await manager.query(
    `SELECT * FROM training_recommendations WHERE ($1::text IS NULL OR agency_id = $1) ORDER BY recommended_at DESC, alert_id LIMIT $2`,
    [agencyId, limit],
  );
  return rows.map((row) => ({ alertId: row.alert_id, agencyId: row.agency_id, service: row.service, period: row.period, programIds: row.program_ids, recommendedAt: row.recommended_at.toISOString() }));
}
