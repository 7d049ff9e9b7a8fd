/**
 * When a failed delivery is tried again: exponential backoff from `firstRetryMs`, doubling to
 * `maxDelayMs`, with up to a fifth of jitter (so the deliveries of an endpoint that came back do
 * not all arrive in one burst), for `giveUpAfterMs` after the delivery's first attempt; after
 * that it is failed.
 */
export type RetryPolicy = Readonly<{ firstRetryMs: number; maxDelayMs: number; giveUpAfterMs: number }>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = { firstRetryMs: 5_000, maxDelayMs: 60 * 60 * 1000, giveUpAfterMs: 24 * 60 * 60 * 1000 };

export type RetryDecision = Readonly<{ retry: true; at: Date } | { retry: false }>;

/** `attempts` counts the attempts made so far (1 after the first failed); `jitter` is a number in [0, 1). */
export function nextAttempt(policy: RetryPolicy, attempts: number, firstAttemptAt: Date, failedAt: Date, jitter: number): RetryDecision {
  const exponent = Math.min(Math.max(attempts - 1, 0), 40);
  const base = Math.min(policy.firstRetryMs * 2 ** exponent, policy.maxDelayMs);
  const delay = Math.round(base * (1 + 0.2 * jitter));
  const at = new Date(failedAt.getTime() + delay);
  if (at.getTime() - firstAttemptAt.getTime() > policy.giveUpAfterMs) return { retry: false };
  return { retry: true, at };
}
