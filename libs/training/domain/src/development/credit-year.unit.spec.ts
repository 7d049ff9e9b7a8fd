import { closingDayOf, creditYearProblem, DEFAULT_YEAR_CLOSING, parseYearClosing } from './credit-year';

describe('the closing of a year of JP', () => {
  it('reads MM-DD closing days every year has', () => {
    expect(parseYearClosing('01-31')).toEqual({ month: 1, day: 31 });
    expect(parseYearClosing('03-15')).toEqual({ month: 3, day: 15 });
    for (const bad of ['', '1-31', '13-01', '00-10', '02-29', '04-31', '01-31x', '2027-01-31']) expect(parseYearClosing(bad)).toBeUndefined();
  });

  it('closes year Y on the configured day of Y + 1', () => {
    expect(closingDayOf(2025, DEFAULT_YEAR_CLOSING)).toBe('2026-01-31');
  });

  it('credits the current year and the previous one until its closing day, in Asia/Jakarta', () => {
    expect(creditYearProblem('2026-03-01T08:00:00+07:00', '2026-12-05T10:00:00Z', DEFAULT_YEAR_CLOSING)).toBeNull();
    expect(creditYearProblem('2025-12-20T08:00:00+07:00', '2026-01-31T16:59:59Z', DEFAULT_YEAR_CLOSING)).toBeNull();
    expect(creditYearProblem('2025-12-20T08:00:00+07:00', '2026-01-31T17:00:00Z', DEFAULT_YEAR_CLOSING)).toMatch(/2025 closed on 2026-01-31/);
  });

  it('refuses a backdated year long closed and a year not yet begun', () => {
    expect(creditYearProblem('2019-06-01T08:00:00Z', '2026-12-05T10:00:00Z', DEFAULT_YEAR_CLOSING)).toMatch(/2019 closed/);
    expect(creditYearProblem('2027-01-01T00:00:00+07:00', '2026-12-05T10:00:00Z', DEFAULT_YEAR_CLOSING)).toMatch(/2027 has not begun/);
  });
});
