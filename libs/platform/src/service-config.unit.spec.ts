import { readServiceConfig } from './service-config';

const valid = { PORT: '3001', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/permits', KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093' };

describe('readServiceConfig', () => {
  it('reads a valid configuration', () => {
    expect(readServiceConfig('permits', valid)).toEqual({
      serviceName: 'permits',
      port: 3001,
      databaseUrl: valid.DATABASE_URL,
      kafkaBrokers: ['127.0.0.1:9092', '127.0.0.1:9093'],
      metricsPort: undefined,
      migrations: 'verify',
    });
  });

  it('serves metrics on METRICS_PORT and runs migrations at start only when MIGRATIONS=run', () => {
    expect(readServiceConfig('permits', { ...valid, METRICS_PORT: '9464', MIGRATIONS: 'run' })).toMatchObject({ metricsPort: 9464, migrations: 'run' });
  });

  it.each([
    [{ ...valid, PORT: undefined }, 'PORT is required but not set'],
    [{ ...valid, PORT: '70000' }, 'PORT must be a TCP port'],
    [{ ...valid, DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL must start with postgres:'],
    [{ ...valid, DATABASE_URL: 'not a url' }, 'DATABASE_URL is not a valid URL'],
    [{ ...valid, KAFKA_BROKERS: ' ' }, 'KAFKA_BROKERS is required but not set'],
    [{ ...valid, KAFKA_BROKERS: 'localhost' }, 'KAFKA_BROKERS must list host:port pairs'],
    [{ ...valid, METRICS_PORT: 'metrics' }, 'METRICS_PORT must be a TCP port'],
    [{ ...valid, MIGRATIONS: 'yes' }, 'MIGRATIONS must be "run" or unset'],
  ])('names the variable at fault (%#)', (env, message) => {
    expect(() => readServiceConfig('permits', env)).toThrow(message);
  });
});
