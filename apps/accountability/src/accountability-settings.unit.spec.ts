import { ConfigurationError } from '@palembang/platform';
import { readAccountabilityConfig, readAccountabilitySettings, readRebuildConfig } from './accountability-settings';

describe('the accountability settings', () => {
  it('default to a threshold of 0.8, five cases, the group accountability.metrics and 30 s of caching', () => {
    expect(readAccountabilitySettings({})).toEqual({ alertPolicy: { threshold: 0.8, minimumDecidedCases: 5 }, consumerGroup: 'accountability.metrics', maxAgeSeconds: 30 });
  });

  it('read ALERT_SHARE_THRESHOLD, ALERT_MIN_CASES, ACCOUNTABILITY_CONSUMER_GROUP and METRICS_MAX_AGE_SECONDS', () => {
    const env = { ALERT_SHARE_THRESHOLD: '0.9', ALERT_MIN_CASES: '10', ACCOUNTABILITY_CONSUMER_GROUP: 'accountability.blue', METRICS_MAX_AGE_SECONDS: '0' };
    expect(readAccountabilitySettings(env)).toEqual({ alertPolicy: { threshold: 0.9, minimumDecidedCases: 10 }, consumerGroup: 'accountability.blue', maxAgeSeconds: 0 });
  });

  it.each([
    ['ALERT_SHARE_THRESHOLD', '0'],
    ['ALERT_SHARE_THRESHOLD', '80'],
    ['ALERT_SHARE_THRESHOLD', 'eighty'],
    ['ALERT_MIN_CASES', '0'],
    ['ALERT_MIN_CASES', '2.5'],
    ['METRICS_MAX_AGE_SECONDS', '-1'],
    ['ACCOUNTABILITY_CONSUMER_GROUP', 'a group'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => readAccountabilitySettings({ [name]: value })).toThrow(ConfigurationError);
    expect(() => readAccountabilitySettings({ [name]: value })).toThrow(name);
  });
});

describe('the accountability configuration', () => {
  const env = { GATEWAY_URL: 'http://gateway:3000/', ALERT_MIN_CASES: '7' };

  it('reads the gateway, the clock and the settings from one environment', () => {
    const config = readAccountabilityConfig(env);
    expect(config.gatewayAuth).toMatchObject({ gatewayUrl: 'http://gateway:3000/', jwksUrl: 'http://gateway:3000/.well-known/jwks.json', issuer: 'http://gateway:3000/' });
    expect(config.settings.alertPolicy).toEqual({ threshold: 0.8, minimumDecidedCases: 7 });
    expect(Date.parse(config.clock())).not.toBeNaN();
    expect(config.calendarEnv).toBe(env);
  });

  it.each([
    ['GATEWAY_URL', {}],
    ['CLOCK_OFFSET_SECONDS', { ...env, CLOCK_OFFSET_SECONDS: '60' }],
    ['ALERT_MIN_CASES', { ...env, ALERT_MIN_CASES: '0' }],
  ])('refuses a bad %s, naming it', (name, bad) => {
    expect(() => readAccountabilityConfig(bad)).toThrow(ConfigurationError);
    expect(() => readAccountabilityConfig(bad)).toThrow(name);
  });

  it('lets the rebuild command run without PORT, and still needs DATABASE_URL and KAFKA_BROKERS', () => {
    const config = readRebuildConfig({ DATABASE_URL: 'postgres://u:p@db:5432/accountability', KAFKA_BROKERS: 'kafka:9092' });
    expect(config).toMatchObject({ serviceName: 'accountability', port: 1, databaseUrl: 'postgres://u:p@db:5432/accountability', kafkaBrokers: ['kafka:9092'] });
    expect(() => readRebuildConfig({ KAFKA_BROKERS: 'kafka:9092' })).toThrow('DATABASE_URL');
    expect(() => readRebuildConfig({ DATABASE_URL: 'postgres://u:p@db:5432/accountability' })).toThrow('KAFKA_BROKERS');
  });
});
