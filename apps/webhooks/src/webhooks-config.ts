import { ConfigurationError, GatewayAuthConfig, readGatewayAuthConfig } from '@palembang/platform';
import { AREA_TOPICS, DEFAULT_RETRY_POLICY, RetryPolicy, WebhookArea } from '@palembang/webhooks-domain';

export const WEBHOOKS_SETTINGS = Symbol('WEBHOOKS_SETTINGS');

export type WebhooksSettings = Readonly<{
  /** WEBHOOKS_ALLOW_LOOPBACK=true (development only): plain http to loopback endpoints. */
  allowLoopback: boolean;
  /** WEBHOOKS_SECRET_KEY: AES-256-GCM key (32 bytes, base64) sealing the signing secrets at rest; unset only in local development (stored in the clear). */
  secretKey: Buffer | undefined;
  retryPolicy: RetryPolicy;
  /** The Kafka consumer group (and inbox name) writing the delivery outbox. */
  consumerGroup: string;
  /** The domain topics followed, per area (tests follow topics of their own). */
  topics: Readonly<Record<WebhookArea, string>>;
  /** How long one delivery may take before it counts as failed. */
  deliveryTimeoutMs: number;
  /** Deliveries in flight at once for one subscription (different streams), and for the whole process. */
  concurrencyPerSubscription: number;
  concurrency: number;
  /** Failed deliveries (after their 24 hours of retries) in a row that disable a subscription. */
  disableAfterFailedDeliveries: number;
  /** How often the worker looks for due deliveries when nothing woke it. */
  pollMs: number;
  /** A new consumer group starts at the end of the topics (tests on topics of their own read them from the start). */
  startAtEnd: boolean;
}>;

export type WebhooksConfig = Readonly<{ gatewayAuth: GatewayAuthConfig; settings: WebhooksSettings }>;

/**
 * WEBHOOKS_ALLOW_LOOPBACK (true|false, default false), WEBHOOKS_SECRET_KEY (base64 of 32 bytes),
 * WEBHOOKS_FIRST_RETRY_MS (default 5000) and WEBHOOKS_MAX_RETRY_DELAY_MS (default 3600000): the
 * backoff doubles from the first to the largest wait, for 24 hours.
 */
export function readWebhooksConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<WebhooksSettings> = {}): WebhooksConfig {
  const gatewayAuth = readGatewayAuthConfig(env);
  const allowLoopback = readBoolean(env, 'WEBHOOKS_ALLOW_LOOPBACK');
  const firstRetryMs = readWholeNumber(env, 'WEBHOOKS_FIRST_RETRY_MS', DEFAULT_RETRY_POLICY.firstRetryMs, 10, 3_600_000);
  const maxDelayMs = readWholeNumber(env, 'WEBHOOKS_MAX_RETRY_DELAY_MS', DEFAULT_RETRY_POLICY.maxDelayMs, firstRetryMs, 6 * 3_600_000);
  const settings: WebhooksSettings = {
    allowLoopback,
    secretKey: readSecretKey(env),
    retryPolicy: { ...DEFAULT_RETRY_POLICY, firstRetryMs, maxDelayMs },
    consumerGroup: 'webhooks.deliveries',
    topics: AREA_TOPICS,
    deliveryTimeoutMs: 10_000,
    concurrencyPerSubscription: 4,
    concurrency: 64,
    disableAfterFailedDeliveries: 5,
    pollMs: 250,
    startAtEnd: true,
    ...overrides,
  };
  return { gatewayAuth, settings };
}

function readBoolean(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name]?.trim();
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  throw new ConfigurationError(`${name} must be true or false`);
}

function readWholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = env[name]?.trim();
  if (!value) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw new ConfigurationError(`${name} must be a whole number from ${min} to ${max}`);
  return number;
}

function readSecretKey(env: NodeJS.ProcessEnv): Buffer | undefined {
  const value = env.WEBHOOKS_SECRET_KEY?.trim();
  if (!value) return undefined;
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new ConfigurationError('WEBHOOKS_SECRET_KEY must be 32 bytes, base64');
  return key;
}
