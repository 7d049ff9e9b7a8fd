import { BlockList, isIP } from 'node:net';

/**
 * Server-side request forgery rules for subscriber endpoints. The URL is checked when a
 * subscription is written; every address its host resolves to is checked again before each
 * delivery, and the delivery connects to the address checked (never resolving twice, so a DNS
 * answer that changes between the check and the connection cannot reach an internal host).
 */
export const MAX_ENDPOINT_LENGTH = 2048;

/** Addresses no delivery may reach outside development: private, loopback, link-local, unique-local, CGNAT, multicast, reserved. */
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const) FORBIDDEN.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) FORBIDDEN.addSubnet(network, prefix, 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

export type EndpointPolicy = Readonly<{ allowLoopback: boolean }>;

export type EndpointVerdict = Readonly<{ ok: true; url: URL } | { ok: false; reason: string }>;

/** An IPv4 address mapped into IPv6 (::ffff:a.b.c.d) is judged as the IPv4 address it is. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return { address: mapped[1], family: 'ipv4' };
  const version = isIP(bare);
  if (version === 4) return { address: bare, family: 'ipv4' };
  if (version === 6) return { address: bare, family: 'ipv6' };
  return undefined;
}

export function isLoopbackAddress(address: string): boolean {
  const ip = unmapped(address);
  return ip !== undefined && LOOPBACK.check(ip.address, ip.family);
}

/** Whether a delivery may connect to `address`: public addresses always, loopback only in development. */
export function mayConnectTo(address: string, policy: EndpointPolicy): boolean {
  const ip = unmapped(address);
  if (!ip) return false;
  if (policy.allowLoopback && LOOPBACK.check(ip.address, ip.family)) return true;
  return !FORBIDDEN.check(ip.address, ip.family);
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || isLoopbackAddress(hostname);
}

/** Checks an endpoint URL as written: HTTPS (plain HTTP to loopback in development only), no credentials, no literal forbidden address. */
export function checkEndpoint(text: string, policy: EndpointPolicy): EndpointVerdict {
  if (text.length > MAX_ENDPOINT_LENGTH) return { ok: false, reason: `the endpoint may be at most ${MAX_ENDPOINT_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'the endpoint must be an absolute URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'the endpoint may not carry credentials' };
  if (url.hash) return { ok: false, reason: 'the endpoint may not carry a fragment' };
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'http:' && !(policy.allowLoopback && loopback)) return { ok: false, reason: 'the endpoint must use https (plain http is allowed only to loopback in development)' };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'the endpoint must use https' };
  if (loopback && !policy.allowLoopback) return { ok: false, reason: 'the endpoint may not be a loopback address' };
  if (isIP(url.hostname.replace(/^\[|\]$/g, '')) && !mayConnectTo(url.hostname, policy)) return { ok: false, reason: 'the endpoint may not be a private, loopback or link-local address' };
  return { ok: true, url };
}
