import { KNOWN_SCOPES } from '@palembang/auth';
import { authorizationServerMetadata } from './authorization-server-metadata';

describe('the authorization server metadata (RFC 8414)', () => {
  it('names the issuer exactly as the tokens do, and the token endpoint and keys on it', () => {
    expect(authorizationServerMetadata('https://api.palembang.go.id')).toEqual({
      issuer: 'https://api.palembang.go.id',
      token_endpoint: 'https://api.palembang.go.id/oauth/token',
      jwks_uri: 'https://api.palembang.go.id/.well-known/jwks.json',
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: [...KNOWN_SCOPES],
    });
  });

  it('keeps a trailing slash in the issuer but not twice in the endpoints', () => {
    const metadata = authorizationServerMetadata('https://api.palembang.go.id/');
    expect(metadata.issuer).toBe('https://api.palembang.go.id/');
    expect(metadata.token_endpoint).toBe('https://api.palembang.go.id/oauth/token');
  });

  it('has no claim with zero elements and no authorization endpoint, the only grant not using one (RFC 8414 section 3.2)', () => {
    const metadata = authorizationServerMetadata('https://api.palembang.go.id') as Record<string, unknown>;
    expect(Object.values(metadata).filter((value) => Array.isArray(value) && value.length === 0)).toEqual([]);
    expect(metadata).not.toHaveProperty('authorization_endpoint');
    expect(metadata).not.toHaveProperty('response_types_supported');
  });
});
