import { readDeadlineServiceConfig } from './deadline-service-config';
import { ConfigurationError } from './service-config';

const base = { GATEWAY_URL: 'http://gateway:3000' };

describe('the settings of a service that keeps working-day deadlines', () => {
  it('sweeps every minute unless told otherwise, and 0 turns the sweep off', () => {
    expect(readDeadlineServiceConfig(base).deadlineCheckIntervalMs).toBe(60_000);
    expect(readDeadlineServiceConfig({ ...base, DEADLINE_CHECK_INTERVAL_MS: '0' }).deadlineCheckIntervalMs).toBe(0);
    expect(readDeadlineServiceConfig({ ...base, DEADLINE_CHECK_INTERVAL_MS: ' 5000 ' }).deadlineCheckIntervalMs).toBe(5_000);
  });

  it.each(['soon', '1.5', '-1', '50', String(25 * 3600_000)])('refuses DEADLINE_CHECK_INTERVAL_MS=%s at start instead of sweeping never or always', (value) => {
    expect(() => readDeadlineServiceConfig({ ...base, DEADLINE_CHECK_INTERVAL_MS: value })).toThrow(ConfigurationError);
  });

  it('needs the gateway whose tokens it accepts', () => {
    expect(() => readDeadlineServiceConfig({})).toThrow(/GATEWAY_URL/);
    expect(readDeadlineServiceConfig(base).auth.issuer).toBe('http://gateway:3000');
  });
});
