import { ConfigurationError } from '@palembang/platform';
import { readAccountabilityConfig, readAccountabilitySettings, readRebuildConfig } from './accountability-settings';

describe('the accountability settings', () => {
  const defaultRanking = { weights: { permits: 1, complaints: 1, backlog: 1, satisfaction: 1, training: 1 }, minimumCases: 10, minimumCoverage: 0.4 };

  it('default to a threshold of 0.8, five cases, the group accountability.metrics, 30 s of caching and a ranking on 10 cases and 0.4 coverage', () => {
    expect(readAccountabilitySettings({})).toEqual({ alertPolicy: { threshold: 0.8, minimumDecidedCases: 5 }, consumerGroup: 'accountability.metrics', maxAgeSeconds: 30, rankingRules: defaultRanking });
  });

  it('read ALERT_SHARE_THRESHOLD, ALERT_MIN_CASES, ACCOUNTABILITY_CONSUMER_GROUP, METRICS_MAX_AGE_SECONDS, RANKING_MIN_CASES and RANKING_MIN_COVERAGE', () => {
    const env = { ALERT_SHARE_THRESHOLD: '0.9', ALERT_MIN_CASES: '10', ACCOUNTABILITY_CONSUMER_GROUP: 'accountability.blue', METRICS_MAX_AGE_SECONDS: '0', RANKING_MIN_CASES: '30', RANKING_MIN_COVERAGE: '0.6' };
    expect(readAccountabilitySettings(env)).toEqual({
      alertPolicy: { threshold: 0.9, minimumDecidedCases: 10 }, consumerGroup: 'accountability.blue', maxAgeSeconds: 0, rankingRules: { ...defaultRanking, minimumCases: 30, minimumCoverage: 0.6 },
    });
  });

  it.each([
    ['ALERT_SHARE_THRESHOLD', '0'],
    ['ALERT_SHARE_THRESHOLD', '80'],
    ['ALERT_SHARE_THRESHOLD', 'eighty'],
    ['ALERT_MIN_CASES', '0'],
    ['ALERT_MIN_CASES', '2.5'],
    ['METRICS_MAX_AGE_SECONDS', '-1'],
    ['ACCOUNTABILITY_CONSUMER_GROUP', 'a group'],
    ['RANKING_MIN_CASES', '0'],
    ['RANKING_MIN_CASES', '2.5'],
    ['RANKING_MIN_COVERAGE', '0'],
    ['RANKING_MIN_COVERAGE', '1.5'],
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
