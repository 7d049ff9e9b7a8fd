import { WorkingDayCalendar } from './working-day-calendar';

// A small calendar of its own, so these tests do not depend on the 2026 decree.
const calendar = new WorkingDayCalendar({
  nationalHolidays: [
    { date: '2026-08-17', name: 'Hari Proklamasi Kemerdekaan RI' },
    { date: '2026-12-25', name: 'Hari Raya Natal' },
    { date: '2027-01-01', name: 'Tahun Baru 2027 Masehi' },
  ],
  collectiveLeave: [
    { date: '2026-08-18', name: 'Cuti bersama (example)' },
    { date: '2026-12-24', name: 'Cuti bersama Hari Raya Natal' },
  ],
});

describe('a working day', () => {
  it('is a Monday to Friday that is neither a holiday nor collective leave', () => {
    expect(calendar.isWorkingDay('2026-08-14')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2026-08-15')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-08-16')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2026-08-17')).toBe(false); // holiday, Monday
    expect(calendar.isWorkingDay('2026-08-18')).toBe(false); // collective leave, Tuesday
    expect(calendar.isWorkingDay('2026-08-19')).toBe(true);
  });

  it('says why a day is off', () => {
    expect(calendar.nonWorkingReason('2026-08-15')).toEqual({ kind: 'weekend' });
    expect(calendar.nonWorkingReason('2026-08-17')).toEqual({ kind: 'national-holiday', name: 'Hari Proklamasi Kemerdekaan RI' });
    expect(calendar.nonWorkingReason('2026-08-18')).toEqual({ kind: 'collective-leave', name: 'Cuti bersama (example)' });
    expect(calendar.nonWorkingReason('2026-08-19')).toBeUndefined();
  });

  it('is judged on the Jakarta day of an instant', () => {
    // Friday 14 August 18:00 UTC is already Saturday 01:00 in Jakarta.
    expect(calendar.isWorkingDay('2026-08-14T16:59:59Z')).toBe(true);
    expect(calendar.isWorkingDay('2026-08-14T18:00:00Z')).toBe(false);
    // Sunday 16 August 20:00 UTC is Monday 17 August, a holiday, in Jakarta.
    expect(calendar.isWorkingDay('2026-08-16T20:00:00Z')).toBe(false);
  });

  it('refuses a day off with an impossible date', () => {
    expect(() => new WorkingDayCalendar({ nationalHolidays: [{ date: '2026-02-30', name: 'x' }], collectiveLeave: [] })).toThrow(RangeError);
  });
});

describe('adding working days', () => {
  it('ends at the end of the Nth working day after the start day', () => {
    // Monday 3 August 2026, 10:00 in Jakarta: 3 working days -> Thursday 6 August.
    expect(calendar.addWorkingDays('2026-08-03T10:00:00+07:00', 3)).toBe('2026-08-06T23:59:59.999+07:00');
  });

  it('does not count the start day, even at its first minute', () => {
    expect(calendar.addWorkingDays('2026-08-03T00:00:00+07:00', 1)).toBe('2026-08-04T23:59:59.999+07:00');
  });

  it('ends at the end of the start day for zero days', () => {
    expect(calendar.addWorkingDays('2026-08-15T10:00:00+07:00', 0)).toBe('2026-08-15T23:59:59.999+07:00');
  });

  it('skips weekends', () => {
    // Thursday 6 August + 3 -> Friday 7, Monday 10, Tuesday 11.
    expect(calendar.addWorkingDays('2026-08-06T09:00:00+07:00', 3)).toBe('2026-08-11T23:59:59.999+07:00');
  });

  it('skips holidays and collective leave', () => {
    // Friday 14 August + 2: Monday 17 is a holiday, Tuesday 18 collective leave -> Wednesday 19, Thursday 20.
    expect(calendar.addWorkingDays('2026-08-14T09:00:00+07:00', 2)).toBe('2026-08-20T23:59:59.999+07:00');
  });

  it('starting on a day off counts from the next working day', () => {
    expect(calendar.addWorkingDays('2026-08-15T09:00:00+07:00', 1)).toBe('2026-08-19T23:59:59.999+07:00');
  });

  it('crosses the year end, skipping Christmas, collective leave and New Year', () => {
    // Wednesday 23 December 2026 + 3: 24 leave, 25 holiday, 26-27 weekend, Mon 28, Tue 29, Wed 30.
    expect(calendar.addWorkingDays('2026-12-23T15:00:00+07:00', 3)).toBe('2026-12-30T23:59:59.999+07:00');
    // + 5: Thursday 31, (1 Jan holiday, weekend), Monday 4 January 2027.
    expect(calendar.addWorkingDays('2026-12-23T15:00:00+07:00', 5)).toBe('2027-01-04T23:59:59.999+07:00');
  });

  it('starts from the Jakarta day of an instant late in the UTC evening', () => {
    // Thursday 6 August 20:00 UTC is Friday 7 August 03:00 in Jakarta: + 1 -> Monday 10.
    expect(calendar.addWorkingDays('2026-08-06T20:00:00Z', 1)).toBe('2026-08-10T23:59:59.999+07:00');
    expect(calendar.addWorkingDays('2026-08-06T16:00:00Z', 1)).toBe('2026-08-07T23:59:59.999+07:00');
  });

  it('refuses negative or fractional days', () => {
    expect(() => calendar.addWorkingDays('2026-08-03T10:00:00+07:00', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-08-03T10:00:00+07:00', 1.5)).toThrow(RangeError);
  });
});

describe('working days between two instants', () => {
  it('counts the working days after the start day up to and including the end day', () => {
    expect(calendar.workingDaysBetween('2026-08-03T10:00:00+07:00', '2026-08-03T16:00:00+07:00')).toBe(0);
    expect(calendar.workingDaysBetween('2026-08-03T10:00:00+07:00', '2026-08-04T08:00:00+07:00')).toBe(1);
    expect(calendar.workingDaysBetween('2026-08-07T10:00:00+07:00', '2026-08-10T08:00:00+07:00')).toBe(1);
    expect(calendar.workingDaysBetween('2026-08-14T10:00:00+07:00', '2026-08-19T08:00:00+07:00')).toBe(1);
  });

  it('is the inverse of adding working days', () => {
    for (const start of ['2026-08-03T10:00:00+07:00', '2026-08-14T23:00:00+07:00', '2026-12-22T17:30:00Z']) {
      for (const days of [0, 1, 2, 5, 10, 28]) {
        expect(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, days))).toBe(days);
      }
    }
  });

  it('crosses the year end', () => {
    expect(calendar.workingDaysBetween('2026-12-23T09:00:00+07:00', '2027-01-04T09:00:00+07:00')).toBe(5);
  });

  it('uses Jakarta days for instants late in the UTC evening', () => {
    // 17:30 UTC on Thursday 6 August is Friday 7 August in Jakarta.
    expect(calendar.workingDaysBetween('2026-08-06T09:00:00+07:00', '2026-08-06T17:30:00Z')).toBe(1);
    expect(calendar.workingDaysBetween('2026-08-06T09:00:00+07:00', '2026-08-06T16:30:00Z')).toBe(0);
  });

  it('is negative when the end comes first', () => {
    expect(calendar.workingDaysBetween('2026-08-06T09:00:00+07:00', '2026-08-03T09:00:00+07:00')).toBe(-3);
  });
});

describe('configuring days off', () => {
  it('adds days off without changing the original calendar', () => {
    const extended = calendar.withDaysOff({ collectiveLeave: [{ date: '2026-08-19', name: 'Cuti bersama tambahan' }] });
    expect(extended.isWorkingDay('2026-08-19')).toBe(false);
    expect(extended.isWorkingDay('2026-08-17')).toBe(false);
    expect(calendar.isWorkingDay('2026-08-19')).toBe(true);
  });

  it('lists the days off of a year in date order, a national holiday winning over a duplicate', () => {
    const duplicated = new WorkingDayCalendar({
      nationalHolidays: [{ date: '2026-12-25', name: 'Natal' }],
      collectiveLeave: [{ date: '2026-12-25', name: 'duplicate' }, { date: '2026-12-24', name: 'Cuti bersama Natal' }],
    });
    expect(duplicated.daysOffIn(2026)).toEqual([
      { date: '2026-12-24', name: 'Cuti bersama Natal', kind: 'collective-leave' },
      { date: '2026-12-25', name: 'Natal', kind: 'national-holiday' },
    ]);
  });

  it('finds the next working day', () => {
    expect(calendar.nextWorkingDay('2026-08-14')).toBe('2026-08-19');
    expect(calendar.nextWorkingDay('2026-12-31T18:00:00Z')).toBe('2027-01-04');
  });
});
