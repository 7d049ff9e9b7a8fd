import { ComplaintFigures } from '../complaints/complaint-metrics';
import { PermitFigures } from '../permits/permit-metrics';
import { EvaluateServicePerformance } from './service-performance-alert';

type Counts = Pick<EvaluateServicePerformance['data'], 'decidedCases' | 'casesWithinStandard'>;

/** Permits: decisions whose time against the standard is known, and those within it. */
export function permitAlertCounts(figures: PermitFigures): Counts {
  return { decidedCases: figures.casesMeasured, casesWithinStandard: figures.casesWithinStandard };
}

/** Complaints: resolutions in the month, and those within their follow-up deadline. */
export function complaintAlertCounts(figures: ComplaintFigures): Counts {
  return { decidedCases: figures.resolved, casesWithinStandard: figures.resolvedWithinDeadline };
}
