import * as alertCounts from './alert-counts';
import { deciderSpecification } from '@palembang/events/core';
import { alertIdOf, AlertKey, EvaluateServicePerformance, ServicePerformanceBelowStandard } from './service-performance-alert';
import { AlertRejectionCodes, servicePerformanceAlertDecider } from './service-performance-alert.decide';

const KEY: AlertKey = { agencyId: 'dinas-pupr', service: 'permits', serviceCode: 'PBG', period: '2026-11' };
const NOW = '2026-11-20T10:00:00+07:00';

const evaluate = (decidedCases: number, casesWithinStandard: number, key: AlertKey = KEY, now = NOW): EvaluateServicePerformance => ({
  type: 'EvaluateServicePerformance',
  data: { ...key, decidedCases, casesWithinStandard },
  metadata: { now, agencyId: 'accountability', actor: 'accountability-projection', correlationId: 'corr-1' },
});

const alerted: ServicePerformanceBelowStandard = {
  type: 'ServicePerformanceBelowStandard',
  data: { alertId: 'alert-permits-dinas-pupr-PBG-2026-11', ...KEY, shareWithinStandard: 0.6, threshold: 0.8, decidedCases: 5, casesWithinStandard: 3, detectedAt: NOW },
};

const spec = deciderSpecification(servicePerformanceAlertDecider());

describe('the alert id', () => {
  it('follows from the key', () => {
    expect(alertIdOf(KEY)).toBe('alert-permits-dinas-pupr-PBG-2026-11');
    expect(alertIdOf({ ...KEY, service: 'complaints', serviceCode: null })).toBe('alert-complaints-dinas-pupr-2026-11');
  });
});

describe('a month being watched', () => {
  it('alerts when the share within standard falls below the threshold', () => {
    spec.given([]).when(evaluate(5, 3)).then([alerted]);
  });
  it('does not alert at the threshold itself', () => {
    spec.given([]).when(evaluate(5, 4)).then([]);
  });
  it('does not alert on fewer decided cases than the minimum', () => {
    spec.given([]).when(evaluate(4, 0)).then([]);
    spec.given([]).when(evaluate(0, 0)).then([]);
  });
  it('applies the policy of the key when given one per key', () => {
    const strict = deciderSpecification(servicePerformanceAlertDecider((key) => (key.serviceCode === 'PBG' ? { threshold: 0.95, minimumDecidedCases: 10 } : { threshold: 0.8, minimumDecidedCases: 5 })));
    strict.given([]).when(evaluate(9, 0)).then([]);
    strict.given([]).when(evaluate(10, 9)).then([{ ...alerted, data: { ...alerted.data, shareWithinStandard: 0.9, threshold: 0.95, decidedCases: 10, casesWithinStandard: 9 } }]);
  });
  it('refuses figures that cannot be', () => {
    spec.given([]).when(evaluate(5, 6)).thenRejects(AlertRejectionCodes.INVALID_INPUT);
    spec.given([]).when(evaluate(5, 3, { ...KEY, period: '2026-11-20' })).thenRejects(AlertRejectionCodes.INVALID_INPUT);
    spec.given([]).when(evaluate(5, 3, { ...KEY, service: 'training' as never })).thenRejects(AlertRejectionCodes.INVALID_INPUT);
  });
});

describe('a month that alerted', () => {
  it('never alerts again, however low the share goes', () => {
    spec.given([alerted]).when(evaluate(12, 0, KEY, '2026-11-28T10:00:00+07:00')).then([]);
  });
  it('refuses an evaluation of another key on its stream', () => {
    spec.given([alerted]).when(evaluate(5, 0, { ...KEY, period: '2026-12' })).thenRejects(AlertRejectionCodes.OTHER_ALERT);
  });
});

describe('the counts an evaluation takes', () => {
  it('come from the month\'s permit or complaint figures', () => {
    const { permitAlertCounts, complaintAlertCounts } = alertCounts;
    expect(permitAlertCounts({ casesMeasured: 5, casesWithinStandard: 3 } as Parameters<typeof permitAlertCounts>[0])).toEqual({ decidedCases: 5, casesWithinStandard: 3 });
    expect(complaintAlertCounts({ resolved: 4, resolvedWithinDeadline: 2 } as Parameters<typeof complaintAlertCounts>[0])).toEqual({ decidedCases: 4, casesWithinStandard: 2 });
  });
});
