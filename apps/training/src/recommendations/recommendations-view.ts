import { TrainingRecommendationDto } from '@palembang/training-api';
import { TrainingRecommendationEvent } from '@palembang/training-domain';
import { EntityManager } from 'typeorm';

/** The programs recommended per alert (training_recommendations), in the recommendation's transaction. */
export async function projectRecommendations(manager: EntityManager, events: readonly TrainingRecommendationEvent[]): Promise<void> {
  for (const { data } of events) {
    await manager.query(
      `INSERT INTO training_recommendations (alert_id, agency_id, service, period, program_ids, recommended_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (alert_id) DO NOTHING`,
      [data.alertId, data.agencyId, data.service, data.period, data.programIds, data.recommendedAt],
    );
  }
}

/** The recommendations to an agency (to every agency for null), newest first. */
export async function recommendationsTo(manager: EntityManager, agencyId: string | null, limit: number): Promise<TrainingRecommendationDto[]> {
  const rows: Array<{ alert_id: string; agency_id: string; service: string; period: string; program_ids: string[]; recommended_at: Date }> = await manager.query(
    `SELECT * FROM training_recommendations WHERE ($1::text IS NULL OR agency_id = $1) ORDER BY recommended_at DESC, alert_id LIMIT $2`,
    [agencyId, limit],
  );
  return rows.map((row) => ({ alertId: row.alert_id, agencyId: row.agency_id, service: row.service, period: row.period, programIds: row.program_ids, recommendedAt: row.recommended_at.toISOString() }));
}
