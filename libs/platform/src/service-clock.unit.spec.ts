import { serviceClock } from './service-clock';
import { ConfigurationError } from './service-config';

describe('the service clock', () => {
  it("is the machine's clock unless CLOCK_OFFSET_SECONDS shifts it, which only a test run (ALLOW_CLOCK_OFFSET=test) may do", () => {
    expect(Math.abs(Date.parse(serviceClock({})()) - Date.now())).toBeLessThan(1000);
    const shifted = serviceClock({ CLOCK_OFFSET_SECONDS: '86400', ALLOW_CLOCK_OFFSET: 'test' });
    expect(Math.abs(Date.parse(shifted()) - Date.now() - 86_400_000)).toBeLessThan(1000);
  });

  it('refuses an offset without the explicit test flag, whatever NODE_ENV says', () => {
    expect(() => serviceClock({ CLOCK_OFFSET_SECONDS: '86400' })).toThrow('CLOCK_OFFSET_SECONDS is refused unless ALLOW_CLOCK_OFFSET=test');
    expect(() => serviceClock({ CLOCK_OFFSET_SECONDS: '86400', NODE_ENV: 'development' })).toThrow(ConfigurationError);
    expect(() => serviceClock({ CLOCK_OFFSET_SECONDS: '86400', ALLOW_CLOCK_OFFSET: 'yes' })).toThrow('ALLOW_CLOCK_OFFSET');
  });

  it('refuses a bad offset, and any offset in production even with the flag', () => {
    expect(() => serviceClock({ CLOCK_OFFSET_SECONDS: 'soon', ALLOW_CLOCK_OFFSET: 'test' })).toThrow(ConfigurationError);
    expect(() => serviceClock({ CLOCK_OFFSET_SECONDS: '-5', ALLOW_CLOCK_OFFSET: 'test' })).toThrow('CLOCK_OFFSET_SECONDS');
    expect(() => serviceClock({ CLOCK_OFFSET_SECONDS: '60', ALLOW_CLOCK_OFFSET: 'test', NODE_ENV: 'production' })).toThrow('refused when NODE_ENV is production');
  });
});
