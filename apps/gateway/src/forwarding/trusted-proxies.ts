import { BlockList, isIP } from 'node:net';
import { ConfigurationError } from '@palembang/platform';

/**
 * GATEWAY_TRUSTED_PROXIES: addresses and CIDR blocks of the ingress in front of
 * the gateway, comma-separated (`10.42.0.0/16, 192.0.2.7`). Empty: no proxy is
 * trusted and the caller is the socket's peer. Each entry is checked here, so a
 * typo stops the gateway instead of trusting nobody (or everybody) silently.
 */
export function parseTrustedProxies(value: string | undefined): string[] {
  const entries = (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const validPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (family === 0 || !validPrefix || rest.length > 0) throw new ConfigurationError(`GATEWAY_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR block`);
  }
  return entries;
}

/** Whether an address is one of the trusted proxies (IPv4-mapped IPv6 addresses count as their IPv4 address). */
export function trustedProxyCheck(entries: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}
