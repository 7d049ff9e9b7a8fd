import { DEFAULT_TOKEN_TTL_SECONDS, MAX_TOKEN_LIFETIME_SECONDS } from '@palembang/auth';
import { ConfigurationError, readInternalAssertionKey, readTokenCacheSize, ServiceConfig } from '@palembang/platform';
import type { KeyObject } from 'node:crypto';
import { parseTrustedProxies } from './forwarding/trusted-proxies';

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export const PLATFORM_AUDIENCE = 'palembang-platform';

export interface GatewayConfig {
  /** `iss` of the tokens the gateway issues: GATEWAY_ISSUER, or the gateway's own address. */
  issuer: string;
  audience: string;
  /**
   * GATEWAY_TOKEN_TTL_SECONDS (default 600, 60 to MAX_TOKEN_LIFETIME_SECONDS
   * = 3600): how long an access token lives; the gateway also refuses
   * longer-lived tokens, the services any above 3600 s.
   */
  tokenTtlSeconds: number;
  /**
   * GATEWAY_BOOTSTRAP_ADMIN_SECRET: when set and no admin client exists yet,
   * the gateway creates the client `bootstrap-admin` (agency pemkot-palembang,
   * every scope, admin and agencies:all among them) with this secret, stored hashed. It is how
   * the first administrator gets a token on a fresh installation; rotate its
   * secret through the admin API once real admin clients exist.
   */
  bootstrapAdminSecret?: string;
  /**
   * GATEWAY_KEY_ENCRYPTION_KEY (32 random bytes, base64): the private signing
   * keys are stored encrypted under it. Unset, they are stored in the clear
   * (local development); keys stored in the clear stay readable after it is set.
   */
  keyEncryptionKey?: Buffer;
  /** PERMITS_URL (required): the permits service's internal address, where the public /v1 permit routes are forwarded. */
  permitsUrl: string;
  /** COMPLAINTS_URL (required): the complaints service's internal address, for /v1 complaint and survey routes and /open311/v2. */
  complaintsUrl: string;
  /** TRAINING_URL (required): the training service, for the /v1 training routes and /xapi. */
  trainingUrl: string;
  /** ACCOUNTABILITY_URL (required): the accountability service, for /v1/metrics and the dashboard's data. */
  accountabilityUrl: string;
  /** WEBHOOKS_URL (required): the webhook service, for /v1/webhook-subscriptions. */
  webhooksUrl: string;
  /**
   * RATE_LIMIT_PER_MINUTE (default 600): calls per client and minute, as a token
   * bucket held in memory by each gateway instance; with n instances behind a
   * load balancer a client gets up to n times this.
   */
  rateLimitPerMinute: number;
  /**
   * GATEWAY_AUDIT_RETENTION_DAYS (default 365, 1-36500): how long the call
   * audit is kept; older rows are deleted hourly. Set it to the city's
   * records-retention rule.
   */
  auditRetentionDays: number;
  /**
   * GATEWAY_TRUSTED_PROXIES (default none): the ingress's addresses or CIDR
   * blocks; X-Forwarded-For is honoured only from them, otherwise the caller
   * is the socket's peer (see forwarding/client-address.ts).
   */
  trustedProxies: string[];
  /** TOKEN_CACHE_SIZE (default 10000, 0 off): verified access tokens remembered (libs/auth VerifiedTokenCache). */
  tokenCacheSize: number;
  /** INTERNAL_ASSERTION_KEY (shared with the services): the gateway passes its verification on as a short-lived assertion; unset, off. */
  internalAssertionKey?: KeyObject;
}

export function readGatewayConfig(config: ServiceConfig, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const issuer = env.GATEWAY_ISSUER?.trim() || `http://127.0.0.1:${config.port}`;
  try {
    new URL(issuer);
  } catch {
    throw new ConfigurationError('GATEWAY_ISSUER must be a URL');
  }
  const bootstrapAdminSecret = env.GATEWAY_BOOTSTRAP_ADMIN_SECRET || undefined;
  if (bootstrapAdminSecret !== undefined && (bootstrapAdminSecret.length < 16 || bootstrapAdminSecret.length > 256)) {
    throw new ConfigurationError('GATEWAY_BOOTSTRAP_ADMIN_SECRET must be 16-256 characters long');
  }
  return {
    keyEncryptionKey: readKeyEncryptionKey(env),
    issuer,
    audience: PLATFORM_AUDIENCE,
    tokenTtlSeconds: readTokenTtl(env),
    bootstrapAdminSecret,
    permitsUrl: readServiceUrl(env, 'PERMITS_URL'),
    complaintsUrl: readServiceUrl(env, 'COMPLAINTS_URL'),
    trainingUrl: readServiceUrl(env, 'TRAINING_URL'),
    accountabilityUrl: readServiceUrl(env, 'ACCOUNTABILITY_URL'),
    webhooksUrl: readServiceUrl(env, 'WEBHOOKS_URL'),
    tokenCacheSize: readTokenCacheSize(env),
    internalAssertionKey: readInternalAssertionKey(env),
    rateLimitPerMinute: readRateLimit(env),
    auditRetentionDays: readAuditRetentionDays(env),
    trustedProxies: parseTrustedProxies(env.GATEWAY_TRUSTED_PROXIES),
  };
}

function readTokenTtl(env: NodeJS.ProcessEnv): number {
  const value = env.GATEWAY_TOKEN_TTL_SECONDS?.trim();
  if (!value) return DEFAULT_TOKEN_TTL_SECONDS;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new ConfigurationError(`GATEWAY_TOKEN_TTL_SECONDS must be a whole number of seconds from 60 to ${MAX_TOKEN_LIFETIME_SECONDS}`);
  }
  return seconds;
}

function readAuditRetentionDays(env: NodeJS.ProcessEnv): number {
  const value = env.GATEWAY_AUDIT_RETENTION_DAYS?.trim();
  if (!value) return 365;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 36_500) throw new ConfigurationError('GATEWAY_AUDIT_RETENTION_DAYS must be a whole number of days from 1 to 36500');
  return days;
}

/** Optional for local use and tests; a production gateway must not keep its private signing keys in the clear. */
function readKeyEncryptionKey(env: NodeJS.ProcessEnv): Buffer | undefined {
  const value = env.GATEWAY_KEY_ENCRYPTION_KEY?.trim();
  if (!value && env.NODE_ENV === 'production') throw new ConfigurationError('GATEWAY_KEY_ENCRYPTION_KEY is required when NODE_ENV is production (openssl rand -base64 32)');
  if (!value) return undefined;
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32 || key.toString('base64') !== value) throw new ConfigurationError('GATEWAY_KEY_ENCRYPTION_KEY must be 32 random bytes, base64-encoded (openssl rand -base64 32)');
  return key;
}

function readServiceUrl(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigurationError(`${name} is required but not set`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${name} must be a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigurationError(`${name} must be an http:// or https:// URL`);
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function readRateLimit(env: NodeJS.ProcessEnv): number {
  const value = env.RATE_LIMIT_PER_MINUTE?.trim();
  if (!value) return 600;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000) throw new ConfigurationError('RATE_LIMIT_PER_MINUTE must be a whole number from 1 to 1000000');
  return limit;
}
