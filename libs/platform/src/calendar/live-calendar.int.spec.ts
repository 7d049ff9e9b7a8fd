import { createTestDatabase } from '@palembang/events/testing';
import { CalendarYearEvent, LocalDate } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { loadCalendarCopy, recordCalendarEvent } from './calendar-copy';
import { WorkingDayCalendarCopy1796000000000 } from './calendar-copy.migration';
import { LiveWorkingDayCalendar } from './live-calendar';

const decree = { reference: 'SKB 2027', date: '2026-09-20' };
const published2027: CalendarYearEvent = {
  type: 'CalendarYearPublished',
  data: { year: 2027, decree, days: [{ date: '2027-01-01', kind: 'national-holiday', name: 'Tahun Baru' }], publishedAt: '2026-12-05T10:00:00+07:00' },
};
const amended2027: CalendarYearEvent = {
  type: 'CalendarYearAmended',
  data: {
    year: 2027,
    amendment: { reference: 'SKB perubahan 1/2027', date: '2027-05-02' },
    reason: 'Cuti bersama Idul Adha',
    added: [{ date: '2027-05-17', kind: 'collective-leave', name: 'Cuti bersama Idul Adha' }],
    removed: [],
    days: [
      { date: '2027-01-01', kind: 'national-holiday', name: 'Tahun Baru' },
      { date: '2027-05-17', kind: 'collective-leave', name: 'Cuti bersama Idul Adha' },
    ],
    amendedAt: '2027-05-02T10:00:00+07:00',
  },
};

describe('the live working-day calendar of a service (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let offsetMs = 0;
  let calendar: LiveWorkingDayCalendar;
  let calls: LocalDate[];
  let failing: boolean;

  beforeAll(async () => {
    dataSource = await createTestDatabase('calendar', [WorkingDayCalendarCopy1796000000000]);
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM working_day_calendar_years');
    offsetMs = 0;
    calls = [];
    failing = false;
    calendar = new LiveWorkingDayCalendar(dataSource, { clock: () => new Date(Date.now() + offsetMs).toISOString(), wallClock: () => Date.now() + offsetMs, refreshMs: 0, settleMs: 60_000, nextYearAlertFrom: '10-01' });
    calendar.register({
      name: 'test',
      candidates: async (changedFrom) => {
        calls.push(changedFrom);
        return ['case-1'];
      },
      recalculate: async () => {
        if (failing) throw new Error('database went away');
      },
    });
    await calendar.start();
  });

  afterAll(async () => {
    await calendar.stop();
    await dataSource.destroy();
  });

  const reconciled = async () => (await loadCalendarCopy(dataSource.manager)).map((row) => [row.year, row.version, row.reconciledVersion]);

  it('counts the seed decree of 2026 until the copy holds calendar events, and nothing else as published', async () => {
    expect(calendar.isPublished(2026)).toBe(true);
    expect(calendar.isPublished(2027)).toBe(false);
    expect(calendar.deadlineOf('2026-12-28T10:00:00+07:00', 5).provisional).toBe(true);
  });

  it('takes a published year on refresh and recalculates from its first day until the change has settled', async () => {
    await recordCalendarEvent(dataSource.manager, published2027, 1);
    await calendar.refresh();
    expect(calendar.isPublished(2027)).toBe(true);
    expect(calendar.deadlineOf('2026-12-28T10:00:00+07:00', 5)).toEqual({ deadline: '2027-01-05T23:59:59.999+07:00', provisional: false });
    expect(calls).toEqual(['2027-01-01']);
    expect(await reconciled()).toEqual([[2027, 1, 0]]);
    // Commands decided on the old calendar may still commit: it runs again on the next refresh.
    await calendar.refresh();
    expect(calls).toHaveLength(2);
    offsetMs = 61_000;
    await calendar.refresh();
    expect(await reconciled()).toEqual([[2027, 1, 1]]);
    await calendar.refresh();
    expect(calls).toHaveLength(3);
  });

  it('recalculates from the first day an amendment touches, and ignores a redelivered older event', async () => {
    await recordCalendarEvent(dataSource.manager, published2027, 1);
    await recordCalendarEvent(dataSource.manager, amended2027, 2);
    await recordCalendarEvent(dataSource.manager, published2027, 1);
    await calendar.refresh();
    expect(calls).toEqual(['2027-05-17']);
    expect(calendar.snapshot().nonWorkingReason('2027-05-17')).toEqual({ kind: 'collective-leave', name: 'Cuti bersama Idul Adha' });
    expect(calendar.basisOf(2027)).toEqual({ year: 2027, decree: 'SKB 2027', amendments: ['SKB perubahan 1/2027'] });
  });

  it('keeps a change unreconciled while a recalculation fails, so a restart resumes it', async () => {
    await recordCalendarEvent(dataSource.manager, published2027, 1);
    failing = true;
    offsetMs = 61_000;
    await expect(calendar.refresh()).rejects.toThrow('1 of 1 deadlines not recalculated yet');
    expect(await reconciled()).toEqual([[2027, 1, 0]]);
    // A fresh instance (the service restarted) picks the year up again.
    const restarted = new LiveWorkingDayCalendar(dataSource, { clock: () => new Date(Date.now() + offsetMs).toISOString(), wallClock: () => Date.now() + offsetMs, refreshMs: 0, settleMs: 60_000, nextYearAlertFrom: '10-01' });
    const resumed: LocalDate[] = [];
    restarted.register({ name: 'restarted', candidates: async (changedFrom) => (resumed.push(changedFrom), ['case-1']), recalculate: async () => undefined });
    await restarted.start();
    expect(resumed).toEqual(['2027-01-01']);
    expect(await reconciled()).toEqual([[2027, 1, 1]]);
  });

  it('reports next year missing from the alert date, until it is published', async () => {
    const at = (iso: string) => new LiveWorkingDayCalendar(dataSource, { clock: () => iso, refreshMs: 0, settleMs: 0, nextYearAlertFrom: '10-01' });
    expect(at('2026-09-30T12:00:00+07:00').nextYearMissing()).toBe(false);
    expect(at('2026-10-01T00:30:00+07:00').nextYearMissing()).toBe(true);
    const informed = at('2026-12-05T12:00:00+07:00');
    await recordCalendarEvent(dataSource.manager, published2027, 1);
    await informed.refresh();
    expect(informed.nextYearMissing()).toBe(false);
  });
});
