import { assertNever, Command, Event, EventContract } from '@palembang/events/core';

/**
 * The alert the training side listens to: in one month, an agency's share of cases
 * handled within standard for a service fell below the threshold. Published on the
 * accountability topic; the training context recommends targeted programs from it.
 */
export type PerformanceService = 'permits' | 'complaints';
export const PERFORMANCE_SERVICES: readonly PerformanceService[] = ['permits', 'complaints'];

/** One alert stream per key: agency, service, service code (permit type or complaint category; null for all) and month. */
export type AlertKey = Readonly<{
  agencyId: string;
  service: PerformanceService;
  serviceCode: string | null;
  /** YYYY-MM, Jakarta time. */
  period: string;
}>;

export type ServicePerformanceBelowStandard = Event<'ServicePerformanceBelowStandard', AlertKey & {
  alertId: string;
  /** casesWithinStandard / decidedCases when detected, full precision. */
  shareWithinStandard: number;
  threshold: number;
  decidedCases: number;
  casesWithinStandard: number;
  detectedAt: string;
}>;

export type ServicePerformanceAlertEvent = ServicePerformanceBelowStandard;

/**
 * Sent by the service whenever a month's figures for a key change. For permits the
 * counts are PermitFigures.casesMeasured / casesWithinStandard; for complaints
 * ComplaintFigures.resolved / resolvedWithinDeadline.
 */
export type EvaluateServicePerformance = Command<'EvaluateServicePerformance', AlertKey & {
  decidedCases: number;
  casesWithinStandard: number;
}>;

export type ServicePerformanceAlertCommand = EvaluateServicePerformance;

export type ServicePerformanceAlert =
  | Readonly<{ status: 'watching' }>
  | Readonly<{ status: 'alerted'; alertId: string; detectedAt: string }>;

export const initialServicePerformanceAlert = (): ServicePerformanceAlert => ({ status: 'watching' });

export function evolveServicePerformanceAlert(state: ServicePerformanceAlert, event: ServicePerformanceAlertEvent): ServicePerformanceAlert {
  switch (event.type) {
    case 'ServicePerformanceBelowStandard':
      return state.status === 'alerted' ? state : { status: 'alerted', alertId: event.data.alertId, detectedAt: event.data.detectedAt };
    default:
      return assertNever(event.type);
  }
}

/**
 * The alert id, which is also the stream id: deterministic from the key, e.g.
 * `alert-permits-dinas-pupr-PBG-2026-11`; without a service code
 * `alert-complaints-dinas-pupr-2026-11`.
 */
export function alertIdOf(key: AlertKey): string {
  return ['alert', key.service, key.agencyId, ...(key.serviceCode === null ? [] : [key.serviceCode]), key.period].join('-');
}

export const alertStreamIdOf = alertIdOf;

export const SERVICE_PERFORMANCE_ALERT_CONTRACTS: readonly EventContract[] = [{ type: 'ServicePerformanceBelowStandard', schemaVersion: 1 }];
