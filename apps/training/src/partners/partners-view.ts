import { assertNever, SqlStatement } from '@palembang/events';
import { PartnerEvent } from '@palembang/training-domain';
import { EntityManager } from 'typeorm';

/** The partner institutions (training_partners); their agreements are read from each partner's stream. */
export function partnerWrites(events: readonly PartnerEvent[]): SqlStatement[] {
  return events.flatMap((event) => writeOf(event) ?? []);
}

function writeOf(event: PartnerEvent): SqlStatement | undefined {
  switch (event.type) {
    case 'PartnerRegistered':
      return { sql: `INSERT INTO training_partners (partner_id, name, kind, registered_at) VALUES ($1, $2, $3, $4)`, parameters: [event.data.partnerId, event.data.name, event.data.kind, event.data.registeredAt] };
    case 'AgreementSigned':
    case 'AgreementTerminated':
      return undefined;
    default:
      return assertNever(event);
  }
}

/** The partners by name (at most `limit`). */
export async function partnerIdsByName(manager: EntityManager, limit: number): Promise<string[]> {
  const rows: Array<{ partner_id: string }> = await manager.query(`SELECT partner_id FROM training_partners ORDER BY name LIMIT $1`, [limit]);
  return rows.map((row) => row.partner_id);
}
