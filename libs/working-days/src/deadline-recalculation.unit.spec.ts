import { workingDayCalendarOf } from './calendar-year/calendar-of';
import { recalculateClock, startClock } from './deadline-recalculation';
import { seedCalendarYears } from './indonesia';

const decree2027 = { reference: 'SKB 2027', date: '2026-09-20' };
const without2027 = workingDayCalendarOf(seedCalendarYears());
const with2027 = (days: Array<{ date: string; kind: 'national-holiday' | 'collective-leave'; name: string }>, amendments: string[] = []) =>
  workingDayCalendarOf([...seedCalendarYears(), { year: 2027, decree: decree2027, days, amendments: amendments.map((reference) => ({ reference })) }]);

describe('a deadline that reaches into a year without a published calendar', () => {
  // Verified Monday 21 December 2026, 10 working days: 22, 23, (24 cuti bersama, 25 Natal), 28, 29, 30, 31, (1 Jan), 4, (5: Isra Mikraj, forecast), 6, 7, 8 January.
  const clock = startClock(without2027, '2026-12-21T09:00:00+07:00', 10);

  it('is provisional, counting weekends, fixed holidays and forecasts', () => {
    expect(clock).toEqual({ startedAt: '2026-12-21T09:00:00+07:00', workingDays: 10, deadline: '2027-01-08T23:59:59.999+07:00', provisional: true });
  });

  it('is confirmed once the year is published, with the published days', () => {
    const published = with2027([
      { date: '2027-01-01', kind: 'national-holiday', name: 'Tahun Baru' },
      { date: '2027-01-05', kind: 'national-holiday', name: 'Isra Mikraj' },
    ]);
    expect(recalculateClock(published, clock)).toMatchObject({
      previousDeadline: '2027-01-08T23:59:59.999+07:00',
      deadline: '2027-01-08T23:59:59.999+07:00',
      previousProvisional: true,
      provisional: false,
      calendar: [
        { year: 2026, decree: expect.stringContaining('1497'), amendments: [] },
        { year: 2027, decree: 'SKB 2027', amendments: [] },
      ],
      reason: expect.stringContaining('kalender kerja 2026, 2027 telah ditetapkan'),
    });
  });

  it('moves when the published year differs from the forecast (no holiday on 5 January)', () => {
    const published = with2027([{ date: '2027-01-01', kind: 'national-holiday', name: 'Tahun Baru' }]);
    expect(recalculateClock(published, clock)).toMatchObject({ deadline: '2027-01-07T23:59:59.999+07:00', provisional: false });
  });
});

describe('an amendment', () => {
  const base = with2027([{ date: '2027-01-01', kind: 'national-holiday', name: 'Tahun Baru' }]);
  const clock = startClock(base, '2027-05-10T09:00:00+07:00', 5); // 11, 12, 13, 14, 17 May

  it('adding a collective-leave day before the deadline moves it by one working day, with the amendment as the reason', () => {
    const amended = with2027(
      [
        { date: '2027-01-01', kind: 'national-holiday', name: 'Tahun Baru' },
        { date: '2027-05-12', kind: 'collective-leave', name: 'Cuti bersama' },
      ],
      ['SKB perubahan 9/2027'],
    );
    const recalculation = recalculateClock(amended, clock);
    expect(recalculation).toMatchObject({ previousDeadline: '2027-05-17T23:59:59.999+07:00', deadline: '2027-05-18T23:59:59.999+07:00', provisional: false });
    expect(recalculation?.reason).toContain('SKB perubahan 9/2027');
    // Once applied, the same calendar changes nothing more.
    expect(recalculateClock(amended, { ...clock, deadline: recalculation!.deadline })).toBeUndefined();
  });

  it('after the deadline leaves it alone', () => {
    const amended = with2027([
      { date: '2027-01-01', kind: 'national-holiday', name: 'Tahun Baru' },
      { date: '2027-05-19', kind: 'collective-leave', name: 'Cuti bersama' },
    ]);
    expect(recalculateClock(amended, clock)).toBeUndefined();
  });
});
