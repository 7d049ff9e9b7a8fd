import { ComplaintCategoryCatalogue } from '@palembang/complaints-domain';
import { ConfigurationError, GatewayAuthConfig, readGatewayAuthConfig, serviceClock, WorkingDayCalendarModuleOptions } from '@palembang/platform';
import { readComplaintCategories } from './complaints/complaint-categories-config';

/** What the complaints service reads from its environment beside ServiceConfig: read here, once, at start-up. */
export type ComplaintsConfig = Readonly<{
  /** GATEWAY_URL / GATEWAY_ISSUER: whose tokens the service accepts (the issuer is Open311's public URL too). */
  auth: GatewayAuthConfig;
  /** The service's clock (CLOCK_OFFSET_SECONDS) and the calendar copy's settings (CALENDAR_*). */
  calendar: WorkingDayCalendarModuleOptions;
  /** COMPLAINT_CATEGORIES_FILE: the categories and their agencies (Palembang's by default). */
  categories: ComplaintCategoryCatalogue;
  /** COMPLAINT_AUTO_CLOSE_WORKING_DAYS (default 10). */
  autoCloseWorkingDays: number;
  /** DEADLINE_CHECK_INTERVAL_MS (default 60 000): how often the deadline watcher sweeps. */
  deadlineCheckIntervalMs: number;
}>;

/** A missing or invalid setting is a ConfigurationError (exit 78). */
export function readComplaintsConfig(env: NodeJS.ProcessEnv = process.env): ComplaintsConfig {
  return {
    auth: readGatewayAuthConfig(env),
    calendar: { clock: serviceClock(env), env },
    categories: readComplaintCategories(env),
    autoCloseWorkingDays: readAutoCloseWorkingDays(env),
    deadlineCheckIntervalMs: Number(env.DEADLINE_CHECK_INTERVAL_MS ?? 60_000),
  };
}

/**
 * COMPLAINT_AUTO_CLOSE_WORKING_DAYS (default 10): a resolved complaint closes by
 * itself this many working days after the answer unless the citizen confirms or disputes it.
 */
function readAutoCloseWorkingDays(env: NodeJS.ProcessEnv): number {
  const value = env.COMPLAINT_AUTO_CLOSE_WORKING_DAYS?.trim();
  if (!value) return 10;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 60) throw new ConfigurationError('COMPLAINT_AUTO_CLOSE_WORKING_DAYS must be a whole number from 1 to 60');
  return days;
}
