import { ConfigurationError } from '@palembang/platform';
import { readAccountabilitySettings } from './accountability-settings';

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
