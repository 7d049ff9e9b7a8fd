import { fixedNationalHolidays, INDONESIA_COLLECTIVE_LEAVE_2026, INDONESIA_NATIONAL_HOLIDAYS_2026, indonesianCalendar } from './indonesia';
import { isLocalDate, isWeekend } from './local-date';

describe('the Indonesian calendar of 2026', () => {
  const calendar = indonesianCalendar();

  it('lists valid 2026 dates, seventeen holidays and eight days of collective leave', () => {
    for (const day of [...INDONESIA_NATIONAL_HOLIDAYS_2026, ...INDONESIA_COLLECTIVE_LEAVE_2026]) {
      expect(isLocalDate(day.date) && day.date.startsWith('2026-')).toBe(true);
    }
    expect(INDONESIA_NATIONAL_HOLIDAYS_2026).toHaveLength(17);
    expect(INDONESIA_COLLECTIVE_LEAVE_2026).toHaveLength(8);
  });

  it('puts collective leave only on weekdays', () => {
    expect(INDONESIA_COLLECTIVE_LEAVE_2026.filter((day) => isWeekend(day.date))).toEqual([]);
  });

  it('closes the offices for the whole Idul Fitri week', () => {
    for (const date of ['2026-03-18', '2026-03-19', '2026-03-20', '2026-03-23', '2026-03-24']) {
      expect(calendar.isWorkingDay(date)).toBe(false);
    }
    expect(calendar.isWorkingDay('2026-03-17')).toBe(true);
    expect(calendar.nextWorkingDay('2026-03-17')).toBe('2026-03-25');
  });

  it('knows the fixed holidays', () => {
    for (const date of ['2026-01-01', '2026-05-01', '2026-06-01', '2026-08-17', '2026-12-25']) {
      expect(calendar.nonWorkingReason(date)?.kind).toBe('national-holiday');
    }
  });

  it('skips New Year 2027 when a deadline crosses the year end', () => {
    // Wednesday 30 December 2026 + 2: Thursday 31, (Friday 1 January off, weekend), Monday 4 January.
    expect(calendar.addWorkingDays('2026-12-30T10:00:00+07:00', 2)).toBe('2027-01-04T23:59:59.999+07:00');
  });

  it('gives the PBG service standard of 28 working days from 2 March 2026 a deadline in April', () => {
    // 2 March (Mon) + 28 working days: 16 in March (18-24 March off), 2 in April before Good Friday, then 6-17 April.
    expect(calendar.addWorkingDays('2026-03-02T09:00:00+07:00', 28)).toBe('2026-04-17T23:59:59.999+07:00');
  });

  it('derives the fixed holidays of any year', () => {
    expect(fixedNationalHolidays(2030).map((day) => day.date)).toEqual(['2030-01-01', '2030-05-01', '2030-06-01', '2030-08-17', '2030-12-25']);
  });
});

describe('the calendar beyond the published decrees', () => {
  const calendar = indonesianCalendar();

  it('counts 2026 as published and 2027 as provisional', () => {
    expect(calendar.isPublished(2026)).toBe(true);
    expect(calendar.isPublished(2027)).toBe(false);
    expect(calendar.basisOf(2026)?.decree).toContain('1497 Tahun 2025');
  });

  it('skips the fixed holidays of 2027 and marks its forecast moveable days as such', () => {
    expect(calendar.nonWorkingReason('2027-01-01')).toEqual({ kind: 'national-holiday', name: 'Tahun Baru 2027 Masehi' });
    expect(calendar.nonWorkingReason('2027-03-26')).toEqual({ kind: 'national-holiday', name: 'Wafat Yesus Kristus (perkiraan)', forecast: true });
    expect(calendar.daysOffIn(2027).filter((day) => day.forecast).length).toBeGreaterThan(5);
  });

  it('says a deadline inside 2026 is final and one reaching into 2027 provisional', () => {
    expect(calendar.deadlineOf('2026-12-01T10:00:00+07:00', 5)).toEqual({ deadline: '2026-12-08T23:59:59.999+07:00', provisional: false });
    expect(calendar.deadlineOf('2026-12-28T10:00:00+07:00', 5).provisional).toBe(true);
  });
});
