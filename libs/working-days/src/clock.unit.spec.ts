import { fixedClock, offsetClock, systemClock } from './clock';

describe('clocks', () => {
  it('a fixed clock always tells the same instant', () => {
    const clock = fixedClock('2026-03-02T09:00:00+07:00');
    expect(clock()).toBe('2026-03-02T09:00:00+07:00');
    expect(clock()).toBe('2026-03-02T09:00:00+07:00');
  });

  it('a fixed clock refuses something that is not an instant', () => {
    expect(() => fixedClock('soon')).toThrow(RangeError);
  });

  it('the system clock tells an ISO instant in UTC', () => {
    expect(systemClock()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});

describe('an offset clock', () => {
  it('runs with the machine, shifted by the offset', () => {
    const thirtyDays = 30 * 24 * 3600 * 1000;
    const shifted = Date.parse(offsetClock(thirtyDays)());
    expect(Math.abs(shifted - Date.now() - thirtyDays)).toBeLessThan(1000);
  });
});
