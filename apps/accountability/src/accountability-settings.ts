import { AlertPolicy, DEFAULT_ALERT_POLICY, DEFAULT_RANKING_RULES, RankingRules } from '@palembang/accountability-domain';
import { ConfigurationError, GatewayAuthConfig, readGatewayAuthConfig, readServiceConfig, ServiceConfig, serviceClock } from '@palembang/platform';
import type { Clock } from '@palembang/working-days';

export const ACCOUNTABILITY_SETTINGS = Symbol('ACCOUNTABILITY_SETTINGS');

export type AccountabilitySettings = Readonly<{
  alertPolicy: AlertPolicy;
  /** The Kafka consumer group of the projection (one group for the three domain topics). */
  consumerGroup: string;
  /** Cache-Control max-age of the metrics answers, seconds. */
  maxAgeSeconds: number;
  /** The ranking's minimum cases per component and minimum coverage (weights are the defaults). */
  rankingRules: RankingRules;
}>;

/**
 * Everything the accountability service takes from its environment, read here
 * and nowhere else (the platform's bootstrap reads the ServiceConfig of the
 * running service itself).
 */
export type AccountabilityConfig = Readonly<{
  /** CLOCK_OFFSET_SECONDS with ALLOW_CLOCK_OFFSET=test (see serviceClock); the machine's clock when unset. */
  clock: Clock;
  /** GATEWAY_URL (required) and GATEWAY_ISSUER: how the gateway's tokens are verified. */
  gatewayAuth: GatewayAuthConfig;
  settings: AccountabilitySettings;
  /** The working-day calendar's own variables (CALENDAR_REFRESH_MS, CALENDAR_SETTLE_MS, CALENDAR_ALERT_FROM), which its module reads. */
  calendarEnv: NodeJS.ProcessEnv;
}>;

/** Reads and checks the service's configuration; a bad variable is a ConfigurationError naming it (exit 78). */
export function readAccountabilityConfig(env: NodeJS.ProcessEnv = process.env): AccountabilityConfig {
  const clock = serviceClock(env);
  const gatewayAuth = readGatewayAuthConfig(env);
  return { clock, gatewayAuth, settings: readAccountabilitySettings(env), calendarEnv: env };
}

/** The `rebuild` command's configuration: DATABASE_URL and KAFKA_BROKERS (and Kafka's security); PORT is not used. */
export function readRebuildConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return readServiceConfig('accountability', { ...env, PORT: env.PORT?.trim() || '1' });
}

/** The inbox name of the live projection; a rebuild compares its own inbox with it. */
export const LIVE_CONSUMER = 'accountability.metrics';

/**
 * ALERT_SHARE_THRESHOLD (default 0.8): a month alerts when its share within standard is below this.
 * ALERT_MIN_CASES (default 5): fewer decided cases in the month never alert.
 * ACCOUNTABILITY_CONSUMER_GROUP (default accountability.metrics): the Kafka consumer group.
 * METRICS_MAX_AGE_SECONDS (default 30): Cache-Control max-age of the metric answers.
 * RANKING_MIN_CASES (default 10): a ranking component with fewer cases is not scored.
 * RANKING_MIN_COVERAGE (default 0.4): an agency whose scored components hold a smaller share of the weights is not ranked.
 */
export function readAccountabilitySettings(env: NodeJS.ProcessEnv): AccountabilitySettings {
  const threshold = readNumber(env, 'ALERT_SHARE_THRESHOLD', DEFAULT_ALERT_POLICY.threshold);
  if (!(threshold > 0 && threshold <= 1)) throw new ConfigurationError('ALERT_SHARE_THRESHOLD must be a fraction greater than 0 and at most 1');
  const minimumDecidedCases = readNumber(env, 'ALERT_MIN_CASES', DEFAULT_ALERT_POLICY.minimumDecidedCases);
  if (!Number.isInteger(minimumDecidedCases) || minimumDecidedCases < 1 || minimumDecidedCases > 100_000) throw new ConfigurationError('ALERT_MIN_CASES must be a whole number from 1');
  const maxAgeSeconds = readNumber(env, 'METRICS_MAX_AGE_SECONDS', 30);
  if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 0 || maxAgeSeconds > 3600) throw new ConfigurationError('METRICS_MAX_AGE_SECONDS must be a whole number from 0 to 3600');
  const consumerGroup = env.ACCOUNTABILITY_CONSUMER_GROUP?.trim() || LIVE_CONSUMER;
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(consumerGroup)) throw new ConfigurationError('ACCOUNTABILITY_CONSUMER_GROUP may hold letters, digits, ".", "_" and "-" only');
  return { alertPolicy: { threshold, minimumDecidedCases }, consumerGroup, maxAgeSeconds, rankingRules: readRankingRules(env) };
}

function readRankingRules(env: NodeJS.ProcessEnv): RankingRules {
  const minimumCases = readNumber(env, 'RANKING_MIN_CASES', DEFAULT_RANKING_RULES.minimumCases);
  if (!Number.isInteger(minimumCases) || minimumCases < 1 || minimumCases > 100_000) throw new ConfigurationError('RANKING_MIN_CASES must be a whole number from 1 to 100000');
  const minimumCoverage = readNumber(env, 'RANKING_MIN_COVERAGE', DEFAULT_RANKING_RULES.minimumCoverage);
  if (!(minimumCoverage > 0 && minimumCoverage <= 1)) throw new ConfigurationError('RANKING_MIN_COVERAGE must be a fraction greater than 0 and at most 1');
  return { ...DEFAULT_RANKING_RULES, minimumCases, minimumCoverage };
}

function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (!value) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new ConfigurationError(`${name} must be a number`);
  return number;
}
