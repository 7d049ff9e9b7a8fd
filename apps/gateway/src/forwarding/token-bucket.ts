/** The answer of a rate limiter: go ahead, or wait this many seconds. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type Bucket = { tokens: number; updatedAt: number };

/**
 * Token buckets per client, in this process's memory: each holds up to
 * `perMinute` calls and refills at `perMinute / 60` per second. Several
 * gateway instances each keep their own buckets, so the platform-wide limit
 * is the per-instance limit times the number of instances.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxClients = 100_000,
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  take(clientId: string): RateDecision {
    const now = this.now();
    const bucket = this.refill(this.buckets.get(clientId), now);
    if (bucket.tokens >= 1) {
      this.remember(clientId, { tokens: bucket.tokens - 1, updatedAt: now });
      return { allowed: true };
    }
    this.remember(clientId, bucket);
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000)) };
  }

  private refill(bucket: Bucket | undefined, now: number): Bucket {
    if (bucket === undefined) return { tokens: this.perMinute, updatedAt: now };
    return { tokens: Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs), updatedAt: now };
  }

  /** Keeps memory bounded: a full bucket is the same as no bucket, so those go first when there are too many. */
  private remember(clientId: string, bucket: Bucket): void {
    this.buckets.set(clientId, bucket);
    if (this.buckets.size <= this.maxClients) return;
    const now = this.now();
    for (const [id, held] of this.buckets) {
      if (this.refill(held, now).tokens >= this.perMinute) this.buckets.delete(id);
    }
  }
}
