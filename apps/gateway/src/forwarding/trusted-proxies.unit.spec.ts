import { parseTrustedProxies, trustedProxyCheck } from './trusted-proxies';

describe('GATEWAY_TRUSTED_PROXIES', () => {
  it('reads addresses and CIDR blocks, IPv4 and IPv6', () => {
    expect(parseTrustedProxies(' 10.42.0.0/16, 192.0.2.7 ,fd00::/8')).toEqual(['10.42.0.0/16', '192.0.2.7', 'fd00::/8']);
    expect(parseTrustedProxies(undefined)).toEqual([]);
    expect(parseTrustedProxies('')).toEqual([]);
  });

  it.each(['ingress', '10.0.0.0/33', '10.0.0.0/8/1', '300.1.1.1', 'fd00::/129', '*'])('refuses "%s"', (entry) => {
    expect(() => parseTrustedProxies(entry)).toThrow(/GATEWAY_TRUSTED_PROXIES/);
  });

  it('trusts exactly the configured proxies, IPv4-mapped addresses included', () => {
    const trusted = trustedProxyCheck(['10.42.0.0/16', '192.0.2.7', 'fd00::/8']);
    expect(['10.42.3.4', '::ffff:10.42.3.4', '192.0.2.7', 'fd12::1'].map(trusted)).toEqual([true, true, true, true]);
    expect(['10.43.0.1', '192.0.2.8', '2001:db8::1', 'unknown', ''].map(trusted)).toEqual([false, false, false, false, false]);
    expect(trustedProxyCheck([])('127.0.0.1')).toBe(false);
  });
});
