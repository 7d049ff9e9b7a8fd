import { Contributions, MEASURES } from '../aggregates/contributions';
import { ComplaintFigures } from '../complaints/complaint-metrics';
import { PermitFigures } from '../permits/permit-metrics';
import { EvaluateServicePerformance, PerformanceService } from './service-performance-alert';

export type AlertCounts = Pick<EvaluateServicePerformance['data'], 'decidedCases' | 'casesWithinStandard'>;

/** Permits: decisions whose time against the standard is known, and those within it. */
export function permitAlertCounts(figures: PermitFigures): AlertCounts {
  return { decidedCases: figures.casesMeasured, casesWithinStandard: figures.casesWithinStandard };
}

/** Complaints: resolutions in the month, and those within their follow-up deadline. */
export function complaintAlertCounts(figures: ComplaintFigures): AlertCounts {
  return { decidedCases: figures.resolved, casesWithinStandard: figures.resolvedWithinDeadline };
}

/**
 * The aggregate measures whose sums over a month's days and an agency's services are the
 * counts above (what permitFiguresOfTallies and complaintFiguresOfTallies read for them), so
 * that an evaluation reads an agency's month from the aggregates instead of counting its facts.
 */
export const ALERT_COUNT_MEASURES: Readonly<Record<PerformanceService, Readonly<{ serviceKind: string; decidedCases: string; casesWithinStandard: string }>>> = {
  permits: { serviceKind: 'permit', decidedCases: MEASURES.permitMeasured, casesWithinStandard: MEASURES.permitWithinStandard },
  complaints: { serviceKind: 'complaint', decidedCases: MEASURES.complaintResolved, casesWithinStandard: MEASURES.complaintResolvedWithin },
};

/** One contribution to the alert counts of an agency's month (YYYY-MM, Jakarta). */
export type AlertCountsContribution = AlertCounts & Readonly<{ agencyId: string; period: string }>;

/** What a case adds to the alert counts of the months it counts in: its contributions to ALERT_COUNT_MEASURES. */
export function alertCountsOfContributions(service: PerformanceService, contributions: Contributions): AlertCountsContribution[] {
  const { serviceKind, decidedCases, casesWithinStandard } = ALERT_COUNT_MEASURES[service];
  return contributions.days.flatMap((entry) => {
    if (entry.serviceKind !== serviceKind) return [];
    const counted = { agencyId: entry.agencyId, period: entry.day.slice(0, 7) };
    if (entry.measure === decidedCases) return [{ ...counted, decidedCases: entry.amount, casesWithinStandard: 0 }];
    if (entry.measure === casesWithinStandard) return [{ ...counted, decidedCases: 0, casesWithinStandard: entry.amount }];
    return [];
  });
}
