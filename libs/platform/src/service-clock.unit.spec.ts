import { serviceClock } from './service-clock';
import { ConfigurationError } from './service-config';

describe('the service clock', () => {
  it("is the machine's clock unless CLOCK_OFFSET_SECONDS shifts it", () => {
    expect(Math.abs(Date.parse(serviceClock({})()) - Date.now())).toBeLessThan(1000);
    expect(Math.abs(Date.parse(serviceClock({ CLOCK_OFFSET_SECONDS: '86400' })()) - Date.now() - 86_400_000)).toBeLessThan(1000);
  });

  it('refuses a bad offset, and any offset in production', () => {
    expect(() => serviceClock({ CLOCK_OFFSET_SECONDS: 'soon' })).toThrow(ConfigurationError);
    expect(() => serviceClock({ CLOCK_OFFSET_SECONDS: '-5' })).toThrow('CLOCK_OFFSET_SECONDS');
    expect(() => serviceClock({ CLOCK_OFFSET_SECONDS: '60', NODE_ENV: 'production' })).toThrow('refused when NODE_ENV is production');
  });
});
