import { indonesianCalendar } from '@palembang/working-days';
import { complaintContributions, Contributions, permitContributions } from '../aggregates/contributions';
import { AUGUST_COMPLAINTS } from '../complaints/complaint-cases.fixtures';
import { complaintFactsOf, ComplaintCaseFacts } from '../complaints/complaint-facts';
import { complaintMetrics } from '../complaints/complaint-metrics';
import { periodRange } from '../periods/period';
import { AUGUST_CASES } from '../permits/permit-cases.fixtures';
import { permitFactsOf, PermitCaseFacts } from '../permits/permit-facts';
import { permitMetrics } from '../permits/permit-metrics';
import { AlertCounts, alertCountsOfContributions, complaintAlertCounts, permitAlertCounts } from './alert-counts';
import { PerformanceService } from './service-performance-alert';

const calendar = indonesianCalendar();
const NOW = '2026-10-15T10:00:00+07:00';
const MONTHS = ['2026-07', '2026-08', '2026-09'];
const permits = Object.values(AUGUST_CASES).map((events) => permitFactsOf(events, calendar) as PermitCaseFacts);
const complaints = Object.values(AUGUST_COMPLAINTS).map((events) => complaintFactsOf(events, calendar) as ComplaintCaseFacts);

/** The counts of one agency's month as the aggregates sum them: every case's contributions to the alert measures. */
function summed(service: PerformanceService, cases: readonly Contributions[], agencyId: string, period: string): AlertCounts {
  const counts = { decidedCases: 0, casesWithinStandard: 0 };
  for (const entry of cases.flatMap((contributions) => alertCountsOfContributions(service, contributions))) {
    if (entry.agencyId !== agencyId || entry.period !== period) continue;
    counts.decidedCases += entry.decidedCases;
    counts.casesWithinStandard += entry.casesWithinStandard;
  }
  return counts;
}

describe('the alert counts of the aggregates', () => {
  it('are the permit figures\' counts of each month (hand-computed August cases)', () => {
    const agencyId = permits[0].agencyId;
    for (const period of MONTHS) {
      expect(summed('permits', permits.map(permitContributions), agencyId, period)).toEqual(permitAlertCounts(permitMetrics(permits, periodRange(period), NOW)));
    }
    expect(summed('permits', permits.map(permitContributions), agencyId, '2026-08').decidedCases).toBeGreaterThan(3);
  });

  it('are the complaint figures\' counts of each agency and month (hand-computed August complaints, some rerouted)', () => {
    const agencies = [...new Set(complaints.map((fact) => fact.agencyId))];
    for (const agencyId of agencies) {
      const own = complaints.filter((fact) => fact.agencyId === agencyId);
      for (const period of MONTHS) {
        expect(summed('complaints', complaints.map(complaintContributions), agencyId, period)).toEqual(complaintAlertCounts(complaintMetrics(own, periodRange(period), NOW)));
      }
    }
    expect(agencies.map((agencyId) => summed('complaints', complaints.map(complaintContributions), agencyId, '2026-08').decidedCases).reduce((a, b) => a + b)).toBeGreaterThan(1);
  });

  it('count nothing of the other service', () => {
    expect(permits.flatMap((fact) => alertCountsOfContributions('complaints', permitContributions(fact)))).toEqual([]);
    expect(complaints.flatMap((fact) => alertCountsOfContributions('permits', complaintContributions(fact)))).toEqual([]);
  });
});
