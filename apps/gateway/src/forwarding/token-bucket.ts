/** The answer of a rate limiter: go ahead, or wait this many seconds. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type Bucket = { tokens: number; updatedAt: number };

/** A bucket's size and how fast it refills; `perMinute` alone means a minute's worth of calls at once. */
export type BucketLimit = number | { capacity: number; refillPerMinute: number };

/**
 * Token buckets per key (a client, an address), in this process's memory: each
 * holds up to `capacity` tokens and refills at `refillPerMinute / 60` per
 * second. Several gateway instances each keep their own buckets, so the
 * platform-wide limit is the per-instance limit times the number of instances.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly refillPerMs: number;

  constructor(
    limit: BucketLimit,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {
    this.capacity = typeof limit === 'number' ? limit : limit.capacity;
    this.refillPerMs = (typeof limit === 'number' ? limit : limit.refillPerMinute) / 60_000;
  }

  take(key: string): RateDecision {
    const now = this.now();
    const bucket = this.refill(this.buckets.get(key), now);
    if (bucket.tokens >= 1) {
      this.remember(key, { tokens: bucket.tokens - 1, updatedAt: now });
      return { allowed: true };
    }
    this.remember(key, bucket);
    return { allowed: false, retryAfterSeconds: this.secondsUntilToken(bucket) };
  }

  /** Whether a token is there, taking none. */
  peek(key: string): RateDecision {
    const bucket = this.refill(this.buckets.get(key), this.now());
    return bucket.tokens >= 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: this.secondsUntilToken(bucket) };
  }

  /** Gives back a token taken for something that turned out not to count (a successful login). */
  giveBack(key: string): void {
    const held = this.buckets.get(key);
    if (held === undefined) return;
    const bucket = this.refill(held, this.now());
    this.remember(key, { tokens: Math.min(this.capacity, bucket.tokens + 1), updatedAt: bucket.updatedAt });
  }

  private secondsUntilToken(bucket: Bucket): number {
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000));
  }

  private refill(bucket: Bucket | undefined, now: number): Bucket {
    if (bucket === undefined) return { tokens: this.capacity, updatedAt: now };
    return { tokens: Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs), updatedAt: now };
  }

  /**
   * Keeps memory bounded: a full bucket is the same as no bucket, so those go
   * first when there are too many; if that is not enough (many keys, each
   * partly spent: one caller trying many client ids), the least recently
   * touched go, down to nine tenths of the bound so the sweep is not run on
   * every call.
   */
  private remember(key: string, bucket: Bucket): void {
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size <= this.maxKeys) return;
    const now = this.now();
    for (const [id, held] of this.buckets) {
      if (this.refill(held, now).tokens >= this.capacity) this.buckets.delete(id);
    }
    const target = Math.floor(this.maxKeys * 0.9);
    for (const id of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(id);
    }
  }
}
