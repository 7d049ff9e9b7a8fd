import { PermitApplication } from '@palembang/permits-domain';
import { SqlStatement } from '@palembang/events';
import { KeysetPosition, Page, pageOf } from '@palembang/http';
import { LocalDate, startOfJakartaDay } from '@palembang/working-days';
import { EntityManager } from 'typeorm';

/** The list view's row for the application's state: sent with the command's events, in their one statement. */
export function applicationViewUpserts(state: PermitApplication, version: number): SqlStatement[] {
  if (state.status === 'absent') return [];
  const sla = 'sla' in state ? state.sla : state.status === 'revision-requested' ? state.pausedClock : null;
  const decidedAt = 'decidedAt' in state ? state.decidedAt : state.status === 'issued' ? state.issuedAt : state.status === 'withdrawn' ? state.withdrawnAt : null;
  const sql = `INSERT INTO permit_applications_view
       (application_id, tracking_code, agency_id, permit_type_code, status, submitted_at, sla_deadline, sla_breached, deemed_approved, decided_at, version,
        sla_deadline_provisional, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())
     ON CONFLICT (application_id) DO UPDATE SET
       status = excluded.status, sla_deadline = excluded.sla_deadline, sla_breached = excluded.sla_breached,
       deemed_approved = excluded.deemed_approved, decided_at = excluded.decided_at, version = excluded.version,
       sla_deadline_provisional = excluded.sla_deadline_provisional, updated_at = now()`;
  const parameters = [
    state.applicationId,
    state.trackingCode,
    state.agencyId,
    state.permitTypeCode,
    state.status,
    state.submittedAt,
    sla?.deadline ?? null,
    sla?.breached ?? false,
    state.status === 'approved' && state.approval === 'deemed',
    decidedAt,
    version,
    sla?.provisional ?? false,
  ];
  return [{ sql, parameters }];
}

export type ApplicationListItem = Readonly<{
  applicationId: string;
  trackingCode: string;
  agencyId: string;
  permitTypeCode: string;
  status: string;
  submittedAt: string;
  slaDeadline: string | null;
  /** The deadline rests on a calendar year not published yet: an estimate. */
  slaDeadlineProvisional: boolean;
  overdue: boolean;
  version: number;
}>;

export type ApplicationListQuery = Readonly<{
  agencyId?: string;
  status?: string;
  overdue?: boolean;
  /** Where the previous page ended (pagingOf), null for the first page. */
  after?: KeysetPosition | null;
  limit: number;
  now: string;
}>;

type ViewRow = {
  application_id: string;
  tracking_code: string;
  agency_id: string;
  permit_type_code: string;
  status: string;
  submitted_at: Date;
  sla_deadline: Date | null;
  sla_deadline_provisional: boolean;
  overdue: boolean;
  version: number;
};

/** A page of applications, newest first, with the cursor of the next page (null on the last). */
export async function listApplications(manager: EntityManager, query: ApplicationListQuery): Promise<Page<ApplicationListItem>> {
  const cursor = query.after;
  const rows: ViewRow[] = await manager.query(
    `SELECT application_id, tracking_code, agency_id, permit_type_code, status, submitted_at, sla_deadline, sla_deadline_provisional, version,
            (status IN ('verified', 'under-review') AND sla_deadline < $5) AS overdue
       FROM permit_applications_view
      WHERE ($1::text IS NULL OR agency_id = $1)
        AND ($2::text IS NULL OR status = $2)
        AND ($3::boolean IS NULL OR (status IN ('verified', 'under-review') AND sla_deadline < $5) = $3)
        AND ($4::timestamptz IS NULL OR (submitted_at, application_id) < ($4::timestamptz, $6::uuid))
      ORDER BY submitted_at DESC, application_id DESC
      LIMIT $7`,
    [query.agencyId ?? null, query.status ?? null, query.overdue ?? null, cursor?.at ?? null, query.now, cursor?.id ?? null, query.limit + 1],
  );
  return pageOf(
    rows,
    query.limit,
    (row): ApplicationListItem => ({
      applicationId: row.application_id,
      trackingCode: row.tracking_code,
      agencyId: row.agency_id,
      permitTypeCode: row.permit_type_code,
      status: row.status,
      submittedAt: row.submitted_at.toISOString(),
      slaDeadline: row.sla_deadline?.toISOString() ?? null,
      slaDeadlineProvisional: row.sla_deadline_provisional,
      overdue: row.overdue,
      version: row.version,
    }),
    (row) => ({ at: row.submitted_at.toISOString(), id: row.application_id }),
  );
}

/**
 * Applications whose SLA clock runs past its deadline: what the deadline watcher checks.
 * A provisional deadline decides nothing; once its year is published, the recalculation
 * settles it and the application comes up here if it has passed.
 */
export async function applicationsPastDeadline(manager: EntityManager, now: string, limit = 100): Promise<string[]> {
  const rows: Array<{ application_id: string }> = await manager.query(
    `SELECT application_id FROM permit_applications_view
      WHERE status IN ('verified', 'under-review') AND sla_deadline < $1 AND NOT sla_breached AND NOT sla_deadline_provisional
      ORDER BY sla_deadline LIMIT $2`,
    [now, limit],
  );
  return rows.map((row) => row.application_id);
}

/**
 * The running and paused clocks a calendar change from `changedFrom` (a Jakarta day) may
 * move: every provisional one, and those ending on or after the start of that day.
 */
export async function slaDeadlineCandidates(manager: EntityManager, changedFrom: LocalDate): Promise<string[]> {
  const rows: Array<{ application_id: string }> = await manager.query(
    `SELECT application_id FROM permit_applications_view
      WHERE status IN ('verified', 'under-review', 'revision-requested') AND sla_deadline IS NOT NULL
        AND (sla_deadline_provisional OR sla_deadline >= $1)
      ORDER BY sla_deadline`,
    [startOfJakartaDay(changedFrom)],
  );
  return rows.map((row) => row.application_id);
}

/** The agency an application belongs to, from the list view (written in the same transaction as its events). */
export async function agencyOfApplication(manager: EntityManager, applicationId: string): Promise<string | undefined> {
  const rows: Array<{ agency_id: string }> = await manager.query(`SELECT agency_id FROM permit_applications_view WHERE application_id = $1`, [applicationId]);
  return rows[0]?.agency_id;
}

export async function applicationIdByTrackingCode(manager: EntityManager, trackingCode: string): Promise<string | undefined> {
  const rows: Array<{ application_id: string }> = await manager.query(`SELECT application_id FROM permit_applications_view WHERE tracking_code = $1`, [trackingCode]);
  return rows[0]?.application_id;
}
