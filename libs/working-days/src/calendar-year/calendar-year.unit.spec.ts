import { isRejection } from '@palembang/events/core';
import { CalendarYear, CalendarYearEvent, calendarYearStreamId, isCalendarYearStream } from './calendar-year';
import { AmendCalendarYear, calendarYearDecider, CalendarYearCommand, PublishCalendarYear } from './calendar-year.decide';

const decider = calendarYearDecider();
const metadata = { now: '2026-12-05T10:00:00+07:00', actor: 'client:bkpsdm-admin', agencyId: 'pemkot', correlationId: 'c-1' };
const decree = { reference: 'SKB 3 Menteri No. 1/2026, 2/2026, 3/2026', date: '2026-09-20' };

const publish2027 = (data: Partial<PublishCalendarYear['data']> = {}): PublishCalendarYear => ({
  type: 'PublishCalendarYear',
  data: {
    year: 2027,
    decree,
    nationalHolidays: [
      { date: '2027-01-01', name: 'Tahun Baru 2027 Masehi' },
      { date: '2027-03-10', name: 'Idul Fitri 1448 H' },
    ],
    collectiveLeave: [{ date: '2027-03-11', name: 'Cuti bersama Idul Fitri' }],
    ...data,
  },
  metadata,
});

const amend2027 = (data: Partial<AmendCalendarYear['data']> = {}, now = metadata.now): AmendCalendarYear => ({
  type: 'AmendCalendarYear',
  data: { year: 2027, amendment: { reference: 'SKB perubahan No. 9/2027', date: '2027-05-02' }, reason: 'Cuti bersama Idul Adha ditambahkan', add: [{ date: '2027-05-17', kind: 'collective-leave', name: 'Cuti bersama Idul Adha' }], remove: [], ...data },
  metadata: { ...metadata, now },
});

function given(events: CalendarYearEvent[]) {
  const state = events.reduce<CalendarYear>(decider.evolve, decider.initialState());
  return {
    when: (command: CalendarYearCommand) => decider.decide(command, state),
  };
}

function published(): CalendarYearEvent[] {
  const decision = given([]).when(publish2027());
  if (isRejection(decision)) throw new Error(decision.message);
  return [...decision];
}

describe('an unpublished year', () => {
  it('is published from its decree with its days sorted and kinds set', () => {
    const [event] = published();
    expect(event).toEqual({
      type: 'CalendarYearPublished',
      data: {
        year: 2027,
        decree,
        days: [
          { date: '2027-01-01', kind: 'national-holiday', name: 'Tahun Baru 2027 Masehi' },
          { date: '2027-03-10', kind: 'national-holiday', name: 'Idul Fitri 1448 H' },
          { date: '2027-03-11', kind: 'collective-leave', name: 'Cuti bersama Idul Fitri' },
        ],
        publishedAt: metadata.now,
      },
    });
  });

  it.each([
    ['a day outside the year', { nationalHolidays: [{ date: '2028-01-01', name: 'x' }] }, 'nationalHolidays[0].date'],
    ['a day that is no date', { nationalHolidays: [{ date: '2027-02-30', name: 'x' }] }, 'nationalHolidays[0].date'],
    ['a date listed twice across the lists', { collectiveLeave: [{ date: '2027-01-01', name: 'Cuti' }] }, 'collectiveLeave[0].date'],
    ['a day without a name', { collectiveLeave: [{ date: '2027-03-11', name: ' ' }] }, 'collectiveLeave[0].name'],
    ['a decree without a reference', { decree: { reference: '', date: '2026-09-20' } }, 'decree.reference'],
    ['a decree without a valid date', { decree: { reference: 'SKB', date: '20-09-2026' } }, 'decree.date'],
    ['a year out of range', { year: 1999 }, 'year'],
  ])('refuses %s, naming the field', (_, data, field) => {
    expect(given([]).when(publish2027(data as Partial<PublishCalendarYear['data']>))).toMatchObject({ code: 'CALENDAR.INVALID_INPUT', field });
  });

  it('cannot be amended before it is published', () => {
    expect(given([]).when(amend2027())).toMatchObject({ code: 'CALENDAR.NOT_PUBLISHED' });
  });
});

describe('a published year', () => {
  it('is not published twice', () => {
    expect(given(published()).when(publish2027())).toMatchObject({ code: 'CALENDAR.ALREADY_PUBLISHED' });
  });

  it('is amended with a reference and a reason, the whole year restated in the event', () => {
    const decision = given(published()).when(amend2027({ remove: ['2027-03-11'] }));
    expect(decision).toEqual([
      {
        type: 'CalendarYearAmended',
        data: {
          year: 2027,
          amendment: { reference: 'SKB perubahan No. 9/2027', date: '2027-05-02' },
          reason: 'Cuti bersama Idul Adha ditambahkan',
          added: [{ date: '2027-05-17', kind: 'collective-leave', name: 'Cuti bersama Idul Adha' }],
          removed: [{ date: '2027-03-11', kind: 'collective-leave', name: 'Cuti bersama Idul Fitri' }],
          days: [
            { date: '2027-01-01', kind: 'national-holiday', name: 'Tahun Baru 2027 Masehi' },
            { date: '2027-03-10', kind: 'national-holiday', name: 'Idul Fitri 1448 H' },
            { date: '2027-05-17', kind: 'collective-leave', name: 'Cuti bersama Idul Adha' },
          ],
          amendedAt: metadata.now,
        },
      },
    ]);
  });

  it.each([
    ['no reason', { reason: '  ' }, 'CALENDAR.INVALID_INPUT', 'reason'],
    ['no change', { add: [] }, 'CALENDAR.INVALID_INPUT', 'add'],
    ['a day already off', { add: [{ date: '2027-03-10', kind: 'collective-leave' as const, name: 'x' }] }, 'CALENDAR.INVALID_INPUT', 'add[0].date'],
    ['removing a day that is not off', { add: [], remove: ['2027-03-12'] }, 'CALENDAR.INVALID_INPUT', 'remove[0]'],
    ['a kind that does not exist', { add: [{ date: '2027-05-18', kind: 'bridge' as never, name: 'x' }] }, 'CALENDAR.INVALID_INPUT', 'add[0].kind'],
    ['a day of another year', { add: [{ date: '2026-12-31', kind: 'collective-leave' as const, name: 'x' }] }, 'CALENDAR.INVALID_INPUT', 'add[0].date'],
  ])('refuses an amendment with %s', (_, data, code, field) => {
    expect(given(published()).when(amend2027(data))).toMatchObject({ code, field });
  });

  it('refuses to change a day that has passed in Jakarta, but allows today', () => {
    const events = published();
    // 10 March 2027 00:30 in Jakarta is still 9 March in UTC: the Jakarta day counts.
    expect(given(events).when(amend2027({ add: [], remove: ['2027-01-01'] }, '2027-03-09T17:30:00Z'))).toMatchObject({ code: 'CALENDAR.PAST_DAY', field: 'remove[0]' });
    expect(given(events).when(amend2027({ add: [], remove: ['2027-03-10'] }, '2027-03-09T17:30:00Z'))).not.toHaveProperty('code');
  });

  it('records an amendment reference once: a repeated one is refused', () => {
    const first = given(published()).when(amend2027());
    if (isRejection(first)) throw new Error(first.message);
    const again = given([...published(), ...first]).when(amend2027({ add: [{ date: '2027-05-18', kind: 'collective-leave', name: 'x' }] }));
    expect(again).toMatchObject({ code: 'CALENDAR.AMENDMENT_ALREADY_RECORDED', field: 'amendment.reference' });
  });
});

describe('the streams of the calendar', () => {
  it('are one per year, with a namespace only where several platforms share a broker', () => {
    expect(calendarYearStreamId(2027)).toBe('working-day-calendar-2027');
    expect(calendarYearStreamId(2027, 'a1b2')).toBe('working-day-calendar-a1b2-2027');
    expect(isCalendarYearStream('working-day-calendar-2027')).toBe(true);
    expect(isCalendarYearStream('working-day-calendar-a1b2-2027')).toBe(false);
    expect(isCalendarYearStream('working-day-calendar-a1b2-2027', 'a1b2')).toBe(true);
    expect(isCalendarYearStream('working-day-calendar-2027', 'a1b2')).toBe(false);
    expect(isCalendarYearStream('working-day-calendar-ff00-2027', 'a1b2')).toBe(false);
    expect(isCalendarYearStream('permit-application-2027')).toBe(false);
  });
});
