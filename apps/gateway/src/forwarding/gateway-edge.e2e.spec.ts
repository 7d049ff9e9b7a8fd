import { accessToken, registerClient } from '@palembang/platform/testing';
import { createServer, IncomingMessage, request as httpRequest, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { callApi as call, TEST_ADMIN as ADMIN } from '@palembang/platform/testing';
import { RunningGateway, startGateway } from '../testing/start-gateway';

type Received = { method: string; url: string; headers: IncomingMessage['headers']; body: string };

/** Stands in for the permits service, to see exactly what the gateway sends on and to count calls. */
/** Headers at once, then one byte a second for half a minute: each chunk in time, the whole never. */
function trickle(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  const timer = setInterval(() => response.write(' '), 1_000);
  setTimeout(() => (clearInterval(timer), response.end('{}')), 30_000).unref();
  response.on('close', () => clearInterval(timer));
}

function startUpstream(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (request.url?.startsWith('/v1/tracking/PLG-SLOWSLOWSL')) return; // never answers
      if (request.url?.startsWith('/v1/tracking/PLG-TRICKLE')) return trickle(response); // answers, but never finishes
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      response.writeHead(201, {
        'content-type': 'application/json; charset=utf-8',
        etag: '"7"',
        location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/permit-applications/abc`,
        'idempotent-replayed': 'true',
        'set-cookie': 'internal=1',
        'x-internal-debug': 'secret',
      });
      response.end(JSON.stringify({ echoed: true }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received })));
}

/** A GET with the path exactly as given (fetch would resolve dot segments before sending). */
function rawGet(baseUrl: string, path: string, token: string): Promise<number> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const sent = httpRequest({ hostname, port, path, method: 'GET', headers: { authorization: `Bearer ${token}` } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    sent.once('error', reject);
    sent.end();
  });
}

describe('the gateway edge in front of a service (gateway process, stand-in service)', () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let gateway: RunningGateway;
  let adminToken: string;
  const tokenFor = async (scopes: string[]) => accessToken(gateway.baseUrl, await registerClient(gateway.baseUrl, adminToken, 'dinas-pariwisata', scopes));

  beforeAll(async () => {
    upstream = await startUpstream();
    gateway = await startGateway({ GATEWAY_BOOTSTRAP_ADMIN_SECRET: ADMIN.clientSecret, PERMITS_URL: upstream.url, RATE_LIMIT_PER_MINUTE: '5' });
    adminToken = await accessToken(gateway.baseUrl, ADMIN);
  }, 90_000);

  afterAll(async () => {
    expect(await gateway?.terminate()).toBe(0);
    if (upstream?.server.listening) {
      const closed = new Promise((resolve) => upstream.server.close(resolve));
      upstream.server.closeAllConnections();
      await closed;
    }
  });

  beforeEach(() => upstream.received.splice(0));

  it('forwards method, path, query, body and the headers that matter, and answers with what the service answered', async () => {
    const token = await tokenFor(['permits:write']);
    const answer = await call(gateway.baseUrl, token, 'POST', '/v1/permit-applications/3f0f6a9e-0000-4000-8000-000000000001/reject?lang=id', {
      body: { reason: 'Lokasi tidak sesuai' },
      headers: { 'if-match': '"6"', 'idempotency-key': 'reject-1', 'x-correlation-id': 'edge-0001', cookie: 'session=1' },
    });
    expect(upstream.received).toHaveLength(1);
    const [sent] = upstream.received;
    expect(sent).toMatchObject({ method: 'POST', url: '/v1/permit-applications/3f0f6a9e-0000-4000-8000-000000000001/reject?lang=id' });
    expect(JSON.parse(sent.body)).toEqual({ reason: 'Lokasi tidak sesuai' });
    expect(sent.headers).toMatchObject({ authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': '"6"', 'idempotency-key': 'reject-1', 'x-correlation-id': 'edge-0001' });
    expect(sent.headers.cookie).toBeUndefined();

    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ echoed: true });
    expect(answer.headers.get('etag')).toBe('"7"');
    expect(answer.headers.get('location')).toBe('/v1/permit-applications/abc');
    expect(answer.headers.get('idempotent-replayed')).toBe('true');
    expect(answer.headers.get('x-correlation-id')).toBe('edge-0001');
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(answer.headers.get('x-internal-debug')).toBeNull();
  });

  it('sends a correlation id of its own when the caller gives none, and no body when there is none', async () => {
    const answer = await call(gateway.baseUrl, await tokenFor(['permits:write']), 'POST', '/v1/permit-applications/3f0f6a9e-0000-4000-8000-000000000001/approve');
    const [sent] = upstream.received;
    expect(sent.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers.get('x-correlation-id')).toBe(sent.headers['x-correlation-id']);
    expect(sent.body).toBe('');
  });

  it('leaves Idempotency-Key to the service: a retry is forwarded again, not answered from the gateway', async () => {
    const token = await tokenFor(['permits:write']);
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await call(gateway.baseUrl, token, 'POST', '/v1/permit-applications', { body: { permitTypeCode: 'TDUP' }, headers: { 'idempotency-key': 'submit-1' } });
      expect(answer.body).toEqual({ echoed: true });
    }
    expect(upstream.received.map((sent) => sent.headers['idempotency-key'])).toEqual(['submit-1', 'submit-1']);
  });

  it('answers a missing or bad token with 401 and a missing scope with 403, without calling the service', async () => {
    expect((await call(gateway.baseUrl, undefined, 'GET', '/v1/permit-types')).status).toBe(401);
    expect((await call(gateway.baseUrl, 'not-a-token', 'GET', '/v1/tracking/PLG-AAAAAAAAAA')).status).toBe(401);
    const reader = await tokenFor(['permits:read']);
    const forbidden = await call(gateway.baseUrl, reader, 'POST', '/v1/permit-applications', { body: {} });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await call(gateway.baseUrl, reader, 'GET', '/v1/audit/streams/permit-application-x/verify')).status).toBe(403);
    expect(upstream.received).toHaveLength(0);
  });

  it('refuses paths whose dot segments or backslashes would lead to another route of the service', async () => {
    const token = await tokenFor(['permits:read', 'permits:write']);
    for (const path of ['/v1/tracking/..', '/v1/tracking/%2e%2E', '/v1/tracking/..\\admin', '/v1/permit-applications/../verify']) {
      expect([path, await rawGet(gateway.baseUrl, path, token)]).toEqual([path, 404]);
    }
    expect(upstream.received).toHaveLength(0);
  });

  it('refuses a body over the platform limit with 413 before forwarding', async () => {
    const answer = await call(gateway.baseUrl, await tokenFor(['permits:write']), 'POST', '/v1/permit-applications', { body: { filler: 'x'.repeat(100_000) } });
    expect(answer.status).toBe(413);
    expect(upstream.received).toHaveLength(0);
  });

  it('answers 429 with Retry-After once a client exceeds its calls per minute, other clients unaffected', async () => {
    const busy = await tokenFor(['permits:read']);
    for (let call_ = 0; call_ < 5; call_++) expect((await call(gateway.baseUrl, busy, 'GET', '/v1/permit-types')).status).toBe(201);
    const limited = await call(gateway.baseUrl, busy, 'GET', '/v1/permit-types');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(upstream.received).toHaveLength(5);
    expect((await call(gateway.baseUrl, await tokenFor(['permits:read']), 'GET', '/v1/permit-types')).status).toBe(201);
  });

  it('answers 503 with Retry-After when the service does not answer within 10 s', async () => {
    const startedAt = Date.now();
    const answer = await call(gateway.baseUrl, await tokenFor(['permits:read']), 'GET', '/v1/tracking/PLG-SLOWSLOWSL');
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(9_900);
  }, 30_000);

  it('answers 503 within the same 10 s when the service starts answering but its body never ends', async () => {
    const startedAt = Date.now();
    const answer = await call(gateway.baseUrl, await tokenFor(['permits:read']), 'GET', '/v1/tracking/PLG-TRICKLE');
    expect(answer.status).toBe(503);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(9_900);
    expect(Date.now() - startedAt).toBeLessThan(20_000);
  }, 40_000);

  it('answers 503 problem+json with Retry-After while the service is down, never a 500', async () => {
    const closed = new Promise((resolve) => upstream.server.close(resolve));
    upstream.server.closeAllConnections();
    await closed;
    const answer = await call(gateway.baseUrl, await tokenFor(['permits:read']), 'GET', '/v1/permit-types');
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 503, code: 'SERVICE.UNAVAILABLE' });
  });
});
