import { DEFAULT_RETRY_POLICY, nextAttempt } from './retry-schedule';

describe('the retry schedule', () => {
  const first = new Date('2026-12-05T00:00:00Z');
  const after = (ms: number) => new Date(first.getTime() + ms);

  it('doubles the wait from the first retry, without jitter', () => {
    const waits = [1, 2, 3, 4].map((attempts) => {
      const decision = nextAttempt(DEFAULT_RETRY_POLICY, attempts, first, first, 0);
      return decision.retry ? decision.at.getTime() - first.getTime() : -1;
    });
    expect(waits).toEqual([5_000, 10_000, 20_000, 40_000]);
  });

  it('never waits longer than the maximum plus a fifth of jitter', () => {
    const decision = nextAttempt(DEFAULT_RETRY_POLICY, 30, first, first, 0.999);
    expect(decision.retry && decision.at.getTime() - first.getTime()).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxDelayMs * 1.2);
    expect(decision.retry && decision.at.getTime() - first.getTime()).toBeGreaterThan(DEFAULT_RETRY_POLICY.maxDelayMs);
  });

  it('gives up once the next attempt would fall more than 24 hours after the first', () => {
    expect(nextAttempt(DEFAULT_RETRY_POLICY, 20, first, after(23.5 * 3600_000), 0).retry).toBe(false);
    expect(nextAttempt(DEFAULT_RETRY_POLICY, 20, first, after(22 * 3600_000), 0).retry).toBe(true);
  });

  it('keeps trying through a day: about 30 attempts with the defaults before it gives up', () => {
    let attempts = 1;
    let at = first;
    for (;;) {
      const decision = nextAttempt(DEFAULT_RETRY_POLICY, attempts, first, at, 0);
      if (!decision.retry) break;
      at = decision.at;
      attempts += 1;
    }
    expect(at.getTime() - first.getTime()).toBeGreaterThan(23 * 3600_000);
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(40);
  });
});
