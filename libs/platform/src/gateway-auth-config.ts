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
}

/**
 * Reads GATEWAY_URL (required) and GATEWAY_ISSUER (optional) from the environment the
 * service's configuration reader passes in; a missing or invalid one is a ConfigurationError (exit 78).
 */
export function readGatewayAuthConfig(env: NodeJS.ProcessEnv): GatewayAuthConfig {
  const gatewayUrl = env.GATEWAY_URL?.trim();
  if (!gatewayUrl) throw new ConfigurationError('GATEWAY_URL is required but not set');
  if (!isHttpUrl(gatewayUrl)) throw new ConfigurationError('GATEWAY_URL must be an http:// or https:// URL');
  const issuer = env.GATEWAY_ISSUER?.trim() || gatewayUrl;
  if (!isHttpUrl(issuer)) throw new ConfigurationError('GATEWAY_ISSUER must be an http:// or https:// URL');
  const base = gatewayUrl.replace(/\/+$/, '');
  return { gatewayUrl, jwksUrl: `${base}/.well-known/jwks.json`, revocationsUrl: `${base}/.well-known/revocations.json`, issuer, audience: PLATFORM_AUDIENCE };
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
