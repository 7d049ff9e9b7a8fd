import { EntityManager } from 'typeorm';

export type RegisteredAgency = { agencyId: string; name: string; shortName: string; kind: string };

/** Every agency of the register that is not retired, by id: the rows every metrics answer lists, with "no cases" when it has none. */
export async function listRegisteredAgencies(manager: EntityManager): Promise<RegisteredAgency[]> {
  const rows: Array<{ agency_id: string; name: string; short_name: string; kind: string }> = await manager.query(
    `SELECT agency_id, name, short_name, kind FROM registered_agencies WHERE status = 'active' ORDER BY agency_id`,
  );
  return rows.map((row) => ({ agencyId: row.agency_id, name: row.name, shortName: row.short_name, kind: row.kind }));
}
