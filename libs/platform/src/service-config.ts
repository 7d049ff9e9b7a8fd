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
}

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
  };
}

function readMigrationsMode(env: NodeJS.ProcessEnv): 'run' | 'verify' {
  const value = env.MIGRATIONS?.trim();
  if (!value) return 'verify';
  if (value === 'run') return 'run';
  throw new ConfigurationError('MIGRATIONS must be "run" or unset (then run the migrate command before starting)');
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
