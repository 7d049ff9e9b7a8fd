import { seriesPeriods } from './series-periods';

describe('the periods of a time series', () => {
  it('default to the last 12 months, 30 days or 5 years up to the current period', () => {
    expect(seriesPeriods('month', undefined, undefined, '2026-02')).toEqual(['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
    const days = seriesPeriods('day', undefined, undefined, '2026-03-01') as string[];
    expect([days.length, days[0], days[29]]).toEqual([30, '2026-01-31', '2026-03-01']);
    expect(seriesPeriods('year', undefined, '2026', '2026')).toEqual(['2022', '2023', '2024', '2025', '2026']);
  });

  it('take from and to of any precision as the period holding their first day, to inclusive', () => {
    expect(seriesPeriods('month', '2026-09-15', '2026-11', '2026-11')).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(seriesPeriods('day', '2026-12-30', '2027-01-02', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(seriesPeriods('year', '2025', '2026-06', '2026')).toEqual(['2025', '2026']);
  });

  it('stay inside the years periods cover (2000-2099): a default series near 2000 is shorter, and a series may end in 2099', () => {
    expect(seriesPeriods('month', undefined, '2000-04', '2026-11')).toEqual(['2000-01', '2000-02', '2000-03', '2000-04']);
    expect(seriesPeriods('day', undefined, '2000-01-02', '2026-11-01')).toEqual(['2000-01-01', '2000-01-02']);
    expect(seriesPeriods('month', '2099-11', '2099-12', '2026-11')).toEqual(['2099-11', '2099-12']);
    expect(seriesPeriods('year', '2098', '2099', '2026')).toEqual(['2098', '2099']);
    expect(seriesPeriods('day', '2099-12-30', '2099-12-31', '2026-11-01')).toEqual(['2099-12-30', '2099-12-31']);
  });

  it('names the field of a bad or too long series', () => {
    expect(seriesPeriods('month', '2026-13', undefined, '2026-11')).toEqual({ field: 'from', message: 'from must be YYYY-MM-DD, YYYY-MM or YYYY' });
    expect(seriesPeriods('month', undefined, 'soon', '2026-11')).toMatchObject({ field: 'to' });
    expect(seriesPeriods('month', '2026-12', '2026-11', '2026-11')).toEqual({ field: 'from', message: 'from must not be after to' });
    expect(seriesPeriods('day', '2025-01-01', '2026-12-31', '2026-12-31')).toEqual({ field: 'from', message: 'at most 400 periods per series' });
  });
});
