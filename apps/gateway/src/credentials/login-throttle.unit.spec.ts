import { addressKey, FAILURES_PER_ADDRESS, FAILURES_PER_CLIENT, LoginThrottle } from './login-throttle';

describe('failed-login limits', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('refuses a client id after its allowance of failures, from any address, and says when to retry', () => {
    const throttle = new LoginThrottle(clock);
    for (let guess = 0; guess < FAILURES_PER_CLIENT.capacity; guess++) expect(throttle.begin({ clientId: 'portal', address: `198.51.100.${guess}` }).allowed).toBe(true);
    expect(throttle.begin({ clientId: 'portal', address: '203.0.113.9' })).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(throttle.begin({ clientId: 'other', address: '203.0.113.9' }).allowed).toBe(true);
  });

  it('refuses an address after its allowance of failures, whatever client id it names', () => {
    const throttle = new LoginThrottle(clock);
    for (let guess = 0; guess < FAILURES_PER_ADDRESS.capacity; guess++) expect(throttle.begin({ clientId: `client-${guess}`, address: '198.51.100.7' }).allowed).toBe(true);
    expect(throttle.begin({ clientId: 'fresh', address: '198.51.100.7' })).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(throttle.begin({ clientId: 'fresh', address: '198.51.100.8' }).allowed).toBe(true);
  });

  it('does not count successful logins', () => {
    const throttle = new LoginThrottle(clock);
    for (let login = 0; login < 100; login++) {
      const attempt = { clientId: 'portal', address: '198.51.100.7' };
      expect(throttle.begin(attempt).allowed).toBe(true);
      throttle.succeeded(attempt);
    }
  });

  it('keeps letting a client in from an address it logged in from, while a guesser elsewhere has locked its id', () => {
    const throttle = new LoginThrottle(clock);
    const home = { clientId: 'portal', address: '198.51.100.7' };
    expect(throttle.begin(home).allowed).toBe(true);
    throttle.succeeded(home);
    for (let guess = 0; guess < FAILURES_PER_CLIENT.capacity; guess++) throttle.begin({ clientId: 'portal', address: '203.0.113.9' });
    expect(throttle.begin({ clientId: 'portal', address: '203.0.113.10' }).allowed).toBe(false);
    expect(throttle.begin(home).allowed).toBe(true);
    now += 25 * 60 * 60_000;
    for (let guess = 0; guess < FAILURES_PER_CLIENT.capacity; guess++) throttle.begin({ clientId: 'portal', address: `203.0.113.${20 + guess}` });
    expect(throttle.begin(home).allowed).toBe(false);
  });

  it('counts an IPv6 /64 as one address, and an IPv4-mapped address as its IPv4 address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:0db8:0001:0002:ffff:1:2:3'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:198.51.100.7')).toBe(addressKey('198.51.100.7'));
  });
});
