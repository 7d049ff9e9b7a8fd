import { GatewayAuthConfig, readGatewayAuthConfig, serviceClock, WorkingDayCalendarModuleOptions } from '@palembang/platform';

/** What the permits service reads from its environment beside ServiceConfig: read here, once, at start-up. */
export type PermitsConfig = Readonly<{
  /** GATEWAY_URL / GATEWAY_ISSUER: whose tokens the service accepts. */
  auth: GatewayAuthConfig;
  /** The service's clock (CLOCK_OFFSET_SECONDS) and the calendar copy's settings (CALENDAR_*). */
  calendar: WorkingDayCalendarModuleOptions;
  /** DEADLINE_CHECK_INTERVAL_MS (default 60 000): how often the deadline watcher sweeps. */
  deadlineCheckIntervalMs: number;
}>;

/** A missing or invalid setting is a ConfigurationError (exit 78). */
export function readPermitsConfig(env: NodeJS.ProcessEnv = process.env): PermitsConfig {
  return {
    auth: readGatewayAuthConfig(env),
    calendar: { clock: serviceClock(env), env },
    deadlineCheckIntervalMs: Number(env.DEADLINE_CHECK_INTERVAL_MS ?? 60_000),
  };
}
