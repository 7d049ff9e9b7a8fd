import { ComplaintCategoryCatalogue } from '@palembang/complaints-domain';
import { ConfigurationError, DeadlineServiceConfig, readDeadlineServiceConfig } from '@palembang/platform';
import { readComplaintCategories } from './complaints/complaint-categories-config';

/** What the complaints service reads from its environment beside ServiceConfig: read here, once, at start-up. */
export type ComplaintsConfig = DeadlineServiceConfig &
  Readonly<{
    /** COMPLAINT_CATEGORIES_FILE: the categories and their agencies (Palembang's by default). */
    categories: ComplaintCategoryCatalogue;
    /** COMPLAINT_AUTO_CLOSE_WORKING_DAYS (default 10). */
    autoCloseWorkingDays: number;
  }>;

/** A missing or invalid setting is a ConfigurationError (exit 78). */
export function readComplaintsConfig(env: NodeJS.ProcessEnv = process.env): ComplaintsConfig {
  return { ...readDeadlineServiceConfig(env), categories: readComplaintCategories(env), autoCloseWorkingDays: readAutoCloseWorkingDays(env) };
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
