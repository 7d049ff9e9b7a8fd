import { defineContract, Event, EventContract } from '@palembang/events/core';

/** The public services whose measured quality drives targeted training. */
export type MeasuredService = 'permits' | 'complaints';
export const MEASURED_SERVICES: readonly MeasuredService[] = ['permits', 'complaints'];

/**
 * Integration event, published by accountability when an agency's share of cases handled within the
 * service standard fell below the threshold in a month. Defined here until it moves to a shared
 * contracts library; the training service consumes it.
 */
export type ServicePerformanceBelowStandard = Event<'ServicePerformanceBelowStandard', {
  alertId: string;
  agencyId: string;
  service: MeasuredService;
  /** A permit type or complaint category code, null for the whole service. */
  serviceCode: string | null;
  /** `YYYY-MM`. */
  period: string;
  /** Share of cases within standard, 0..1. */
  shareWithinStandard: number;
  /** The share the agency should reach, 0..1. */
  threshold: number;
  detectedAt: string;
}>;

export const servicePerformanceBelowStandardContract: EventContract = defineContract<ServicePerformanceBelowStandard>({ type: 'ServicePerformanceBelowStandard', schemaVersion: 1 });

export const isPeriod = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

/** The first problem with the data of the event, or undefined: consumers check it before acting. */
export function servicePerformanceProblem(data: ServicePerformanceBelowStandard['data']): string | undefined {
  const share = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
  if (typeof data.alertId !== 'string' || !data.alertId.trim()) return 'alertId is required';
  if (typeof data.agencyId !== 'string' || !data.agencyId.trim()) return 'agencyId is required';
  if (!MEASURED_SERVICES.includes(data.service)) return `service must be one of ${MEASURED_SERVICES.join(', ')}`;
  if (data.serviceCode !== null && typeof data.serviceCode !== 'string') return 'serviceCode must be text or null';
  if (!isPeriod(data.period)) return 'period must be YYYY-MM';
  if (!share(data.shareWithinStandard)) return 'shareWithinStandard must be from 0 to 1';
  if (!share(data.threshold)) return 'threshold must be from 0 to 1';
  return undefined;
}
