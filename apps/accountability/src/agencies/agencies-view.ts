import { AgencyRegisterEvent } from '@palembang/accountability-domain';
import { AgencyDto } from '@palembang/accountability-api';
import { assertNever, SqlStatement } from '@palembang/events';
import { KeysetPosition, Page, pageOf } from '@palembang/http';
import { EntityManager } from 'typeorm';

/** The register's read model (registered_agencies): sent with each agency command's events, in their one statement. */
export function agencyWrites(events: readonly AgencyRegisterEvent[]): SqlStatement[] {
  return events.map(writeOf);
}

function writeOf(event: AgencyRegisterEvent): SqlStatement {
  switch (event.type) {
    case 'AgencyRegistered': {
      const { agencyId, name, shortName, kind, registeredAt } = event.data;
      return {
        sql: `INSERT INTO registered_agencies (agency_id, name, short_name, kind, status, registered_at, version) VALUES ($1, $2, $3, $4, 'active', $5, 1)`,
        parameters: [agencyId, name, shortName, kind, registeredAt],
      };
    }
    case 'AgencyUpdated': {
      const { agencyId, name, shortName, kind } = event.data;
      return { sql: `UPDATE registered_agencies SET name = $2, short_name = $3, kind = $4, version = version + 1 WHERE agency_id = $1`, parameters: [agencyId, name, shortName, kind] };
    }
    case 'AgencyRetired':
      return { sql: `UPDATE registered_agencies SET status = 'retired', version = version + 1 WHERE agency_id = $1`, parameters: [event.data.agencyId] };
    default:
      return assertNever(event);
  }
}

type AgencyRow = { agency_id: string; name: string; short_name: string; kind: AgencyDto['kind']; status: AgencyDto['status']; registered_at: Date; version: number };

export type AgencyListQuery = Readonly<{ kind?: string; status?: string; after: KeysetPosition | null; limit: number }>;

/** The register in the order agencies were registered (by id within one registration time), a page at a time; active ones unless asked otherwise. */
export async function listAgencies(manager: EntityManager, query: AgencyListQuery): Promise<Page<AgencyDto>> {
  const rows: AgencyRow[] = await manager.query(
    `SELECT * FROM registered_agencies
      WHERE status = $1 AND ($2::text IS NULL OR kind = $2)
        AND ($3::timestamptz IS NULL OR (registered_at, agency_id) > ($3::timestamptz, $4::text))
      ORDER BY registered_at, agency_id LIMIT $5`,
    [query.status ?? 'active', query.kind ?? null, query.after?.at ?? null, query.after?.id ?? null, query.limit + 1],
  );
  return pageOf(rows, query.limit, agencyOfRow, (row) => ({ at: row.registered_at.toISOString(), id: row.agency_id }));
}

/** The ids among `agencyIds` the register holds, retired or not. */
export async function registeredIdsAmong(manager: EntityManager, agencyIds: readonly string[]): Promise<Set<string>> {
  const rows: Array<{ agency_id: string }> = await manager.query(`SELECT agency_id FROM registered_agencies WHERE agency_id = ANY($1::text[])`, [agencyIds]);
  return new Set(rows.map((row) => row.agency_id));
}

function agencyOfRow(row: AgencyRow): AgencyDto {
  return { agencyId: row.agency_id, name: row.name, shortName: row.short_name, kind: row.kind, status: row.status, registeredAt: row.registered_at.toISOString(), version: row.version };
}
