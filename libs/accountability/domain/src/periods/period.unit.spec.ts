import { granularityOf, isPeriod, isWithin, periodOf, periodRange } from './period';

describe('the period of an instant', () => {
  it('is its Jakarta day, month or year', () => {
    expect(periodOf('2026-08-17T10:00:00+07:00', 'day')).toBe('2026-08-17');
    expect(periodOf('2026-08-17T10:00:00+07:00', 'month')).toBe('2026-08');
    expect(periodOf('2026-08-17T10:00:00+07:00', 'year')).toBe('2026');
  });
  it('is already the next month and year late in the UTC evening of the 31st', () => {
    expect(periodOf('2026-10-31T17:30:00Z', 'month')).toBe('2026-11');
    expect(periodOf('2026-12-31T17:00:00Z', 'year')).toBe('2027');
    expect(periodOf('2026-12-31T16:59:59.999Z', 'year')).toBe('2026');
  });
});

describe('the range of a period', () => {
  it('runs from its first millisecond to the first of the next period, in +07:00', () => {
    expect(periodRange('2026-08-17')).toEqual({ from: '2026-08-17T00:00:00.000+07:00', to: '2026-08-18T00:00:00.000+07:00' });
    expect(periodRange('2026-02')).toEqual({ from: '2026-02-01T00:00:00.000+07:00', to: '2026-03-01T00:00:00.000+07:00' });
    expect(periodRange('2026-12')).toEqual({ from: '2026-12-01T00:00:00.000+07:00', to: '2027-01-01T00:00:00.000+07:00' });
    expect(periodRange('2026')).toEqual({ from: '2026-01-01T00:00:00.000+07:00', to: '2027-01-01T00:00:00.000+07:00' });
  });
  it('includes its start and excludes its end', () => {
    const august = periodRange('2026-08');
    expect(isWithin('2026-08-01T00:00:00+07:00', august)).toBe(true);
    expect(isWithin('2026-07-31T17:00:00Z', august)).toBe(true);
    expect(isWithin('2026-08-31T23:59:59.999+07:00', august)).toBe(true);
    expect(isWithin('2026-09-01T00:00:00+07:00', august)).toBe(false);
    expect(isWithin('2026-07-31T16:59:59.999Z', august)).toBe(false);
  });
  it('holds every instant whose period it is', () => {
    for (const instant of ['2026-03-01T00:00:00+07:00', '2026-03-31T23:00:00+07:00', '2026-02-28T17:00:00Z']) {
      expect(isWithin(instant, periodRange(periodOf(instant, 'month')))).toBe(true);
    }
  });
  it('refuses text that is no period', () => {
    for (const text of ['2026-13', '2026-02-30', '26-08', 'August', '2026-8']) {
      expect(() => periodRange(text)).toThrow(RangeError);
      expect(granularityOf(text)).toBeUndefined();
    }
    expect(isPeriod('2026-08', 'month')).toBe(true);
    expect(isPeriod('2026-08-01', 'month')).toBe(false);
  });
});
