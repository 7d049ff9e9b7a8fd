import {
  addCalendarDays,
  compareInstants,
  endOfJakartaDay,
  epochMillisOf,
  isLocalDate,
  jakartaDateOf,
  startOfJakartaDay,
  toJakartaDate,
  toJakartaIso,
  weekdayOf,
} from './local-date';

describe('Jakarta calendar days', () => {
  it('places an instant late in the UTC evening on the next Jakarta day', () => {
    expect(jakartaDateOf('2026-03-02T16:59:59.999Z')).toBe('2026-03-02');
    expect(jakartaDateOf('2026-03-02T17:00:00Z')).toBe('2026-03-03');
    expect(jakartaDateOf('2026-12-31T17:30:00Z')).toBe('2027-01-01');
  });

  it('reads instants written with any offset', () => {
    expect(jakartaDateOf('2026-03-03T00:30:00+07:00')).toBe('2026-03-03');
    expect(jakartaDateOf('2026-03-02T12:30:00-05:00')).toBe('2026-03-03');
  });

  it('refuses instants without an offset, which would depend on the machine', () => {
    expect(() => jakartaDateOf('2026-03-02T10:00:00')).toThrow(RangeError);
    expect(() => epochMillisOf('yesterday')).toThrow(RangeError);
  });

  it('takes a plain date as the Jakarta day itself and refuses impossible dates', () => {
    expect(toJakartaDate('2026-02-28')).toBe('2026-02-28');
    expect(() => toJakartaDate('2026-02-29')).toThrow(RangeError);
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('0076-03-22')).toBe(true);
    expect(isLocalDate('0076-02-29')).toBe(true);
    expect(isLocalDate('0077-02-29')).toBe(false);
  });

  it('writes instants and day boundaries with the +07:00 offset', () => {
    expect(toJakartaIso('2026-03-02T17:30:00Z')).toBe('2026-03-03T00:30:00.000+07:00');
    expect(startOfJakartaDay('2026-03-03')).toBe('2026-03-03T00:00:00.000+07:00');
    expect(endOfJakartaDay('2026-03-03')).toBe('2026-03-03T23:59:59.999+07:00');
    expect(epochMillisOf(endOfJakartaDay('2026-03-03'))).toBe(Date.parse('2026-03-03T16:59:59.999Z'));
  });

  it('knows the weekday and counts calendar days across month and year ends', () => {
    expect(weekdayOf('2026-01-01')).toBe('thursday');
    expect(weekdayOf('2026-03-21')).toBe('saturday');
    expect(weekdayOf('1969-12-28')).toBe('sunday');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('compares instants in time, not as strings', () => {
    expect(compareInstants('2026-03-03T00:30:00+07:00', '2026-03-02T18:00:00Z')).toBe(-1);
    expect(compareInstants('2026-03-02T17:30:00Z', '2026-03-03T00:30:00+07:00')).toBe(0);
  });
});
