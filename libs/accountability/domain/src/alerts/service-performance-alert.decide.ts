import { Decider, Decision, reject } from '@palembang/events/core';
import { isPeriod } from '../periods/period';
import {
  alertIdOf,
  AlertKey,
  EvaluateServicePerformance,
  evolveServicePerformanceAlert,
  initialServicePerformanceAlert,
  PERFORMANCE_SERVICES,
  ServicePerformanceAlert,
  ServicePerformanceAlertEvent,
} from './service-performance-alert';

/** When a month's performance is "below standard". */
export type AlertPolicy = Readonly<{
  /** Alert when casesWithinStandard / decidedCases < threshold (a fraction 0..1). */
  threshold: number;
  /** Fewer decided cases than this never alert: one late case out of two is no pattern. */
  minimumDecidedCases: number;
}>;

export const DEFAULT_ALERT_POLICY: AlertPolicy = { threshold: 0.8, minimumDecidedCases: 5 };

/** The policy, or one per key (a service standard may set its own threshold). */
export type AlertPolicySource = AlertPolicy | ((key: AlertKey) => AlertPolicy);

export const AlertRejectionCodes = {
  INVALID_INPUT: 'ACCOUNTABILITY.INVALID_INPUT',
  OTHER_ALERT: 'ACCOUNTABILITY.OTHER_ALERT',
} as const;

export type ServicePerformanceAlertDecider = Decider<EvaluateServicePerformance, ServicePerformanceAlertEvent, ServicePerformanceAlert>;

/**
 * The alert policy as a decider on the stream `alertStreamIdOf(key)`:
 *
 *   watching --evaluate (decided >= minimum and share < threshold)--> alerted   (ServicePerformanceBelowStandard, once)
 *   watching --evaluate (otherwise)--> nothing
 *   alerted  --evaluate--> nothing, ever: one alert per agency, service, service code and month
 *
 * The share is compared as it stands when evaluated, so a month can alert before it
 * ends once enough cases are decided; a later recovery does not withdraw the alert.
 */
export function servicePerformanceAlertDecider(policy: AlertPolicySource = DEFAULT_ALERT_POLICY): ServicePerformanceAlertDecider {
  function decide(command: EvaluateServicePerformance, state: ServicePerformanceAlert): Decision<ServicePerformanceAlertEvent> {
    const { agencyId, service, serviceCode, period, decidedCases, casesWithinStandard } = command.data;
    const key: AlertKey = { agencyId, service, serviceCode, period };
    const problem = inputProblem(command);
    if (problem) return problem;
    const alertId = alertIdOf(key);
    if (state.status === 'alerted') {
      return state.alertId === alertId ? [] : reject(AlertRejectionCodes.OTHER_ALERT, `This stream holds alert ${state.alertId}, not ${alertId}`);
    }
    const { threshold, minimumDecidedCases } = validPolicy(typeof policy === 'function' ? policy(key) : policy);
    if (decidedCases < minimumDecidedCases) return [];
    const shareWithinStandard = casesWithinStandard / decidedCases;
    if (shareWithinStandard >= threshold) return [];
    return [{
      type: 'ServicePerformanceBelowStandard',
      data: { alertId, ...key, shareWithinStandard, threshold, decidedCases, casesWithinStandard, detectedAt: command.metadata.now },
    }];
  }

  return { decide, evolve: evolveServicePerformanceAlert, initialState: initialServicePerformanceAlert };
}

function inputProblem({ data }: EvaluateServicePerformance) {
  const invalid = (field: string, message: string) => reject(AlertRejectionCodes.INVALID_INPUT, message, field);
  if (typeof data.agencyId !== 'string' || !data.agencyId.trim()) return invalid('agencyId', 'The agency id is required');
  if (!PERFORMANCE_SERVICES.includes(data.service)) return invalid('service', `The service must be one of ${PERFORMANCE_SERVICES.join(', ')}`);
  if (data.serviceCode !== null && (typeof data.serviceCode !== 'string' || !data.serviceCode.trim())) return invalid('serviceCode', 'The service code is a non-empty text or null');
  if (!isPeriod(data.period, 'month')) return invalid('period', 'The period must be a month, YYYY-MM');
  if (!Number.isSafeInteger(data.decidedCases) || data.decidedCases < 0) return invalid('decidedCases', 'decidedCases must be a whole number >= 0');
  if (!Number.isSafeInteger(data.casesWithinStandard) || data.casesWithinStandard < 0 || data.casesWithinStandard > data.decidedCases) {
    return invalid('casesWithinStandard', 'casesWithinStandard must be a whole number between 0 and decidedCases');
  }
  return undefined;
}

function validPolicy(policy: AlertPolicy): AlertPolicy {
  if (!(Number.isFinite(policy.threshold) && policy.threshold > 0 && policy.threshold <= 1)) throw new RangeError(`An alert threshold is a fraction in (0, 1], got ${policy.threshold}`);
  if (!Number.isSafeInteger(policy.minimumDecidedCases) || policy.minimumDecidedCases < 1) throw new RangeError(`minimumDecidedCases must be a whole number >= 1, got ${policy.minimumDecidedCases}`);
  return policy;
}
