import { GatewayAuthConfig, readGatewayAuthConfig } from './gateway-auth-config';
import { WorkingDayCalendarModuleOptions } from './calendar/working-day-calendar.module';
import { serviceClock } from './service-clock';
import { ConfigurationError } from './service-config';

/** What every service that keeps working-day deadlines (permits, complaints) reads beside ServiceConfig. */
export type DeadlineServiceConfig = Readonly<{
  /** GATEWAY_URL / GATEWAY_ISSUER: whose tokens the service accepts. */
  auth: GatewayAuthConfig;
  /** The service's clock (CLOCK_OFFSET_SECONDS) and the calendar copy's settings (CALENDAR_*). */
  calendar: WorkingDayCalendarModuleOptions;
  /** DEADLINE_CHECK_INTERVAL_MS (default 60 000): how often the deadline watcher sweeps; 0 turns the sweep off (tests that send the checks themselves). */
  deadlineCheckIntervalMs: number;
}>;

/** A missing or invalid setting is a ConfigurationError (exit 78). */
export function readDeadlineServiceConfig(env: NodeJS.ProcessEnv): DeadlineServiceConfig {
  return { auth: readGatewayAuthConfig(env), calendar: { clock: serviceClock(env), env }, deadlineCheckIntervalMs: deadlineCheckIntervalOf(env) };
}

function deadlineCheckIntervalOf(env: NodeJS.ProcessEnv): number {
  const value = env.DEADLINE_CHECK_INTERVAL_MS?.trim();
  if (!value) return 60_000;
  const ms = Number(value);
  if (!Number.isInteger(ms) || (ms !== 0 && ms < 100) || ms > 24 * 3600_000) throw new ConfigurationError('DEADLINE_CHECK_INTERVAL_MS must be 0 (off) or a whole number of milliseconds from 100 to one day');
  return ms;
}
