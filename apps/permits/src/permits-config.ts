import { DeadlineServiceConfig, readDeadlineServiceConfig } from '@palembang/platform';

/** What the permits service reads from its environment beside ServiceConfig: read here, once, at start-up. */
export type PermitsConfig = DeadlineServiceConfig;

/** A missing or invalid setting is a ConfigurationError (exit 78). */
export function readPermitsConfig(env: NodeJS.ProcessEnv = process.env): PermitsConfig {
  return readDeadlineServiceConfig(env);
}
