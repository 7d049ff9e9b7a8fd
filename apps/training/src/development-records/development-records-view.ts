import { assertNever, SqlStatement } from '@palembang/events';
import { CreditInput, CreditSource, DevelopmentEvent, developmentRecordOf, DevelopmentRecord } from '@palembang/training-domain';
import { EntityManager } from 'typeorm';

/** The JP credited per civil servant and year (jp_credits): sent with each credit's events, in their one statement. */
export function developmentRecordWrites(events: readonly DevelopmentEvent[]): SqlStatement[] {
  return events.flatMap((event) => writeOf(event) ?? []);
}

function writeOf(event: DevelopmentEvent): SqlStatement | undefined {
  switch (event.type) {
    case 'JpCredited': {
      const { nip, year, reference, agencyId, programId, source, jp, creditedAt } = event.data;
      return { sql: `INSERT INTO jp_credits (nip, year, reference, agency_id, program_id, source, jp, credited_at, credited_at_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (nip, year, reference) DO UPDATE SET revoked_at = NULL, agency_id = $4, program_id = $5, source = $6, jp = $7, credited_at = $8, credited_at_text = $9`, parameters: [nip, year, reference, agencyId, programId, source, jp, creditedAt, creditedAt] };
    }
    case 'JpCreditRevoked':
      return { sql: `UPDATE jp_credits SET revoked_at = $4 WHERE nip = $1 AND year = $2 AND reference = $3`, parameters: [event.data.nip, event.data.year, event.data.reference, event.data.revokedAt] };
    default:
      return assertNever(event);
  }
}

type CreditRow = { nip: string; source: CreditSource; program_id: string; jp: number; credited_at_text: string; reference: string };

/** The credits in force of the civil servants given, in the year: what developmentRecordOf counts. */
async function creditsOf(manager: EntityManager, nips: readonly string[], year: number): Promise<CreditInput[]> {
  const rows: CreditRow[] = await manager.query(
    `SELECT nip, source, program_id, jp, credited_at_text, reference FROM jp_credits WHERE nip = ANY($1::text[]) AND year = $2 AND revoked_at IS NULL ORDER BY credited_at, reference`,
    [nips, year],
  );
  return rows.map((row) => ({ nip: row.nip, source: row.source, programId: row.program_id, jp: row.jp, creditedAt: row.credited_at_text, reference: row.reference }));
}

export async function developmentRecordsOf(manager: EntityManager, nips: readonly string[], year: number): Promise<DevelopmentRecord[]> {
  // Grouped first: each record reads only its own credits, not every credit of the page (up to thousands of NIPs).
  const byNip = new Map<string, CreditInput[]>();
  for (const credit of await creditsOf(manager, nips, year)) {
    const ofNip = byNip.get(credit.nip) ?? [];
    ofNip.push(credit);
    byNip.set(credit.nip, ofNip);
  }
  return nips.map((nip) => developmentRecordOf(nip, year, byNip.get(nip) ?? []));
}

/** NIPs counted for an agency in a year: those registered there, and any credited for it that year. */
export async function nipsOfAgency(manager: EntityManager, agencyId: string, year: number, limit: number): Promise<string[]> {
  const rows: Array<{ nip: string }> = await manager.query(
    `SELECT nip FROM civil_servants WHERE agency_id = $1
     UNION SELECT nip FROM jp_credits WHERE agency_id = $1 AND year = $2 AND revoked_at IS NULL
     ORDER BY nip LIMIT $3`,
    [agencyId, year, limit],
  );
  return rows.map((row) => row.nip);
}

/** The agencies a civil servant's record belongs to: the register's and those of credits that year. */
export async function agenciesOfRecord(manager: EntityManager, nip: string, year: number): Promise<string[]> {
  const rows: Array<{ agency_id: string }> = await manager.query(
    `SELECT agency_id FROM civil_servants WHERE nip = $1 UNION SELECT agency_id FROM jp_credits WHERE nip = $1 AND year = $2`,
    [nip, year],
  );
  return rows.map((row) => row.agency_id);
}

/** The credits in force that an xAPI statement earned: what voiding it withdraws. */
export async function xapiCreditsOf(manager: EntityManager, statementId: string): Promise<Array<{ nip: string; year: number; agencyId: string }>> {
  const rows: Array<{ nip: string; year: number; agency_id: string }> = await manager.query(
    `SELECT nip, year, agency_id FROM jp_credits WHERE reference = $1 AND source = 'xapi' AND revoked_at IS NULL`,
    [statementId],
  );
  return rows.map((row) => ({ nip: row.nip, year: row.year, agencyId: row.agency_id }));
}
