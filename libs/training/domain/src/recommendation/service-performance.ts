/** The service-performance alert is an integration event: its contract is shared in libs/events/core. */
export { MEASURED_SERVICES, servicePerformanceBelowStandardContract, servicePerformanceProblem } from '@palembang/events/core';
export type { MeasuredService, ServicePerformanceBelowStandard } from '@palembang/events/core';

export const isPeriod = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
