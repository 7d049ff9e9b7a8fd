import { AgencyRegisterEvent, assertNever } from '@palembang/events';
import { problem, ProblemException } from '@palembang/http';
import { EntityManager } from 'typeorm';

/** Records a register event in this service's copy; an event at or below the version held changes nothing (redeliveries, replays). */
export async function recordAgencyRegisterEvent(manager: EntityManager, event: AgencyRegisterEvent, streamVersion: number): Promise<void> {
  switch (event.type) {
    case 'AgencyRegistered': {
      const { agencyId, name, shortName, kind } = event.data;
      await manager.query(
        `INSERT INTO agency_register_copy (agency_id, name, short_name, kind, status, stream_version) VALUES ($1, $2, $3, $4, 'active', $5)
         ON CONFLICT (agency_id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, kind = excluded.kind, status = 'active', stream_version = excluded.stream_version
         WHERE agency_register_copy.stream_version < excluded.stream_version`,
        [agencyId, name, shortName, kind, streamVersion],
      );
      return;
    }
    case 'AgencyUpdated': {
      const { agencyId, name, shortName, kind } = event.data;
      await manager.query(
        `UPDATE agency_register_copy SET name = $2, short_name = $3, kind = $4, stream_version = $5 WHERE agency_id = $1 AND stream_version < $5`,
        [agencyId, name, shortName, kind, streamVersion],
      );
      return;
    }
    case 'AgencyRetired':
      await manager.query(`UPDATE agency_register_copy SET status = 'retired', stream_version = $2 WHERE agency_id = $1 AND stream_version < $2`, [event.data.agencyId, streamVersion]);
      return;
    default:
      assertNever(event);
  }
}

/** The agencies named (field -> agency id) that the register does not hold as active, by field. */
export async function unregisteredAgencies(manager: EntityManager, named: Readonly<Record<string, string>>): Promise<string[]> {
  const ids = [...new Set(Object.values(named))];
  if (ids.length === 0) return [];
  const rows: Array<{ agency_id: string }> = await manager.query(`SELECT agency_id FROM agency_register_copy WHERE agency_id = ANY($1::text[]) AND status = 'active'`, [ids]);
  const active = new Set(rows.map((row) => row.agency_id));
  return Object.keys(named).filter((field) => !active.has(named[field]));
}

/** The problem for records naming agencies the register does not hold: 422, each field named. */
export function agencyNotRegistered(named: Readonly<Record<string, string>>, fields: readonly string[]): ProblemException {
  return new ProblemException(problem(422, {
    code: 'AGENCY.NOT_REGISTERED',
    detail: `The agency register holds no active agency ${fields.map((field) => named[field]).join(', ')}`,
    errors: fields.map((field) => ({ field, message: `${named[field]} is not an active agency of the register (GET /v1/agencies)` })),
  }));
}
