import { assertNever } from '@palembang/events';
import { PartnerEvent } from '@palembang/training-domain';
import { EntityManager } from 'typeorm';

/** The partner institutions (training_partners); their agreements are read from each partner's stream. */
export async function projectPartners(manager: EntityManager, events: readonly PartnerEvent[]): Promise<void> {
  for (const event of events) await project(manager, event);
}

async function project(manager: EntityManager, event: PartnerEvent): Promise<void> {
  switch (event.type) {
    case 'PartnerRegistered':
      await manager.query(`INSERT INTO training_partners (partner_id, name, kind, registered_at) VALUES ($1, $2, $3, $4)`, [event.data.partnerId, event.data.name, event.data.kind, event.data.registeredAt]);
      return;
    case 'AgreementSigned':
    case 'AgreementTerminated':
      return;
    default:
      return assertNever(event);
  }
}

/** The partners by name (at most `limit`). */
export async function partnerIdsByName(manager: EntityManager, limit: number): Promise<string[]> {
  const rows: Array<{ partner_id: string }> = await manager.query(`SELECT partner_id FROM training_partners ORDER BY name LIMIT $1`, [limit]);
  return rows.map((row) => row.partner_id);
}
