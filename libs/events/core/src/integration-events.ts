import { defineContract, EventContract } from './contracts';
import { Event } from './event';

/**
 * Integration events: facts one bounded context publishes for others, whose
 * shape both sides share through this contract library.
 */

/** The public services whose measured quality drives targeted training. */
export type MeasuredService = 'permits' | 'complaints';
export const MEASURED_SERVICES: readonly MeasuredService[] = ['permits', 'complaints'];

/**
 * Published by accountability on `accountability.events` when, in one month, an
 * agency's share of cases handled within the service standard fell below the
 * threshold (once per agency, service, service code and month); consumed by
 * training, which recommends targeted programs for that agency.
 */
export type ServicePerformanceBelowStandard = Event<'ServicePerformanceBelowStandard', {
  alertId: string;
  agencyId: string;
  service: MeasuredService;
  /** A permit type or complaint category code, null for the whole service. */
  serviceCode: string | null;
  /** `YYYY-MM`, Asia/Jakarta. */
  period: string;
  /** casesWithinStandard / decidedCases when detected, 0..1, full precision. */
  shareWithinStandard: number;
  /** The share the agency should reach, 0..1. */
  threshold: number;
  decidedCases: number;
  casesWithinStandard: number;
  detectedAt: string;
}>;

export const servicePerformanceBelowStandardContract: EventContract = defineContract<ServicePerformanceBelowStandard>({ type: 'ServicePerformanceBelowStandard', schemaVersion: 1 });

/** The first problem with the data of the event, or undefined: consumers check it before acting. */
export function servicePerformanceProblem(data: ServicePerformanceBelowStandard['data']): string | undefined {
  const share = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
  const count = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;
  if (typeof data.alertId !== 'string' || !data.alertId.trim()) return 'alertId is required';
  if (typeof data.agencyId !== 'string' || !data.agencyId.trim()) return 'agencyId is required';
  if (!MEASURED_SERVICES.includes(data.service)) return `service must be one of ${MEASURED_SERVICES.join(', ')}`;
  if (data.serviceCode !== null && typeof data.serviceCode !== 'string') return 'serviceCode must be text or null';
  if (typeof data.period !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(data.period)) return 'period must be YYYY-MM';
  if (!share(data.shareWithinStandard)) return 'shareWithinStandard must be from 0 to 1';
  if (!share(data.threshold)) return 'threshold must be from 0 to 1';
  if (!count(data.decidedCases) || !count(data.casesWithinStandard)) return 'decidedCases and casesWithinStandard must be whole numbers';
  if (typeof data.detectedAt !== 'string' || !Number.isFinite(Date.parse(data.detectedAt))) return 'detectedAt must be an ISO 8601 time';
  return undefined;
}
