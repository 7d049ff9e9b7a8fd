import { indonesianCalendar } from '@palembang/working-days';
import { periodRange } from '../periods/period';
import { ageingBucketOf, permitMetrics } from './permit-metrics';
import { permitFactsOf, PermitCaseFacts } from './permit-facts';
import { AUGUST_CASES, caseG } from './permit-cases.fixtures';

const calendar = indonesianCalendar();
const facts = Object.values(AUGUST_CASES).map((events) => permitFactsOf(events, calendar) as PermitCaseFacts);
const AUGUST = periodRange('2026-08');
const LATER = '2026-09-15T10:00:00+07:00';

describe('the permit figures of August 2026', () => {
  const figures = permitMetrics(facts, AUGUST, LATER);

  it('count what was received, decided and how', () => {
    // Received: all but G (July) and M (April). Decided: A, B, D approved; E deemed; C, I rejected. H withdrawn; N decided in September.
    expect(figures).toMatchObject({ received: 12, decided: 6, approved: 3, deemedApprovals: 1, rejected: 2, withdrawn: 1, slaBreaches: 1 });
  });

  it('take the median and p90 of the working days to decision', () => {
    // A 2, B 4, C 5, D 11, E 5 (I was never verified): sorted 2 4 5 5 11.
    expect(figures.medianWorkingDays).toBe(5);
    // Nearest rank ceil(0.9 x 5) = 5: the 5th value.
    expect(figures.p90WorkingDays).toBe(11);
  });

  it('share the decisions within standard', () => {
    // A, B, C within; D late; E deemed: 3 of 5.
    expect(figures).toMatchObject({ casesMeasured: 5, casesWithinStandard: 3, shareWithinStandard: 0.6 });
  });

  it('age the backlog at the end of the month in calendar days since submission', () => {
    expect(figures.asOf).toBe('2026-08-31T23:59:59.999+07:00');
    // Open on 31 August: J (0 days), K (2), L (6), N (5), F (14), G (31), M (152).
    expect(figures.backlog).toBe(7);
    expect(figures.ageing).toEqual({ '0': 1, '1-2': 1, '3-7': 2, '8-30': 1, '31-90': 1, '>90': 1 });
  });

  it('age the backlog now when the month is still running', () => {
    const midMonth = permitMetrics(facts, AUGUST, '2026-08-20T12:00:00+07:00');
    expect(midMonth.asOf).toBe('2026-08-20T12:00:00.000+07:00');
    // Open at noon on 20 August: B (submitted 08:00 that day, 0 days), F (3), C (13, rejected on the 21st), G (20), M (141).
    // A and D were decided on the 19th, E on the 10th; J, K, L and N were not submitted yet.
    expect(midMonth.backlog).toBe(5);
    expect(midMonth.ageing).toEqual({ '0': 1, '1-2': 0, '3-7': 1, '8-30': 2, '31-90': 0, '>90': 1 });
  });

  it('have no medians or shares, only zeros, for a period without cases', () => {
    const empty = permitMetrics(facts, periodRange('2025-01'), LATER);
    expect(empty).toMatchObject({ received: 0, decided: 0, medianWorkingDays: null, p90WorkingDays: null, shareWithinStandard: null, backlog: 0 });
    expect(permitMetrics([], AUGUST, LATER)).toMatchObject({ backlog: 0, shareWithinStandard: null, medianWorkingDays: null });
  });

  it('are computed per permit type by filtering the facts first', () => {
    const skrk = permitMetrics(facts.filter((fact) => fact.permitTypeCode === 'SKRK'), AUGUST, LATER);
    expect(skrk).toMatchObject({ decided: 1, deemedApprovals: 1, shareWithinStandard: 0, medianWorkingDays: 5 });
  });
});

describe('the ageing buckets', () => {
  it('are 0, 1-2, 3-7, 8-30, 31-90 and more than 90 days', () => {
    expect([0, 1, 2, 3, 7, 8, 30, 31, 90, 91].map(ageingBucketOf)).toEqual(['0', '1-2', '1-2', '3-7', '3-7', '8-30', '8-30', '31-90', '31-90', '>90']);
  });
  it('use Jakarta days', () => {
    const [late] = [permitFactsOf(caseG, calendar) as PermitCaseFacts].map((fact) => ({ ...fact, submittedAt: '2026-08-30T17:30:00Z' }));
    // 00:30 on 31 August in Jakarta: 0 days old at the end of the 31st.
    expect(permitMetrics([late], AUGUST, LATER).ageing['0']).toBe(1);
  });
});

