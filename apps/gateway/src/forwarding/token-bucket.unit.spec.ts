import { TokenBuckets } from './token-bucket';

describe('token buckets per client', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('allows a full minute of calls at once, then answers how long to wait for the next', () => {
    const buckets = new TokenBuckets(5, clock);
    for (let call = 0; call < 5; call++) expect(buckets.take('portal')).toEqual({ allowed: true });
    expect(buckets.take('portal')).toEqual({ allowed: false, retryAfterSeconds: 12 });
  });

  it('refills at the per-minute rate, never beyond a minute of calls', () => {
    const buckets = new TokenBuckets(60, clock);
    for (let call = 0; call < 60; call++) buckets.take('portal');
    expect(buckets.take('portal').allowed).toBe(false);
    now += 1_000;
    expect(buckets.take('portal')).toEqual({ allowed: true });
    expect(buckets.take('portal').allowed).toBe(false);
    now += 3_600_000;
    for (let call = 0; call < 60; call++) expect(buckets.take('portal').allowed).toBe(true);
    expect(buckets.take('portal').allowed).toBe(false);
  });

  it('keeps each client to its own bucket', () => {
    const buckets = new TokenBuckets(1, clock);
    expect(buckets.take('portal').allowed).toBe(true);
    expect(buckets.take('portal').allowed).toBe(false);
    expect(buckets.take('bkpsdm').allowed).toBe(true);
  });

  it('forgets full buckets when it holds too many clients', () => {
    const buckets = new TokenBuckets(2, clock, 2);
    buckets.take('a');
    buckets.take('b');
    now += 120_000;
    buckets.take('c');
    expect((buckets as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(2);
  });

  it('holds a bucket of its own size that refills at its own rate', () => {
    const buckets = new TokenBuckets({ capacity: 3, refillPerMinute: 2 }, clock);
    for (let call = 0; call < 3; call++) expect(buckets.take('guess').allowed).toBe(true);
    expect(buckets.take('guess')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    now += 30_000;
    expect(buckets.take('guess').allowed).toBe(true);
  });

  it('peeks without taking, and takes a given-back token again', () => {
    const buckets = new TokenBuckets({ capacity: 1, refillPerMinute: 1 }, clock);
    expect(buckets.peek('login')).toEqual({ allowed: true });
    expect(buckets.take('login').allowed).toBe(true);
    expect(buckets.peek('login')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    buckets.giveBack('login');
    expect(buckets.take('login').allowed).toBe(true);
  });

  it('keeps within its bound when many keys each hold a partly spent bucket (one caller trying many client ids)', () => {
    const buckets = new TokenBuckets({ capacity: 10, refillPerMinute: 1 }, clock, 100);
    for (let key = 0; key < 1_000; key++) buckets.take(`client:${key}`);
    expect((buckets as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(100);
    expect(buckets.take('client:999')).toEqual({ allowed: true });
  });
});
