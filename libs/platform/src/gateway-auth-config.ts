import { DEFAULT_VERIFIED_TOKEN_CACHE_SIZE, internalAssertionKeyOf, MAX_VERIFIED_TOKEN_CACHE_SIZE } from '@palembang/auth';
import type { KeyObject } from 'node:crypto';
import { ConfigurationError } from './service-config';

export const PLATFORM_AUDIENCE = 'palembang-platform';

/** How a service behind the gateway verifies the access tokens the gateway forwards. */
export interface GatewayAuthConfig {
  /** GATEWAY_URL: where clients get their tokens. */
  gatewayUrl: string;
  /** The gateway's published keys: `${GATEWAY_URL}/.well-known/jwks.json`. */
  jwksUrl: string;
  /** Revoked clients and rotated secrets: `${GATEWAY_URL}/.well-known/revocations.json`. */
  revocationsUrl: string;
  /** `iss` of the gateway's tokens: GATEWAY_ISSUER, or GATEWAY_URL when unset. */
  issuer: string;
  audience: string;
  /** TOKEN_CACHE_SIZE: how many verified access tokens the verifier remembers. */
  tokenCacheSize: number;
  /** INTERNAL_ASSERTION_KEY: the gateway's assertions are taken instead of a second ES256 verification; unset, the feature is off. */
  internalAssertionKey?: KeyObject;
}

/**
 * Reads GATEWAY_URL (required), GATEWAY_ISSUER, TOKEN_CACHE_SIZE and INTERNAL_ASSERTION_KEY (optional) from the environment the
 * service's configuration reader passes in; a missing or invalid one is a ConfigurationError (exit 78).
 */
export function readGatewayAuthConfig(env: NodeJS.ProcessEnv): GatewayAuthConfig {
  const gatewayUrl = env.GATEWAY_URL?.trim();
  if (!gatewayUrl) throw new ConfigurationError('GATEWAY_URL is required but not set');
  if (!isHttpUrl(gatewayUrl)) throw new ConfigurationError('GATEWAY_URL must be an http:// or https:// URL');
  const issuer = env.GATEWAY_ISSUER?.trim() || gatewayUrl;
  if (!isHttpUrl(issuer)) throw new ConfigurationError('GATEWAY_ISSUER must be an http:// or https:// URL');
  const base = gatewayUrl.replace(/\/+$/, '');
  return {
    gatewayUrl,
    jwksUrl: `${base}/.well-known/jwks.json`,
    revocationsUrl: `${base}/.well-known/revocations.json`,
    issuer,
    audience: PLATFORM_AUDIENCE,
    tokenCacheSize: readTokenCacheSize(env),
    internalAssertionKey: readInternalAssertionKey(env),
  };
}

/**
 * INTERNAL_ASSERTION_KEY (base64 of at least 32 random bytes, the same value
 * for the gateway and every service): the key of the gateway's short-lived
 * assertions (docs/security.md). Unset or empty: none are made or taken.
 */
export function readInternalAssertionKey(env: NodeJS.ProcessEnv): KeyObject | undefined {
  const value = env.INTERNAL_ASSERTION_KEY?.trim();
  if (!value) return undefined;
  try {
    return internalAssertionKeyOf(value);
  } catch (error) {
    throw new ConfigurationError(`INTERNAL_ASSERTION_KEY: ${(error as Error).message}`);
  }
}

/** TOKEN_CACHE_SIZE (default 10000, 0 turns the cache off): verified access tokens remembered by the verifier. */
export function readTokenCacheSize(env: NodeJS.ProcessEnv): number {
  const value = env.TOKEN_CACHE_SIZE?.trim();
  if (!value) return DEFAULT_VERIFIED_TOKEN_CACHE_SIZE;
  const size = Number(value);
  if (!/^\d+$/.test(value) || size > MAX_VERIFIED_TOKEN_CACHE_SIZE) throw new ConfigurationError(`TOKEN_CACHE_SIZE must be a whole number from 0 to ${MAX_VERIFIED_TOKEN_CACHE_SIZE}`);
  return size;
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
