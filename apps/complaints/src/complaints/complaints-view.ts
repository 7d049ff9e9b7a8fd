import { ClockName, Complaint, ComplaintEvent, ComplaintSubmitted, GeoLocation, isOpen, nextDeadlineOf, reporterSubjectId, runningClockOf } from '@palembang/complaints-domain';
import { PersonalDataVault, Sealer, SqlStatement } from '@palembang/events';
import { EventContract, isErased, PersonalField } from '@palembang/events/core';
import { KeysetPosition, Page, pageOf } from '@palembang/http';
import { LocalDate, startOfJakartaDay } from '@palembang/working-days';
import { EntityManager } from 'typeorm';

type Existing = Exclude<Complaint, { status: 'absent' }>;

/**
 * The deadline running now, escalated or not: what "overdue" and Open311's expected_datetime mean;
 * provisional while it reaches into a year whose working-day calendar is not published.
 */
export type RunningDeadline = Readonly<{ kind: ClockName; at: string; provisional: boolean }>;

export function runningDeadlineOf(state: Complaint): RunningDeadline | null {
  const running = runningClockOf(state);
  return running && { kind: running.name, at: running.clock.deadline, provisional: running.clock.provisional };
}

/** What the public may read about the latest step (Open311 status_notes); null keeps the previous note. */
function statusNoteOf(events: readonly ComplaintEvent[]): string | null {
  let note: string | null = null;
  for (const event of events) {
    if (event.type === 'PublicUpdatePosted') note = event.data.message;
    if (event.type === 'ComplaintResolved') note = event.data.response;
    if (event.type === 'ComplaintArchived') note = event.data.reason === 'duplicate' ? 'Diarsipkan: laporan ganda' : 'Diarsipkan: laporan tidak dapat diproses';
    if (event.type === 'ResolutionDisputed') note = 'Dibuka kembali atas permintaan pelapor';
  }
  return note;
}

/** The view's personal columns: the report's title, address and place, of the reporter (never in clear in the table). */
type ReportFields = Pick<ComplaintSubmitted['data'], 'title' | 'address' | 'location'>;

/**
 * Seals the view's copy of the report's fields under the reporter's key, as the event
 * store seals the event's: forgetting the reporter erases both.
 */
const VIEW_PERSONAL_DATA: EventContract = {
  type: 'ComplaintSubmitted',
  schemaVersion: 1,
  personalData: { subjectId: (data) => reporterSubjectId(data as ComplaintSubmitted['data']), fields: ['title', 'address', 'location'] },
};

/** The complaint's row for its new state, sent with the command's events; its report's fields sealed by `seal` under the reporter's key. */
export async function complaintViewUpserts(seal: Sealer, state: Complaint, events: readonly ComplaintEvent[], version: number, now: string): Promise<SqlStatement[]> {
  if (state.status === 'absent') return [];
  const submitted = events.find((event) => event.type === 'ComplaintSubmitted');
  const deadline = runningDeadlineOf(state);
  const check = nextDeadlineOf(state);
  const common = [state.complaintId, state.agencyId, state.status, isOpen(state), deadline?.kind ?? null, deadline?.at ?? null, check?.at ?? null, statusNoteOf(events), now, version, deadline?.provisional ?? false];
  if (submitted?.type === 'ComplaintSubmitted') {
    const { trackingCode, categoryCode, intakeType, channel, title, address, location, reporter, anonymous, submittedAt } = submitted.data;
    const sealed = await seal(VIEW_PERSONAL_DATA, { title, address, location, reporter: { reporterId: reporter.reporterId } });
    const sql = `INSERT INTO complaints_view
         (complaint_id, agency_id, status, is_open, deadline_kind, deadline_at, check_at, status_notes, updated_at, version, deadline_provisional,
          tracking_code, category_code, intake_type, channel, title, address, location, submitted_at, anonymous)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`;
    return [{ sql, parameters: [...common, trackingCode, categoryCode, intakeType, channel, JSON.stringify(sealed.title), JSON.stringify(sealed.address), JSON.stringify(sealed.location), submittedAt, anonymous] }];
  }
  const sql = `UPDATE complaints_view SET agency_id = $2, status = $3, is_open = $4, deadline_kind = $5, deadline_at = $6, check_at = $7,
            status_notes = COALESCE($8, status_notes), updated_at = $9, version = $10, deadline_provisional = $11
      WHERE complaint_id = $1`;
  return [{ sql, parameters: common }];
}

export type ComplaintRow = Readonly<{
  complaintId: string;
  trackingCode: string;
  agencyId: string;
  categoryCode: string;
  intakeType: string;
  channel: string;
  status: string;
  open: boolean;
  /** ERASED once the reporter is forgotten. */
  title: PersonalField<string>;
  /** Null when none was given or the reporter is forgotten. */
  address: string | null;
  /** Null when none was given or the reporter is forgotten. */
  location: GeoLocation | null;
  /** The reporter chose anonymity: public reads leave out the address and notes. */
  anonymous: boolean;
  deadline: RunningDeadline | null;
  overdue: boolean;
  statusNotes: string | null;
  submittedAt: string;
  updatedAt: string;
  version: number;
}>;

type ViewRow = {
  complaint_id: string;
  tracking_code: string;
  agency_id: string;
  category_code: string;
  intake_type: string;
  channel: string;
  status: string;
  is_open: boolean;
  /** Sealed (or, in rows written before sealing, plain) JSON values. */
  title: unknown;
  address: unknown;
  location: unknown;
  anonymous: boolean;
  deadline_kind: RunningDeadline['kind'] | null;
  deadline_at: Date | null;
  deadline_provisional: boolean;
  status_notes: string | null;
  submitted_at: Date;
  updated_at: Date;
  version: number;
  overdue: boolean;
};

const COLUMNS = `complaint_id, tracking_code, agency_id, category_code, intake_type, channel, status, is_open, title, address, location, anonymous,
  deadline_kind, deadline_at, deadline_provisional, status_notes, submitted_at, updated_at, version`;

/** The rows with their report fields unsealed (one key lookup for the whole page), ERASED where the reporter is forgotten. */
async function rowsOf(manager: EntityManager, vault: PersonalDataVault, rows: readonly ViewRow[]): Promise<ComplaintRow[]> {
  const report = (await vault.unseal(manager, rows.map(({ title, address, location }) => ({ title, address, location })))) as ReportFields[];
  return rows.map((row, index) => rowOf(row, report[index]));
}

function rowOf(row: ViewRow, report: ReportFields): ComplaintRow {
  return {
    complaintId: row.complaint_id,
    trackingCode: row.tracking_code,
    agencyId: row.agency_id,
    categoryCode: row.category_code,
    intakeType: row.intake_type,
    channel: row.channel,
    status: row.status,
    open: row.is_open,
    title: report.title,
    address: isErased(report.address) ? null : report.address,
    location: isErased(report.location) ? null : report.location,
    anonymous: row.anonymous,
    deadline: row.deadline_kind && row.deadline_at ? { kind: row.deadline_kind, at: row.deadline_at.toISOString(), provisional: row.deadline_provisional } : null,
    overdue: row.overdue,
    statusNotes: row.status_notes,
    submittedAt: row.submitted_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

/** `after`: where the previous page ended (pagingOf), null for the first page. */
export type ComplaintListQuery = Readonly<{ agencyId?: string; status?: string; overdue?: boolean; after?: KeysetPosition | null; limit: number; now: string }>;

/** A page of complaints, newest first, with the cursor of the next page (null on the last). */
export async function listComplaints(manager: EntityManager, vault: PersonalDataVault, query: ComplaintListQuery): Promise<Page<ComplaintRow>> {
  const cursor = query.after;
  const rows: ViewRow[] = await manager.query(
    `SELECT ${COLUMNS}, (deadline_at IS NOT NULL AND deadline_at < $5) AS overdue
       FROM complaints_view
      WHERE ($1::text IS NULL OR agency_id = $1)
        AND ($2::text IS NULL OR status = $2)
        AND ($3::boolean IS NULL OR (deadline_at IS NOT NULL AND deadline_at < $5) = $3)
        AND ($4::timestamptz IS NULL OR (submitted_at, complaint_id) < ($4::timestamptz, $6::uuid))
      ORDER BY submitted_at DESC, complaint_id DESC
      LIMIT $7`,
    [query.agencyId ?? null, query.status ?? null, query.overdue ?? null, cursor?.at ?? null, query.now, cursor?.id ?? null, query.limit + 1],
  );
  const page = pageOf(rows, query.limit, (row) => row, (row) => ({ at: row.submitted_at.toISOString(), id: row.complaint_id }));
  // The report's fields are unsealed for the page's rows together.
  return { items: await rowsOf(manager, vault, page.items), nextCursor: page.nextCursor };
}

export type Open311Search =
  | Readonly<{ kind: 'by_ids'; ids: readonly string[] }>
  | Readonly<{ kind: 'search'; categoryCodes: readonly string[]; open: boolean | null; from: string; to: string }>;

/** Complaints as Open311 lists them: by id, or by service, status and time window (newest first, at most 1000). */
export async function searchComplaints(manager: EntityManager, vault: PersonalDataVault, search: Open311Search, now: string): Promise<ComplaintRow[]> {
  const rows: ViewRow[] =
    search.kind === 'by_ids'
      ? await manager.query(`SELECT ${COLUMNS}, (deadline_at IS NOT NULL AND deadline_at < $2) AS overdue FROM complaints_view WHERE complaint_id = ANY($1::uuid[]) ORDER BY submitted_at DESC`, [
          search.ids,
          now,
        ])
      : await manager.query(
          `SELECT ${COLUMNS}, (deadline_at IS NOT NULL AND deadline_at < $5) AS overdue FROM complaints_view
            WHERE (cardinality($1::text[]) = 0 OR category_code = ANY($1::text[]))
              AND ($2::boolean IS NULL OR is_open = $2)
              AND submitted_at >= $3 AND submitted_at <= $4
            ORDER BY submitted_at DESC, complaint_id DESC LIMIT 1000`,
          [search.categoryCodes, search.open, search.from, search.to, now],
        );
  return rowsOf(manager, vault, rows);
}

/**
 * Complaints whose next deadline has passed: what the deadline watcher checks. Not a
 * provisional one: nothing fires on it, and the calendar's recalculation makes it final.
 */
export async function complaintsToCheck(manager: EntityManager, now: string, limit = 100): Promise<string[]> {
  const rows: Array<{ complaint_id: string }> = await manager.query(
    `SELECT complaint_id FROM complaints_view WHERE check_at < $1 AND NOT deadline_provisional ORDER BY check_at LIMIT $2`,
    [now, limit],
  );
  return rows.map((row) => row.complaint_id);
}

/**
 * Open complaints whose running deadline a calendar change from `changedFrom` on may
 * move: a provisional one (its year may just have been published), or one ending on or
 * after the first changed day.
 */
export async function complaintsWithDeadlinesFrom(manager: EntityManager, changedFrom: LocalDate): Promise<string[]> {
  const rows: Array<{ complaint_id: string }> = await manager.query(
    `SELECT complaint_id FROM complaints_view
      WHERE is_open AND deadline_at IS NOT NULL AND (deadline_provisional OR deadline_at >= $1)
      ORDER BY deadline_at`,
    [startOfJakartaDay(changedFrom)],
  );
  return rows.map((row) => row.complaint_id);
}

export async function complaintIdByTrackingCode(manager: EntityManager, trackingCode: string): Promise<string | undefined> {
  const rows: Array<{ complaint_id: string }> = await manager.query(`SELECT complaint_id FROM complaints_view WHERE tracking_code = $1`, [trackingCode]);
  return rows[0]?.complaint_id;
}

export type { Existing as ExistingComplaint };
