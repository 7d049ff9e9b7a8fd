import { isIsoDateOrDatetime, parseW3cDatetime, toOpen311Datetime } from './datetime';

describe('toOpen311Datetime', () => {
  it('gives a UTC instant in Palembang time with the +07:00 offset', () => {
    expect(toOpen311Datetime('2026-11-30T02:15:00Z')).toBe('2026-11-30T09:15:00+07:00');
  });

  it('converts from any offset and crosses midnight', () => {
    expect(toOpen311Datetime('2010-04-14T06:37:38-08:00')).toBe('2010-04-14T21:37:38+07:00');
    expect(toOpen311Datetime('2026-12-31T20:00:00Z')).toBe('2027-01-01T03:00:00+07:00');
  });

  it('drops fractions of a second', () => {
    expect(toOpen311Datetime('2026-11-30T02:15:59.999Z')).toBe('2026-11-30T09:15:59+07:00');
  });

  it('takes a Date', () => {
    expect(toOpen311Datetime(new Date(Date.UTC(2026, 10, 30, 2, 15)))).toBe('2026-11-30T09:15:00+07:00');
  });

  it('refuses what is not an instant', () => {
    expect(() => toOpen311Datetime('kemarin')).toThrow('Not an ISO 8601 instant');
  });
});

describe('parseW3cDatetime', () => {
  it('reads a datetime with Z or an offset, with or without seconds', () => {
    expect(parseW3cDatetime('2010-01-01T00:00:00Z')?.toISOString()).toBe('2010-01-01T00:00:00.000Z');
    expect(parseW3cDatetime('2026-11-30T09:15+07:00')?.toISOString()).toBe('2026-11-30T02:15:00.000Z');
  });

  it('refuses a datetime without time zone, a date alone and impossible dates', () => {
    for (const text of ['2026-11-30T09:15:00', '2026-11-30', '2026-02-30T00:00:00Z', '2026-11-30T24:00:00Z', '2026-11-30T09:15:00+0700']) {
      expect(parseW3cDatetime(text)).toBeUndefined();
    }
  });
});

describe('isIsoDateOrDatetime', () => {
  it('accepts a date, a local datetime and a datetime with zone', () => {
    expect(['2026-11-30', '2026-11-30T09:15', '2026-11-30T09:15:00+07:00'].every(isIsoDateOrDatetime)).toBe(true);
  });

  it('refuses other text and impossible dates', () => {
    expect(['30/11/2026', '2026-13-01', '2026-02-29', 'besok'].some(isIsoDateOrDatetime)).toBe(false);
  });
});
