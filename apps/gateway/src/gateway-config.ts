import { ConfigurationError, ServiceConfig } from '@palembang/platform';

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export const PLATFORM_AUDIENCE = 'palembang-platform';

export interface GatewayConfig {
  /** `iss` of the tokens the gateway issues: GATEWAY_ISSUER, or the gateway's own address. */
  issuer: string;
  audience: string;
  tokenTtlSeconds: number;
  /**
   * GATEWAY_BOOTSTRAP_ADMIN_SECRET: when set and no admin client exists yet,
   * the gateway creates the client `bootstrap-admin` (agency pemkot-palembang,
   * scopes admin and agencies:all) with this secret, stored hashed. It is how
   * the first administrator gets a token on a fresh installation; rotate its
   * secret through the admin API once real admin clients exist.
   */
  bootstrapAdminSecret?: string;
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
  return { issuer, audience: PLATFORM_AUDIENCE, tokenTtlSeconds: 600, bootstrapAdminSecret };
}
