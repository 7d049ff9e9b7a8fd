import { randomBytes } from 'node:crypto';
import { ConfigurationError } from './service-config';
import { readGatewayAuthConfig } from './gateway-auth-config';

describe('a service behind the gateway reading its gateway configuration', () => {
  it('verifies tokens against the JWKS and revocation list of GATEWAY_URL, issued by the gateway itself by default', () => {
    expect(readGatewayAuthConfig({ GATEWAY_URL: 'http://gateway:8080/' })).toEqual({
      gatewayUrl: 'http://gateway:8080/',
      jwksUrl: 'http://gateway:8080/.well-known/jwks.json',
      revocationsUrl: 'http://gateway:8080/.well-known/revocations.json',
      issuer: 'http://gateway:8080/',
      audience: 'palembang-platform',
      tokenCacheSize: 10_000,
      internalAssertionKey: undefined,
    });
  });

  it('takes the internal assertion key and the token cache size when set', () => {
    const config = readGatewayAuthConfig({ GATEWAY_URL: 'http://gateway:8080', INTERNAL_ASSERTION_KEY: randomBytes(32).toString('base64'), TOKEN_CACHE_SIZE: '0' });
    expect(config.internalAssertionKey?.symmetricKeySize).toBe(32);
    expect(config.tokenCacheSize).toBe(0);
  });

  it('takes the issuer from GATEWAY_ISSUER when set', () => {
    expect(readGatewayAuthConfig({ GATEWAY_URL: 'http://gateway:8080', GATEWAY_ISSUER: 'https://api.palembang.go.id' }).issuer).toBe('https://api.palembang.go.id');
  });

  it.each([
    [{}, 'GATEWAY_URL is required'],
    [{ GATEWAY_URL: 'gateway:8080' }, 'GATEWAY_URL must be'],
    [{ GATEWAY_URL: 'ftp://gateway' }, 'GATEWAY_URL must be'],
    [{ GATEWAY_URL: 'http://gateway', GATEWAY_ISSUER: 'not a url' }, 'GATEWAY_ISSUER must be'],
    [{ GATEWAY_URL: 'http://gateway', INTERNAL_ASSERTION_KEY: randomBytes(16).toString('base64') }, 'INTERNAL_ASSERTION_KEY: the internal assertion key must be at least 32 bytes'],
    [{ GATEWAY_URL: 'http://gateway', INTERNAL_ASSERTION_KEY: 'not base64!' }, 'INTERNAL_ASSERTION_KEY: the internal assertion key must be base64'],
    [{ GATEWAY_URL: 'http://gateway', TOKEN_CACHE_SIZE: '-1' }, 'TOKEN_CACHE_SIZE must be'],
    [{ GATEWAY_URL: 'http://gateway', TOKEN_CACHE_SIZE: '2000000' }, 'TOKEN_CACHE_SIZE must be'],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => readGatewayAuthConfig(env)).toThrow(ConfigurationError);
    expect(() => readGatewayAuthConfig(env)).toThrow(message);
  });
});
