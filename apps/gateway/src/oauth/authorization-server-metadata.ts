import { KNOWN_SCOPES } from '@palembang/auth';
import { SUPPORTED_GRANT_TYPES, TOKEN_ENDPOINT_AUTH_METHODS } from './token-request';

/** Where RFC 8414 (section 3) places the metadata, and where the token endpoint and the keys are, on the gateway. */
export const METADATA_PATH = '/.well-known/oauth-authorization-server';
export const TOKEN_PATH = '/oauth/token';
export const JWKS_PATH = '/.well-known/jwks.json';

export type AuthorizationServerMetadata = Readonly<{
  issuer: string;
  token_endpoint: string;
  jwks_uri: string;
  grant_types_supported: readonly string[];
  token_endpoint_auth_methods_supported: readonly string[];
  scopes_supported: readonly string[];
}>;

/**
 * OAuth 2.0 Authorization Server Metadata (RFC 8414 section 2) of the gateway,
 * so that a client configured with only the issuer finds the token endpoint,
 * the keys, the grant, the client authentication methods and the scopes.
 *
 * `issuer` is exactly the `iss` of the tokens (GATEWAY_ISSUER, the gateway's
 * public base URL), and the endpoints are on it. There is no authorization
 * endpoint: the only grant is client_credentials, which does not use one, so
 * `authorization_endpoint` and `response_types_supported` are left out.
 * Section 2 lists response_types_supported as REQUIRED, but section 3.2 says
 * claims with zero elements MUST be omitted, and erratum 7793 makes it
 * "REQUIRED unless no grant types are supported that use the authorization
 * endpoint"; an empty array would say the same, but is what 3.2 forbids.
 */
export function authorizationServerMetadata(issuer: string): AuthorizationServerMetadata {
  const base = issuer.replace(/\/+$/, '');
  return {
    issuer,
    token_endpoint: `${base}${TOKEN_PATH}`,
    jwks_uri: `${base}${JWKS_PATH}`,
    grant_types_supported: SUPPORTED_GRANT_TYPES,
    token_endpoint_auth_methods_supported: TOKEN_ENDPOINT_AUTH_METHODS,
    scopes_supported: KNOWN_SCOPES,
  };
}
