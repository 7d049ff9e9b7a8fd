import { interactionKindOfTrackingCode, ServiceInteraction } from '@palembang/satisfaction';
import { EntityManager } from 'typeorm';

/**
 * A service interaction that has finished and may be rated once: a complaint
 * closed here, or a permit application issued or rejected (learned from the
 * permits service's events). Recording one twice keeps the first.
 */
export async function recordFinishedInteraction(manager: EntityManager, interaction: ServiceInteraction): Promise<void> {
  await manager.query(
    `INSERT INTO finished_interactions (kind, interaction_id, agency_id, service_code, finished_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (kind, interaction_id) DO NOTHING`,
    [interaction.kind, interaction.id, interaction.agencyId, interaction.serviceCode, interaction.finishedAt],
  );
}

export async function findFinishedInteraction(manager: EntityManager, kind: ServiceInteraction['kind'], id: string): Promise<ServiceInteraction | undefined> {
  const rows: Array<{ agency_id: string; service_code: string; finished_at: Date }> = await manager.query(
    `SELECT agency_id, service_code, finished_at FROM finished_interactions WHERE kind = $1 AND interaction_id = $2`,
    [kind, id],
  );
  const row = rows[0];
  return row && { kind, id, agencyId: row.agency_id, serviceCode: row.service_code, finishedAt: row.finished_at.toISOString() };
}

/** Remembers a permit application's tracking code (from its ApplicationSubmitted event), the proof a survey of it needs. */
export async function recordPermitTrackingCode(manager: EntityManager, applicationId: string, trackingCode: string): Promise<void> {
  await manager.query(`INSERT INTO permit_tracking_codes (application_id, tracking_code) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [applicationId, trackingCode]);
}

/** The finished interaction a tracking code proves, or undefined when the code is unknown or its case has not finished. */
export async function findFinishedInteractionByTrackingCode(manager: EntityManager, trackingCode: string): Promise<ServiceInteraction | undefined> {
  const kind = interactionKindOfTrackingCode(trackingCode);
  if (kind === undefined) return undefined;
  const rows: Array<{ id: string }> = await manager.query(
    kind === 'complaint'
      ? `SELECT complaint_id AS id FROM complaints_view WHERE tracking_code = $1`
      : `SELECT application_id AS id FROM permit_tracking_codes WHERE tracking_code = $1`,
    [trackingCode],
  );
  return rows[0] ? findFinishedInteraction(manager, kind, rows[0].id) : undefined;
}
