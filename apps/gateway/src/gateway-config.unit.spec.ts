import { readGatewayConfig } from './gateway-config';

const service = { serviceName: 'gateway', port: 3000, databaseUrl: 'postgres://x/y', kafkaBrokers: ['127.0.0.1:9092'] };

describe('the gateway configuration', () => {
  it('issues tokens as its own address for the platform audience, ten minutes long, unless GATEWAY_ISSUER says otherwise', () => {
    expect(readGatewayConfig(service, {})).toEqual({ issuer: 'http://127.0.0.1:3000', audience: 'palembang-platform', tokenTtlSeconds: 600, bootstrapAdminSecret: undefined });
    expect(readGatewayConfig(service, { GATEWAY_ISSUER: 'https://api.palembang.go.id' }).issuer).toBe('https://api.palembang.go.id');
  });

  it('refuses an issuer that is not a URL and a bootstrap admin secret too short to be safe', () => {
    expect(() => readGatewayConfig(service, { GATEWAY_ISSUER: 'gateway' })).toThrow('GATEWAY_ISSUER must be a URL');
    expect(() => readGatewayConfig(service, { GATEWAY_BOOTSTRAP_ADMIN_SECRET: 'short' })).toThrow('GATEWAY_BOOTSTRAP_ADMIN_SECRET must be 16-256');
  });
});
