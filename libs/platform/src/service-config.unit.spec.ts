import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, consumerGroupOf, kafkaConnectionOf, readKeyVariable, readServiceConfig } from './service-config';

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
      kafkaSasl: undefined,
      kafkaTls: undefined,
      apiDocs: false,
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
    [{ ...valid, API_DOCS: 'yes' }, 'API_DOCS must be "on" or "off"'],
    [{ ...valid, KAFKA_TLS: 'yes' }, 'KAFKA_TLS must be "true" or "false"'],
    [{ ...valid, KAFKA_TLS_CA_FILE: '/etc/ssl/ca.pem' }, 'KAFKA_TLS_CA_FILE needs KAFKA_TLS=true'],
    [{ ...valid, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: '/nonexistent/ca.pem' }, 'KAFKA_TLS_CA_FILE cannot be read'],
    [{ ...valid, KAFKA_TLS: 'true', KAFKA_SASL_USERNAME: 'permits' }, 'KAFKA_SASL_PASSWORD is required when KAFKA_SASL_USERNAME is set'],
    [{ ...valid, KAFKA_TLS: 'true', KAFKA_SASL_PASSWORD: 'secret' }, 'KAFKA_SASL_USERNAME is required when KAFKA_SASL_PASSWORD is set'],
    [{ ...valid, KAFKA_TLS: 'true', KAFKA_SASL_USERNAME: 'permits', KAFKA_SASL_PASSWORD: 's', KAFKA_SASL_MECHANISM: 'PLAIN' }, 'KAFKA_SASL_MECHANISM must be SCRAM-SHA-512 or SCRAM-SHA-256'],
    [{ ...valid, KAFKA_SASL_USERNAME: 'permits', KAFKA_SASL_PASSWORD: 'secret' }, 'KAFKA_SASL_USERNAME needs KAFKA_TLS=true'],
  ])('names the variable at fault (%#)', (env, message) => {
    expect(() => readServiceConfig('permits', env)).toThrow(message);
  });

  it('keeps the plain consumer group names unless KAFKA_CONSUMER_GROUP_SUFFIX is set (tests), and refuses a suffix Kafka could not take', () => {
    expect(consumerGroupOf(readServiceConfig('complaints', valid), 'complaints.permit-outcomes')).toBe('complaints.permit-outcomes');
    const suffixed = readServiceConfig('complaints', { ...valid, KAFKA_CONSUMER_GROUP_SUFFIX: 'complaints_3f2a' });
    expect(consumerGroupOf(suffixed, 'complaints.permit-outcomes')).toBe('complaints.permit-outcomes.complaints_3f2a');
    expect(() => readServiceConfig('complaints', { ...valid, KAFKA_CONSUMER_GROUP_SUFFIX: 'a b' })).toThrow(/KAFKA_CONSUMER_GROUP_SUFFIX/);
  });

  it('reads the listeners\' address, the documented token issuer, topic replication and the calendar settings, each left unset when its variables are', () => {
    expect(readServiceConfig('permits', valid)).toMatchObject({ host: undefined, tokenIssuerUrl: undefined, topicReplication: undefined, calendar: undefined });
    expect(readServiceConfig('permits', { ...valid, HOST: '0.0.0.0', GATEWAY_ISSUER: 'https://api.palembang.go.id' })).toMatchObject({ host: '0.0.0.0', tokenIssuerUrl: 'https://api.palembang.go.id' });
    expect(readServiceConfig('permits', { ...valid, GATEWAY_URL: 'http://gateway:3000', GATEWAY_ISSUER: 'https://api.palembang.go.id' }).tokenIssuerUrl).toBe('http://gateway:3000');
    expect(readServiceConfig('permits', { ...valid, TOPIC_REPLICATION_FACTOR: '3' }).topicReplication).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(() => readServiceConfig('permits', { ...valid, TOPIC_REPLICATION_FACTOR: '1', TOPIC_MIN_INSYNC_REPLICAS: '2' })).toThrow(ConfigurationError);
    expect(readServiceConfig('permits', { ...valid, CALENDAR_REFRESH_MS: '200' }).calendar).toEqual({ refreshMs: 200, settleMs: 30_000, nextYearAlertFrom: '10-01' });
    expect(() => readServiceConfig('permits', { ...valid, CALENDAR_ALERT_FROM: '13-01' })).toThrow('CALENDAR_ALERT_FROM must be a month and day');
  });

  it('serves the Swagger UI only with API_DOCS=on', () => {
    expect(readServiceConfig('permits', valid).apiDocs).toBe(false);
    expect(readServiceConfig('permits', { ...valid, API_DOCS: 'off' }).apiDocs).toBe(false);
    expect(readServiceConfig('permits', { ...valid, API_DOCS: 'on' }).apiDocs).toBe(true);
  });

  it("connects to Kafka as the service's own SCRAM-SHA-512 user over TLS, trusting the CA file", () => {
    const caFile = join(mkdtempSync(join(tmpdir(), 'kafka-ca-')), 'ca.pem');
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(caFile, pem);
    const config = readServiceConfig('permits', { ...valid, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: caFile, KAFKA_SASL_USERNAME: 'permits', KAFKA_SASL_PASSWORD: 'pw' });
    expect(kafkaConnectionOf(config, 'relay')).toEqual({
      brokers: ['127.0.0.1:9092', '127.0.0.1:9093'],
      clientId: 'permits-relay',
      sasl: { mechanism: 'scram-sha-512', username: 'permits', password: 'pw' },
      tls: { ca: pem },
    });
    const withSystemCas = readServiceConfig('permits', { ...valid, KAFKA_TLS: 'true', KAFKA_SASL_USERNAME: 'permits', KAFKA_SASL_PASSWORD: 'pw', KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256' });
    expect(kafkaConnectionOf(withSystemCas, 'health')).toMatchObject({ sasl: { mechanism: 'scram-sha-256' }, tls: { ca: undefined } });
  });

  it('keeps PLAINTEXT without any Kafka security variable (the local broker on loopback)', () => {
    expect(kafkaConnectionOf(readServiceConfig('permits', valid), 'relay')).toEqual({ brokers: ['127.0.0.1:9092', '127.0.0.1:9093'], clientId: 'permits-relay', sasl: undefined, tls: undefined });
  });

  it('reads a key variable with the parser of its format, naming the variable when it is missing or malformed', () => {
    const key = Buffer.alloc(32, 7);
    const parse = (value: string) => {
      const bytes = Buffer.from(value, 'base64');
      if (bytes.length !== 32) throw new Error('not 32 bytes');
      return bytes;
    };
    expect(readKeyVariable('PERSONAL_DATA_KEY', parse, '32 random bytes, base64-encoded', { PERSONAL_DATA_KEY: key.toString('base64') })).toEqual(key);
    expect(() => readKeyVariable('PERSONAL_DATA_KEY', parse, '32 random bytes, base64-encoded', {})).toThrow(new ConfigurationError('PERSONAL_DATA_KEY is required but not set'));
    expect(() => readKeyVariable('PERSONAL_DATA_KEY', parse, '32 random bytes, base64-encoded', { PERSONAL_DATA_KEY: 'c2hvcnQ=' })).toThrow(
      new ConfigurationError('PERSONAL_DATA_KEY must be 32 random bytes, base64-encoded'),
    );
  });
});
