import { readFileSync } from 'node:fs';
import { KafkaConnection, KafkaSasl, KafkaTls, TopicReplication, topicReplicationFromEnv } from '@palembang/events';

/** Configuration every service reads at start-up. */
export interface ServiceConfig {
  serviceName: string;
  port: number;
  databaseUrl: string;
  kafkaBrokers: string[];
  /**
   * METRICS_PORT: where GET /metrics is served, apart from the API port so that
   * neither the Ingress nor the gateway can reach it. Unset: no metrics listener.
   */
  metricsPort?: number;
  /**
   * At start-up, `run` applies pending migrations, `verify` refuses to start
   * while any is pending (the `migrate` command applies them). Services read it
   * from MIGRATIONS (`run`, or unset for `verify`); configurations built in
   * code (in-process tests) default to `run`.
   */
  migrations?: 'run' | 'verify';
  /**
   * The service's own Kafka user (SASL/SCRAM: KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD,
   * KAFKA_SASL_MECHANISM) and TLS (KAFKA_TLS=true, KAFKA_TLS_CA_FILE). Unset: PLAINTEXT,
   * which only the local broker on the loopback interface (npm start, npm test) uses.
   */
  kafkaSasl?: KafkaSasl;
  kafkaTls?: KafkaTls;
  /** API_DOCS=on serves the Swagger UI at /docs; the OpenAPI document (/docs-json) is always served. */
  apiDocs?: boolean;
  /**
   * KAFKA_CONSUMER_GROUP_SUFFIX: appended to every consumer group of the service. Tests run
   * many instances of a service, each on a database of its own, against one broker; with one
   * shared group an instance would take the events meant for another's database. Deployments
   * leave it unset.
   */
  consumerGroupSuffix?: string;
  /** CALENDAR_NAMESPACE: the working-day calendar streams of this platform when several share one Kafka (test runs); unset in deployments. */
  calendarNamespace?: string;
  /** HOST: the address the HTTP (and metrics) listeners bind; unset: 127.0.0.1 (DEFAULT_HOST). */
  host?: string;
  /** GATEWAY_URL, else GATEWAY_ISSUER: where the OpenAPI document says tokens come from; unset: this service's own port on 127.0.0.1. */
  tokenIssuerUrl?: string;
  /** TOPIC_REPLICATION_FACTOR and TOPIC_MIN_INSYNC_REPLICAS for the topics the service creates; unset: the brokers' defaults. */
  topicReplication?: TopicReplication;
  /** CALENDAR_REFRESH_MS, CALENDAR_SETTLE_MS, CALENDAR_ALERT_FROM: the live working-day calendar's settings; all unset: DEFAULT_CALENDAR_SETTINGS. */
  calendar?: CalendarSettings;
}

/** How the live working-day calendar (WorkingDayCalendarModule) refreshes its copy and when it warns about next year. */
export type CalendarSettings = Readonly<{ refreshMs: number; settleMs: number; nextYearAlertFrom: string }>;

export const DEFAULT_CALENDAR_SETTINGS: CalendarSettings = { refreshMs: 10_000, settleMs: 30_000, nextYearAlertFrom: '10-01' };

export const DEFAULT_HOST = '127.0.0.1';

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

/** Reads and checks the configuration; a missing or invalid variable is named in the error. */
export function readServiceConfig(serviceName: string, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return {
    serviceName,
    port: readPort(env, 'PORT'),
    databaseUrl: readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    kafkaBrokers: readBrokers(env, 'KAFKA_BROKERS'),
    metricsPort: env.METRICS_PORT?.trim() ? readPort(env, 'METRICS_PORT') : undefined,
    migrations: readMigrationsMode(env),
    ...readKafkaSecurity(env),
    apiDocs: readSwitch(env, 'API_DOCS'),
    consumerGroupSuffix: readConsumerGroupSuffix(env),
    calendarNamespace: readCalendarNamespace(env),
    host: env.HOST,
    tokenIssuerUrl: env.GATEWAY_URL ?? env.GATEWAY_ISSUER,
    topicReplication: readTopicReplication(env),
    calendar: env.CALENDAR_REFRESH_MS?.trim() || env.CALENDAR_SETTLE_MS?.trim() || env.CALENDAR_ALERT_FROM ? readCalendarSettings(env) : undefined,
  };
}

/** The calendar's settings, each variable unset taking its default. */
export function readCalendarSettings(env: NodeJS.ProcessEnv): CalendarSettings {
  return {
    refreshMs: readMs(env, 'CALENDAR_REFRESH_MS', DEFAULT_CALENDAR_SETTINGS.refreshMs),
    settleMs: readMs(env, 'CALENDAR_SETTLE_MS', DEFAULT_CALENDAR_SETTINGS.settleMs),
    nextYearAlertFrom: readMonthDay(env.CALENDAR_ALERT_FROM ?? DEFAULT_CALENDAR_SETTINGS.nextYearAlertFrom),
  };
}

function readMs(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (!value) return fallback;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > 86_400_000) throw new ConfigurationError(`${name} must be a whole number of milliseconds from 0 to 86400000`);
  return ms;
}

function readMonthDay(value: string): string {
  if (!/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value.trim())) throw new ConfigurationError('CALENDAR_ALERT_FROM must be a month and day MM-DD, such as 10-01');
  return value.trim();
}

function readTopicReplication(env: NodeJS.ProcessEnv): TopicReplication | undefined {
  if (!env.TOPIC_REPLICATION_FACTOR?.trim() && !env.TOPIC_MIN_INSYNC_REPLICAS?.trim()) return undefined;
  try {
    return topicReplicationFromEnv(env);
  } catch (error) {
    throw new ConfigurationError((error as Error).message);
  }
}

/** The Kafka consumer group named `name` of this service (with KAFKA_CONSUMER_GROUP_SUFFIX, when set). */
export function consumerGroupOf(config: ServiceConfig, name: string): string {
  return config.consumerGroupSuffix ? `${name}.${config.consumerGroupSuffix}` : name;
}

function readCalendarNamespace(env: NodeJS.ProcessEnv): string | undefined {
  const namespace = env.CALENDAR_NAMESPACE?.trim();
  if (!namespace) return undefined;
  if (!/^[a-z0-9]{1,32}$/.test(namespace)) throw new ConfigurationError('CALENDAR_NAMESPACE may hold 1-32 lower-case letters and digits only');
  return namespace;
}

function readConsumerGroupSuffix(env: NodeJS.ProcessEnv): string | undefined {
  const suffix = env.KAFKA_CONSUMER_GROUP_SUFFIX?.trim();
  if (!suffix) return undefined;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(suffix)) throw new ConfigurationError('KAFKA_CONSUMER_GROUP_SUFFIX may hold 1-64 letters, digits, "_" and "-" only');
  return suffix;
}

/** The connection a service's Kafka client of one purpose (relay, health, a consumer) uses: its own client id, the service's user and TLS. */
export function kafkaConnectionOf(config: ServiceConfig, purpose: string): KafkaConnection {
  return { brokers: config.kafkaBrokers, clientId: `${config.serviceName}-${purpose}`, sasl: config.kafkaSasl, tls: config.kafkaTls };
}

const SASL_MECHANISMS = { 'SCRAM-SHA-512': 'scram-sha-512', 'SCRAM-SHA-256': 'scram-sha-256' } as const;

/**
 * SASL credentials travel only over TLS: a user and password without KAFKA_TLS=true
 * are refused, and so is half a credential (a user without its password).
 */
function readKafkaSecurity(env: NodeJS.ProcessEnv): Pick<ServiceConfig, 'kafkaSasl' | 'kafkaTls'> {
  const tls = readBoolean(env, 'KAFKA_TLS');
  const caFile = env.KAFKA_TLS_CA_FILE?.trim();
  if (caFile && !tls) throw new ConfigurationError('KAFKA_TLS_CA_FILE needs KAFKA_TLS=true');
  const username = env.KAFKA_SASL_USERNAME?.trim();
  const password = env.KAFKA_SASL_PASSWORD;
  const mechanismName = env.KAFKA_SASL_MECHANISM?.trim() || 'SCRAM-SHA-512';
  if (!username && password) throw new ConfigurationError('KAFKA_SASL_USERNAME is required when KAFKA_SASL_PASSWORD is set');
  if (username && !password) throw new ConfigurationError('KAFKA_SASL_PASSWORD is required when KAFKA_SASL_USERNAME is set');
  if (!(mechanismName in SASL_MECHANISMS)) throw new ConfigurationError(`KAFKA_SASL_MECHANISM must be ${Object.keys(SASL_MECHANISMS).join(' or ')}`);
  if (username && !tls) throw new ConfigurationError('KAFKA_SASL_USERNAME needs KAFKA_TLS=true: SASL credentials are only sent over TLS');
  const mechanism = SASL_MECHANISMS[mechanismName as keyof typeof SASL_MECHANISMS];
  return {
    kafkaSasl: username && password ? { mechanism, username, password } : undefined,
    kafkaTls: tls ? { ca: caFile ? readCaFile(caFile) : undefined } : undefined,
  };
}

function readCaFile(path: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigurationError(`KAFKA_TLS_CA_FILE cannot be read: ${path}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigurationError(`KAFKA_TLS_CA_FILE must hold PEM certificates: ${path}`);
  return pem;
}

function readBoolean(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name]?.trim();
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  throw new ConfigurationError(`${name} must be "true" or "false"`);
}

function readSwitch(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name]?.trim();
  if (!value || value === 'off') return false;
  if (value === 'on') return true;
  throw new ConfigurationError(`${name} must be "on" or "off"`);
}

function readMigrationsMode(env: NodeJS.ProcessEnv): 'run' | 'verify' {
  const value = env.MIGRATIONS?.trim();
  if (!value) return 'verify';
  if (value === 'run') return 'run';
  throw new ConfigurationError('MIGRATIONS must be "run" or unset (then run the migrate command before starting)');
}

/** A secret key variable (EVENT_CHAIN_KEY, PERSONAL_DATA_KEY): missing or unparsable is a configuration error naming it and its format. */
export function readKeyVariable<T>(name: string, parse: (value: string) => T, format: string, env: NodeJS.ProcessEnv = process.env): T {
  const value = env[name];
  if (!value) throw new ConfigurationError(`${name} is required but not set`);
  try {
    return parse(value);
  } catch {
    throw new ConfigurationError(`${name} must be ${format}`);
  }
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigurationError(`${name} is required but not set`);
  return value;
}

function readPort(env: NodeJS.ProcessEnv, name: string): number {
  const value = Number(required(env, name));
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new ConfigurationError(`${name} must be a TCP port (1-65535)`);
  return value;
}

function readUrl(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string {
  const value = required(env, name);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(url.protocol)) throw new ConfigurationError(`${name} must start with ${protocols.join(' or ')}//`);
  return value;
}

function readBrokers(env: NodeJS.ProcessEnv, name: string): string[] {
  const brokers = required(env, name).split(',').map((broker) => broker.trim()).filter(Boolean);
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker)) throw new ConfigurationError(`${name} must list host:port pairs, got "${broker}"`);
  }
  return brokers;
}
