import { assertNever, SqlStatement } from '@palembang/events';
import { KeysetPosition, Page, pageOf } from '@palembang/http';
import { ProgramDto } from '@palembang/training-api';
import { CataloguedProgram, CompetencyArea, ProgramEvent } from '@palembang/training-domain';
import { JpProgram } from '@palembang/xapi';
import { EntityManager } from 'typeorm';

/** The catalogue's read model (training_programs): sent with each program command's events, in their one statement. */
export function programWrites(events: readonly ProgramEvent[]): SqlStatement[] {
  return events.flatMap((event) => writeOf(event) ?? []);
}

function writeOf(event: ProgramEvent): SqlStatement | undefined {
  switch (event.type) {
    case 'ProgramCreated': {
      const { programId, agencyId, code, title, competencyArea, jp, deliveryMode, provider, description, xapiActivityIds, createdAt } = event.data;
      return { sql: `INSERT INTO training_programs (program_id, agency_id, code, title, competency_area, jp, details, xapi_activity_ids, status, created_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, 1)`, parameters: [programId, agencyId, code, title, competencyArea, jp, JSON.stringify({ deliveryMode, provider, description }), xapiActivityIds, createdAt] };
    }
    case 'ProgramUpdated': {
      const { programId, code, title, competencyArea, jp, deliveryMode, provider, description, xapiActivityIds } = event.data;
      return { sql: `UPDATE training_programs SET code = $2, title = $3, competency_area = $4, jp = $5, details = $6, xapi_activity_ids = $7, version = version + 1 WHERE program_id = $1`, parameters: [programId, code, title, competencyArea, jp, JSON.stringify({ deliveryMode, provider, description }), xapiActivityIds] };
    }
    case 'ProgramRetired':
      return { sql: `UPDATE training_programs SET status = 'retired', version = version + 1 WHERE program_id = $1`, parameters: [event.data.programId] };
    default:
      return assertNever(event);
  }
}

type ProgramRow = {
  program_id: string; agency_id: string; code: string; title: string; competency_area: string; jp: number; status: string; created_at: Date; version: number; xapi_activity_ids: string[];
  details: { deliveryMode: string; provider: { kind: 'agency' | 'partner'; id: string }; description: string };
};

export type ProgramListQuery = Readonly<{ status?: string; competencyArea?: string; after: KeysetPosition | null; limit: number }>;

/** The catalogue, oldest first, a page at a time. */
export async function listPrograms(manager: EntityManager, query: ProgramListQuery): Promise<Page<ProgramDto>> {
  const rows: ProgramRow[] = await manager.query(
    `SELECT * FROM training_programs
      WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR competency_area = $2)
        AND ($3::timestamptz IS NULL OR (created_at, program_id) > ($3::timestamptz, $4::text))
      ORDER BY created_at, program_id LIMIT $5`,
    [query.status ?? null, query.competencyArea ?? null, query.after?.at ?? null, query.after?.id ?? null, query.limit + 1],
  );
  return pageOf(rows, query.limit, programOfRow, (row) => ({ at: row.created_at.toISOString(), id: row.program_id }));
}

function programOfRow(row: ProgramRow): ProgramDto {
  const { deliveryMode, provider, description } = row.details;
  return {
    programId: row.program_id, agencyId: row.agency_id, status: row.status, code: row.code, title: row.title, competencyArea: row.competency_area, jp: row.jp,
    deliveryMode, provider, description, xapiActivityIds: row.xapi_activity_ids, createdAt: row.created_at.toISOString(), version: row.version,
  };
}

/** The program holding a catalogue code, if any. */
export async function programIdWithCode(manager: EntityManager, code: string): Promise<string | undefined> {
  const rows: Array<{ program_id: string }> = await manager.query(`SELECT program_id FROM training_programs WHERE code = $1`, [code]);
  return rows[0]?.program_id;
}

/** The active catalogue, oldest first: what a targeted recommendation picks from. */
export async function activeCatalogue(manager: EntityManager): Promise<CataloguedProgram[]> {
  const rows: Array<{ program_id: string; competency_area: CompetencyArea }> = await manager.query(
    `SELECT program_id, competency_area FROM training_programs WHERE status = 'active' ORDER BY created_at, program_id`,
  );
  return rows.map((row) => ({ programId: row.program_id, competencyArea: row.competency_area }));
}

/** The oldest active program an LMS activity is mapped to: what a completion of it credits. */
export async function programOfActivity(manager: EntityManager, activityId: string): Promise<JpProgram | undefined> {
  const rows: Array<{ program_id: string; jp: number }> = await manager.query(
    `SELECT program_id, jp FROM training_programs WHERE status = 'active' AND $1 = ANY(xapi_activity_ids) ORDER BY created_at LIMIT 1`,
    [activityId],
  );
  return rows[0] && { programId: rows[0].program_id, jp: rows[0].jp };
}
