import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { EndpointPolicy, mayConnectTo } from '@palembang/webhooks-domain';

export type DeliveryAnswer = Readonly<{ ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string }>;

/** Longest answer body read (and thrown away): a receiver cannot hold the worker with a stream. */
const MAX_ANSWER_BYTES = 64 * 1024;

export class EndpointRefusedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'EndpointRefusedError';
  }
}

/**
 * Resolves the endpoint's host once, refuses it if any address it resolves to is forbidden
 * (a name with one internal address among public ones is not trusted), and pins the first
 * address for the connection: the request's own lookup answers with it, so no second DNS
 * answer can move the connection elsewhere. TLS still checks the certificate against the host name.
 */
export async function resolvePinned(url: URL, policy: EndpointPolicy): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new EndpointRefusedError('the endpoint host resolves to no address');
  const refused = addresses.find((entry) => !mayConnectTo(entry.address, policy));
  if (refused) throw new EndpointRefusedError('the endpoint host resolves to a private, loopback or link-local address');
  return addresses[0];
}

/** POSTs the body with the headers to the endpoint, connected to the pinned address, within `timeoutMs` overall. */
export async function postPinned(url: URL, headers: Readonly<Record<string, string>>, body: string, policy: EndpointPolicy, timeoutMs: number): Promise<DeliveryAnswer> {
  let pinned: { address: string; family: number };
  try {
    pinned = await resolvePinned(url, policy);
  } catch (error) {
    return { ok: false, statusCode: null, error: error instanceof EndpointRefusedError ? error.message : 'the endpoint host could not be resolved' };
  }
  const pinnedLookup: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<DeliveryAnswer>((resolve) => {
    const request = send(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'palembang-webhooks/1' }, lookup: pinnedLookup, timeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) }, (response) => {
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) response.destroy();
      });
      const statusCode = response.statusCode ?? 0;
      const settle = () => resolve(statusCode >= 200 && statusCode < 300 ? { ok: true, statusCode } : { ok: false, statusCode, error: `the endpoint answered ${statusCode}` });
      response.on('end', settle);
      response.on('close', settle);
      response.on('error', settle);
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, statusCode: null, error: error.name === 'AbortError' || error.message === 'timeout' ? `no answer within ${timeoutMs} ms` : `connection failed (${error.code ?? error.name})` }));
    request.end(body);
  });
}
