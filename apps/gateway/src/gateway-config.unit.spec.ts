import { readGatewayConfig } from './gateway-config';

const service = { serviceName: 'gateway', port: 3000, databaseUrl: 'postgres://x/y', kafkaBrokers: ['127.0.0.1:9092'] };

const PERMITS = { PERMITS_URL: 'http://permits:3001/', COMPLAINTS_URL: 'http://complaints:3002', TRAINING_URL: 'http://training:3003', ACCOUNTABILITY_URL: 'http://accountability:3004', WEBHOOKS_URL: 'http://webhooks:3005' };

describe('the gateway configuration', () => {
  it('issues tokens as its own address for the platform audience, ten minutes long, unless GATEWAY_ISSUER says otherwise', () => {
    expect(readGatewayConfig(service, PERMITS)).toEqual({ issuer: 'http://127.0.0.1:3000', audience: 'palembang-platform', tokenTtlSeconds: 600, bootstrapAdminSecret: undefined, permitsUrl: 'http://permits:3001', complaintsUrl: 'http://complaints:3002', trainingUrl: 'http://training:3003', accountabilityUrl: 'http://accountability:3004', webhooksUrl: 'http://webhooks:3005', rateLimitPerMinute: 600, auditRetentionDays: 365, trustedProxies: [], tokenCacheSize: 10_000 });
    expect(readGatewayConfig(service, { ...PERMITS, GATEWAY_ISSUER: 'https://api.palembang.go.id' }).issuer).toBe('https://api.palembang.go.id');
  });

  it('refuses an issuer that is not a URL and a bootstrap admin secret too short to be safe', () => {
    expect(() => readGatewayConfig(service, { ...PERMITS, GATEWAY_ISSUER: 'gateway' })).toThrow('GATEWAY_ISSUER must be a URL');
    expect(() => readGatewayConfig(service, { ...PERMITS, GATEWAY_BOOTSTRAP_ADMIN_SECRET: 'short' })).toThrow('GATEWAY_BOOTSTRAP_ADMIN_SECRET must be 16-256');
  });

  it('requires the complaints service address too', () => {
    expect(() => readGatewayConfig(service, { PERMITS_URL: 'http://permits:3001' })).toThrow('COMPLAINTS_URL is required');
  });

  it('requires the permits service address and reads the rate limit per client and minute', () => {
    expect(() => readGatewayConfig(service, {})).toThrow('PERMITS_URL is required');
    expect(() => readGatewayConfig(service, { PERMITS_URL: 'permits:3001' })).toThrow('PERMITS_URL must be');
    expect(readGatewayConfig(service, { ...PERMITS, RATE_LIMIT_PER_MINUTE: '5' }).rateLimitPerMinute).toBe(5);
    expect(() => readGatewayConfig(service, { ...PERMITS, RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow('RATE_LIMIT_PER_MINUTE');
  });

  it('keeps the call audit 365 days unless GATEWAY_AUDIT_RETENTION_DAYS says otherwise', () => {
    expect(readGatewayConfig(service, PERMITS).auditRetentionDays).toBe(365);
    expect(readGatewayConfig(service, { ...PERMITS, GATEWAY_AUDIT_RETENTION_DAYS: '1825' }).auditRetentionDays).toBe(1825);
    for (const bad of ['0', '-3', '2.5', 'forever', '36501']) {
      expect(() => readGatewayConfig(service, { ...PERMITS, GATEWAY_AUDIT_RETENTION_DAYS: bad })).toThrow('GATEWAY_AUDIT_RETENTION_DAYS');
    }
  });

  it('reads the token lifetime from GATEWAY_TOKEN_TTL_SECONDS and refuses one above the cap of an hour', () => {
    expect(readGatewayConfig(service, { ...PERMITS, GATEWAY_TOKEN_TTL_SECONDS: '300' }).tokenTtlSeconds).toBe(300);
    expect(readGatewayConfig(service, { ...PERMITS, GATEWAY_TOKEN_TTL_SECONDS: '3600' }).tokenTtlSeconds).toBe(3600);
    for (const bad of ['3601', '86400', '59', '0', '600.5', 'long']) {
      expect(() => readGatewayConfig(service, { ...PERMITS, GATEWAY_TOKEN_TTL_SECONDS: bad })).toThrow('GATEWAY_TOKEN_TTL_SECONDS');
    }
  });

  it('reads the ingress addresses X-Forwarded-For is believed from, and refuses anything that is not an address or CIDR block', () => {
    expect(readGatewayConfig(service, { ...PERMITS, GATEWAY_TRUSTED_PROXIES: '10.42.0.0/16, 192.0.2.7' }).trustedProxies).toEqual(['10.42.0.0/16', '192.0.2.7']);
    expect(() => readGatewayConfig(service, { ...PERMITS, GATEWAY_TRUSTED_PROXIES: 'ingress-nginx' })).toThrow('GATEWAY_TRUSTED_PROXIES');
  });
});
