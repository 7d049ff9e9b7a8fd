import { CalendarYearEvent, LocalDate, PublishedYear, seedCalendarYears, WorkingDayCalendar, workingDayCalendarOf } from '@palembang/working-days';
import { EntityManager } from 'typeorm';

/** Why a year's calendar last changed: shown with every deadline it moves. */
export type CalendarChange = Readonly<{ year: number; kind: 'published' | 'amended'; reference: string; reason: string | null }>;

export type CalendarCopyRow = PublishedYear & Readonly<{ version: number; changedFrom: LocalDate; lastChange: CalendarChange; updatedAt: string; reconciledVersion: number }>;

/** Records a calendar event in this service's copy; an event at or below the version held changes nothing. */
export async function recordCalendarEvent(manager: EntityManager, event: CalendarYearEvent, streamVersion: number): Promise<void> {
  if (event.type === 'CalendarYearPublished') {
    const { year, decree, days } = event.data;
    const change: CalendarChange = { year, kind: 'published', reference: decree.reference, reason: null };
    await manager.query(
      `INSERT INTO working_day_calendar_years (year, stream_version, decree, days, amendments, changed_from, last_change)
       VALUES ($1, $2, $3, $4, '[]', $5, $6)
       ON CONFLICT (year) DO UPDATE SET stream_version = excluded.stream_version, decree = excluded.decree, days = excluded.days,
         amendments = '[]', changed_from = excluded.changed_from, last_change = excluded.last_change, updated_at = now()
       WHERE working_day_calendar_years.stream_version < excluded.stream_version`,
      [year, streamVersion, JSON.stringify(decree), JSON.stringify(days), `${year}-01-01`, JSON.stringify(change)],
    );
    return;
  }
  const { year, amendment, reason, added, removed, days } = event.data;
  const changedFrom = [...added, ...removed].map((day) => day.date).sort()[0] ?? `${year}-01-01`;
  const change: CalendarChange = { year, kind: 'amended', reference: amendment.reference, reason };
  await manager.query(
    `UPDATE working_day_calendar_years
        SET stream_version = $2, days = $3, amendments = amendments || $4::jsonb, changed_from = $5, last_change = $6, updated_at = now()
      WHERE year = $1 AND stream_version < $2`,
    [year, streamVersion, JSON.stringify(days), JSON.stringify([{ reference: amendment.reference, date: amendment.date, reason }]), changedFrom, JSON.stringify(change)],
  );
}

type Row = {
  year: number;
  stream_version: number;
  decree: PublishedYear['decree'];
  days: PublishedYear['days'];
  amendments: PublishedYear['amendments'];
  changed_from: string;
  last_change: CalendarChange;
  updated_at: Date;
  reconciled_version: number;
};

export async function loadCalendarCopy(manager: EntityManager): Promise<CalendarCopyRow[]> {
  const rows: Row[] = await manager.query(
    `SELECT year, stream_version, decree, days, amendments, to_char(changed_from, 'YYYY-MM-DD') AS changed_from, last_change, updated_at, reconciled_version
       FROM working_day_calendar_years ORDER BY year`,
  );
  return rows.map((row) => ({
    year: row.year,
    decree: row.decree,
    days: row.days,
    amendments: row.amendments,
    version: row.stream_version,
    changedFrom: row.changed_from,
    lastChange: row.last_change,
    updatedAt: row.updated_at.toISOString(),
    reconciledVersion: row.reconciled_version,
  }));
}

/** Records that the running deadlines were recalculated for the year up to `version`. */
export async function markCalendarReconciled(manager: EntityManager, year: number, version: number): Promise<void> {
  await manager.query('UPDATE working_day_calendar_years SET reconciled_version = GREATEST(reconciled_version, $2) WHERE year = $1', [year, version]);
}

/** The calendar of the copied years; the seed decree counts for a year the copy does not hold yet. */
export function calendarOfCopy(rows: readonly PublishedYear[]): WorkingDayCalendar {
  const seeds = seedCalendarYears().filter((seed) => !rows.some((row) => row.year === seed.year));
  return workingDayCalendarOf([...seeds, ...rows]);
}

/** The working-day calendar as this service's copy holds it now. */
export async function loadWorkingDayCalendar(manager: EntityManager): Promise<WorkingDayCalendar> {
  return calendarOfCopy(await loadCalendarCopy(manager));
}
