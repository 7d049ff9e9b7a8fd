/** Configuration every service reads at start-up. */
export interface ServiceConfig {
  serviceName: string;
  port: number;
  databaseUrl: string;
  kafkaBrokers: string[];
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
  };
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
