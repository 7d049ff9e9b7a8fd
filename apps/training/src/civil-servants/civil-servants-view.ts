import { assertNever, SqlStatement } from '@palembang/events';
import { CivilServantEvent } from '@palembang/training-domain';
import { EntityManager } from 'typeorm';

/** Where each civil servant serves (civil_servants): sent with each register command's events, in their one statement. */
export function civilServantWrites(events: readonly CivilServantEvent[]): SqlStatement[] {
  return events.flatMap((event) => writeOf(event) ?? []);
}

function writeOf(event: CivilServantEvent): SqlStatement | undefined {
  switch (event.type) {
    case 'CivilServantRegistered':
      return { sql: `INSERT INTO civil_servants (nip, agency_id, registered_at) VALUES ($1, $2, $3) ON CONFLICT (nip) DO UPDATE SET agency_id = $2`, parameters: [
        event.data.nip, event.data.agencyId, event.data.registeredAt,
      ] };
    case 'CivilServantTransferred':
      return { sql: `UPDATE civil_servants SET agency_id = $2 WHERE nip = $1`, parameters: [event.data.nip, event.data.agencyId] };
    default:
      return assertNever(event);
  }
}

/** The agency a civil servant serves at (in the caller's transaction). */
export async function agencyOfCivilServant(manager: EntityManager, nip: string): Promise<string | undefined> {
  const rows: Array<{ agency_id: string }> = await manager.query(`SELECT agency_id FROM civil_servants WHERE nip = $1`, [nip]);
  return rows[0]?.agency_id;
}

/** The NIPs registered at an agency. */
export async function nipsRegisteredAt(manager: EntityManager, agencyId: string): Promise<Set<string>> {
  const rows: Array<{ nip: string }> = await manager.query(`SELECT nip FROM civil_servants WHERE agency_id = $1`, [agencyId]);
  return new Set(rows.map((row) => row.nip));
}
