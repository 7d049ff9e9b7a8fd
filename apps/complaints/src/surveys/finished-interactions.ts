import { interactionKindOfTrackingCode, ServiceInteraction } from '@palembang/satisfaction';
import { SqlStatement } from '@palembang/events';
import { EntityManager } from 'typeorm';

/**
 * A service interaction that has finished and may be rated once: a complaint
 * closed here, or a permit application issued or rejected (learned from the
 * permits service's events). Recording one twice keeps the first; of two with the
 * same kind and id in one call, the first is kept. In one statement.
 */
export async function recordFinishedInteractions(manager: EntityManager, interactions: readonly ServiceInteraction[]): Promise<void> {
  if (interactions.length === 0) return;
  const { sql, parameters } = finishedInteractionsInsert(interactions);
  await manager.query(sql, [...parameters]);
}

/** The statement recordFinishedInteractions sends, for a command to send with its events. */
export function finishedInteractionsInsert(interactions: readonly ServiceInteraction[]): SqlStatement {
  return {
    sql: `INSERT INTO finished_interactions (kind, interaction_id, agency_id, service_code, finished_at)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[])
     ON CONFLICT (kind, interaction_id) DO NOTHING`,
    parameters: [
      interactions.map((interaction) => interaction.kind),
      interactions.map((interaction) => interaction.id),
      interactions.map((interaction) => interaction.agencyId),
      interactions.map((interaction) => interaction.serviceCode),
      interactions.map((interaction) => interaction.finishedAt),
    ],
  };
}

export async function findFinishedInteraction(manager: EntityManager, kind: ServiceInteraction['kind'], id: string): Promise<ServiceInteraction | undefined> {
  const rows: Array<{ agency_id: string; service_code: string; finished_at: Date }> = await manager.query(
    `SELECT agency_id, service_code, finished_at FROM finished_interactions WHERE kind = $1 AND interaction_id = $2`,
    [kind, id],
  );
  const row = rows[0];
  return row && { kind, id, agencyId: row.agency_id, serviceCode: row.service_code, finishedAt: row.finished_at.toISOString() };
}

/** Remembers permit applications' tracking codes (from their ApplicationSubmitted events), the proof a survey of one needs. */
export async function recordPermitTrackingCodes(manager: EntityManager, codes: ReadonlyArray<{ applicationId: string; trackingCode: string }>): Promise<void> {
  if (codes.length === 0) return;
  await manager.query(
    `INSERT INTO permit_tracking_codes (application_id, tracking_code) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT DO NOTHING`,
    [codes.map((code) => code.applicationId), codes.map((code) => code.trackingCode)],
  );
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
