import { indonesianCalendar } from '@palembang/working-days';
import { periodRange } from '../periods/period';
import { complaintFactsOf, ComplaintCaseFacts } from './complaint-facts';
import { complaintMetrics } from './complaint-metrics';
import { AUGUST_COMPLAINTS } from './complaint-cases.fixtures';

const calendar = indonesianCalendar();
const facts = Object.values(AUGUST_COMPLAINTS).map((events) => complaintFactsOf(events, calendar) as ComplaintCaseFacts);
const AUGUST = periodRange('2026-08');

describe('the complaint figures of August 2026, city-wide', () => {
  const figures = complaintMetrics(facts, AUGUST, '2026-09-15T10:00:00+07:00');

  it('count what was received and archived', () => {
    expect(figures).toMatchObject({ received: 6, archived: 1 });
  });

  it('share the verifications within 3 working days, a pending one late once its deadline passed', () => {
    // K1, K5, K6 within; K2, K3 late; K4 still unverified after its deadline of 1 September.
    expect(figures).toMatchObject({ verificationsMeasured: 6, verifiedWithinDeadline: 3, shareVerifiedWithin3WorkingDays: 0.5 });
  });

  it('leave out a verification that may still be on time', () => {
    const endOfAugust = complaintMetrics(facts, AUGUST, '2026-08-31T12:00:00+07:00');
    expect(endOfAugust).toMatchObject({ verificationsMeasured: 5, verifiedWithinDeadline: 3, shareVerifiedWithin3WorkingDays: 0.6 });
  });

  it('take the median first response, the mean of the two middle values of an even count', () => {
    // K1 1, K2 1 (public works, after the reroute), K5 3, K6 7: (1 + 3) / 2.
    expect(figures.medianFirstResponseWorkingDays).toBe(2);
  });

  it('take the median resolution time and the share resolved within the deadline', () => {
    // K1 8 (within), K2 2 (late), K5 6 (within), K6 9 (late): sorted 2 6 8 9, median (6 + 8) / 2.
    expect(figures).toMatchObject({ resolved: 4, resolvedWithinDeadline: 2, medianResolutionWorkingDays: 7, shareResolvedWithinDeadline: 0.5 });
  });

  it('give the reopen rate of the complaints first resolved in the month', () => {
    // K1, K2, K5, K6 first resolved in August; K1 reopened.
    expect(figures).toMatchObject({ firstResolved: 4, reopened: 1, reopenRate: 0.25 });
  });

  it('count the escalations detected in the month', () => {
    // K2 and K3 verification, K6 follow-up.
    expect(figures.escalations).toBe(3);
  });

  it('are computed per agency by filtering the facts first', () => {
    const publicWorks = complaintMetrics(facts.filter((fact) => fact.agencyId === 'dinas-pupr'), AUGUST, '2026-09-15T10:00:00+07:00');
    // K2 (rerouted to public works), K4 is still with the desk, K5, K6.
    expect(publicWorks).toMatchObject({ received: 3, resolved: 3, resolvedWithinDeadline: 1, shareResolvedWithinDeadline: 1 / 3, medianResolutionWorkingDays: 6, reopenRate: 0 });
  });

  it('have nulls, never NaN, for a month without complaints', () => {
    expect(complaintMetrics(facts, periodRange('2026-10'), '2026-11-01T00:00:00+07:00')).toEqual({
      received: 0, archived: 0, verificationsMeasured: 0, verifiedWithinDeadline: 0, shareVerifiedWithin3WorkingDays: null,
      medianFirstResponseWorkingDays: null, resolved: 0, resolvedWithinDeadline: 0, medianResolutionWorkingDays: null,
      shareResolvedWithinDeadline: null, firstResolved: 0, reopened: 0, reopenRate: null, escalations: 0,
    });
  });
});
