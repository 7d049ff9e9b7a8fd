import { Clock, offsetClock, systemClock } from '@palembang/working-days';
import { ConfigurationError } from './service-config';

/**
 * The clock a service decides with: the machine's, or, with CLOCK_OFFSET_SECONDS,
 * the machine's shifted into the future. The offset exists to rehearse deadlines
 * passing on real processes (the end-to-end tests run deadline watchers a month
 * ahead). A shifted clock decides deadlines (deemed approvals, breaches) early,
 * so it takes an explicit opt-in, ALLOW_CLOCK_OFFSET=test, which no deployment
 * sets; a forgotten NODE_ENV does not let it through. It is refused in
 * production even with the flag. `env` is the one the service's configuration reader passes in.
 */
export function serviceClock(env: NodeJS.ProcessEnv): Clock {
  const value = env.CLOCK_OFFSET_SECONDS?.trim();
  if (!value) return systemClock;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 400 * 24 * 3600) throw new ConfigurationError('CLOCK_OFFSET_SECONDS must be a whole number of seconds from 0 to 400 days');
  if (env.ALLOW_CLOCK_OFFSET !== 'test') throw new ConfigurationError('CLOCK_OFFSET_SECONDS is refused unless ALLOW_CLOCK_OFFSET=test (tests and drills only)');
  if (env.NODE_ENV === 'production') throw new ConfigurationError('CLOCK_OFFSET_SECONDS is for tests and drills only; it is refused when NODE_ENV is production');
  return offsetClock(seconds * 1000);
}
