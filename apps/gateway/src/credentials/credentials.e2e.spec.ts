import { accessToken, callAdmin, Credentials, findFreePort, issueOpen311Key, issueXapiCredential, registerClient, requestToken } from '@palembang/platform/testing';
import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { RunningGateway, startGateway } from '../testing/start-gateway';

const ADMIN: Credentials = { clientId: 'bootstrap-admin', clientSecret: 'bootstrap-secret-for-tests-only' };
/** The ingress, as far as this gateway knows: the one address whose X-Forwarded-For it believes. */
const PROXY = '127.0.0.2';
const PUBLIC_LIMIT_PER_MINUTE = 40;

type Sent = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** An HTTP call from a chosen loopback address (127.0.0.0/8 all reach the gateway), to play a proxy or an outsider. */
function send(url: string, options: { method?: string; from?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(url, { method: options.method ?? 'GET', localAddress: options.from ?? '127.0.0.1', headers: options.headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    call.on('error', reject);
    call.end(options.body);
  });
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('credentials at the gateway: failed-login limits, client addresses, credentials per API (gateway process, real PostgreSQL)', () => {
  let gateway: RunningGateway;
  let metricsUrl: string;
  let adminToken: string;

  beforeAll(async () => {
    const metricsPort = await findFreePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    gateway = await startGateway({
      GATEWAY_BOOTSTRAP_ADMIN_SECRET: ADMIN.clientSecret,
      GATEWAY_TRUSTED_PROXIES: PROXY,
      RATE_LIMIT_PER_MINUTE: String(PUBLIC_LIMIT_PER_MINUTE),
      METRICS_PORT: String(metricsPort),
    });
    adminToken = await accessToken(gateway.baseUrl, ADMIN);
  }, 90_000);

  afterAll(async () => {
    expect(await gateway?.terminate()).toBe(0);
  });

  /** gateway_login_attempts_total by api and outcome. */
  async function loginAttempts(api: string): Promise<Record<string, number>> {
    const text = await (await fetch(metricsUrl)).text();
    const counts: Record<string, number> = { accepted: 0, refused: 0, throttled: 0 };
    for (const match of text.matchAll(/^gateway_login_attempts_total\{api="(\w+)",outcome="(\w+)"\} (\d+)$/gm)) if (match[1] === api) counts[match[2]] = Number(match[3]);
    return counts;
  }

  async function query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
    const db = new Client({ connectionString: gateway.databaseUrl });
    await db.connect();
    try {
      return (await db.query(sql, values)).rows as T[];
    } finally {
      await db.end();
    }
  }

  describe('guessing a client secret', () => {
    it('answers 429 with Retry-After after 10 wrong secrets, without checking any further secret, not even the right one, and audits who tried from where', async () => {
      const portal = await registerClient(gateway.baseUrl, adminToken, 'dpmptsp', ['permits:read']);
      const before = await loginAttempts('oauth');
      const guess = (secret: string) =>
        send(`${gateway.baseUrl}/oauth/token`, { method: 'POST', from: '127.0.0.3', headers: { ...FORM, authorization: basic(portal.clientId, secret) }, body: 'grant_type=client_credentials' });
      const answers: Sent[] = [];
      for (let attempt = 0; attempt < 20; attempt++) answers.push(await guess(`guess-${attempt}`));
      expect(answers.map((answer) => answer.status)).toEqual([...Array(10).fill(401), ...Array(10).fill(429)]);
      const refusal = answers[19];
      expect(JSON.parse(refusal.body)).toEqual({ error: 'temporarily_unavailable', error_description: expect.stringContaining('retry in') });
      expect(Number(refusal.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refusal.headers['retry-after'])).toBeLessThanOrEqual(30);
      expect(refusal.headers['cache-control']).toBe('no-store');
      // While blocked, even the right secret is not checked: the hash never runs.
      expect((await guess(portal.clientSecret)).status).toBe(429);
      const after = await loginAttempts('oauth');
      expect({ refused: after.refused - before.refused, throttled: after.throttled - before.throttled, accepted: after.accepted - before.accepted }).toEqual({ refused: 10, throttled: 11, accepted: 0 });

      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const audited = await query<Record<string, string>>(`SELECT * FROM login_failures WHERE client_id = $1 ORDER BY id`, [portal.clientId]);
      expect(audited).toHaveLength(21);
      expect(audited[0]).toMatchObject({ api: 'oauth', client_id: portal.clientId, address: '127.0.0.3', outcome: 'refused' });
      expect(audited[20]).toMatchObject({ outcome: 'throttled' });
      expect(JSON.stringify(audited)).not.toMatch(/guess-|secret/);
    });

    it('checks at most 10 of 40 guesses sent at once: the limit is taken before the check, not after', async () => {
      const target = await registerClient(gateway.baseUrl, adminToken, 'dpmptsp', ['permits:read']);
      const before = await loginAttempts('oauth');
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, attempt) =>
          send(`${gateway.baseUrl}/oauth/token`, { method: 'POST', from: `127.0.2.${attempt + 1}`, headers: { ...FORM, authorization: basic(target.clientId, `parallel-${attempt}`) }, body: 'grant_type=client_credentials' }),
        ),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([...Array(10).fill(401), ...Array(30).fill(429)]);
      expect((await loginAttempts('oauth')).refused - before.refused).toBe(10);
    });

    it('keeps the limit on the client id when the guesser moves from address to address', async () => {
      const target = await registerClient(gateway.baseUrl, adminToken, 'dpmptsp', ['permits:read']);
      const guess = (from: string) =>
        send(`${gateway.baseUrl}/oauth/token`, { method: 'POST', from, headers: FORM, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: target.clientId, client_secret: 'wrong' }).toString() });
      for (let attempt = 0; attempt < 10; attempt++) expect((await guess(`127.0.1.${attempt + 1}`)).status).toBe(401);
      expect((await guess('127.0.1.99')).status).toBe(429);
    });

    it('limits failures per address across client ids, and a forged X-Forwarded-For from an untrusted peer does not get around it', async () => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 31; attempt++) {
        const answer = await send(`${gateway.baseUrl}/oauth/token`, {
          method: 'POST',
          from: '127.0.0.4',
          headers: { ...FORM, 'x-forwarded-for': `198.51.100.${attempt}` },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: `sprayed-${attempt}`, client_secret: 'wrong' }).toString(),
        });
        statuses.push(answer.status);
      }
      expect(statuses).toEqual([...Array(30).fill(401), 429]);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await query<{ address: string }>(`SELECT DISTINCT address FROM login_failures WHERE client_id LIKE 'sprayed-%'`)).map((row) => row.address)).toEqual(['127.0.0.4']);
    });
  });

  describe('the caller address behind the public rate limit', () => {
    const discovery = () => `${gateway.baseUrl}/open311/v2/discovery.json`;

    /**
     * Calls until the first 429 and returns how many were answered before it, with how many the
     * bucket could have allowed by then: a minute's worth plus what refilled while the calls ran
     * (one per 1.5 s at 40 a minute), so a slow, loaded machine does not fail the test. Without a
     * shared limit there would be no 429 at all within twice the minute's worth.
     */
    async function callsUntilLimited(call: (index: number) => Promise<Sent>): Promise<{ answered: number; allowed: number }> {
      const started = Date.now();
      for (let index = 0; index < 2 * PUBLIC_LIMIT_PER_MINUTE + 10; index++) {
        if ((await call(index)).status === 429) {
          const refilled = Math.ceil(((Date.now() - started) * PUBLIC_LIMIT_PER_MINUTE) / 60_000);
          return { answered: index, allowed: PUBLIC_LIMIT_PER_MINUTE + refilled };
        }
      }
      throw new Error(`no 429 within ${2 * PUBLIC_LIMIT_PER_MINUTE + 10} calls: each call counted as another caller`);
    }

    it('ignores X-Forwarded-For from a peer that is not a trusted proxy: one caller cannot pose as many', async () => {
      const { answered, allowed } = await callsUntilLimited((call) => send(discovery(), { from: '127.0.0.5', headers: { 'x-forwarded-for': `203.0.113.${call}` } }));
      expect(answered).toBeGreaterThanOrEqual(PUBLIC_LIMIT_PER_MINUTE);
      expect(answered).toBeLessThanOrEqual(allowed);
      // Nor use up somebody else's: the address it named is still free.
      expect((await send(discovery(), { from: PROXY, headers: { 'x-forwarded-for': '203.0.113.1' } })).status).not.toBe(429);
    });

    it('takes the caller from X-Forwarded-For when the peer is the trusted proxy', async () => {
      const statuses: number[] = [];
      for (let call = 0; call <= PUBLIC_LIMIT_PER_MINUTE; call++) {
        statuses.push((await send(discovery(), { from: PROXY, headers: { 'x-forwarded-for': `192.0.2.${call}` } })).status);
      }
      expect(statuses).not.toContain(429);
      const { answered, allowed } = await callsUntilLimited(() => send(discovery(), { from: PROXY, headers: { 'x-forwarded-for': '192.0.2.200' } }));
      expect(answered).toBeGreaterThanOrEqual(PUBLIC_LIMIT_PER_MINUTE);
      expect(answered).toBeLessThanOrEqual(allowed);
    });
  });

  describe('credentials that work on one API only', () => {
    let reporter: Credentials;
    let lms: Credentials;
    const open311Post = (apiKey: string) =>
      send(`${gateway.baseUrl}/open311/v2/requests.json`, { method: 'POST', headers: FORM, body: new URLSearchParams({ api_key: apiKey, service_code: 'JALAN-RUSAK', description: 'Lubang' }).toString() });
    const xapiGet = (authorization: string) => send(`${gateway.baseUrl}/xapi/statements`, { headers: { authorization, 'x-experience-api-version': '1.0.3' } });
    // Past authentication the call is forwarded to a service that is not running here: 503 means the credential was accepted.
    const ACCEPTED = 503;

    beforeAll(async () => {
      reporter = await registerClient(gateway.baseUrl, adminToken, 'dinas-kominfo', ['complaints:write']);
      lms = await registerClient(gateway.baseUrl, adminToken, 'bkpsdm', ['training:read', 'training:write']);
    });

    it('issues an Open311 key once, lists it without its secret, and accepts it on Open311 only', async () => {
      const issued = await callAdmin(gateway.baseUrl, adminToken, 'POST', `/v1/admin/clients/${reporter.clientId}/open311-keys`);
      expect(issued.status).toBe(201);
      expect(issued.body).toEqual({ credentialId: expect.stringMatching(/^open311_[a-f0-9]{16}$/), clientId: reporter.clientId, api: 'open311', createdAt: expect.any(String), revokedAt: null, apiKey: expect.any(String) });
      const apiKey = issued.body.apiKey as string;
      const [keyId, keySecret] = apiKey.split(':');
      const listed = await callAdmin(gateway.baseUrl, adminToken, 'GET', `/v1/admin/clients/${reporter.clientId}/open311-keys`);
      expect(listed.body).toEqual({ items: [{ credentialId: keyId, clientId: reporter.clientId, api: 'open311', createdAt: expect.any(String), revokedAt: null }] });
      expect(JSON.stringify(await query(`SELECT * FROM api_credentials`))).not.toContain(keySecret);

      expect((await open311Post(apiKey)).status).toBe(ACCEPTED);
      expect((await requestToken(gateway.baseUrl, { clientId: keyId, clientSecret: keySecret })).status).toBe(401);
      expect((await xapiGet(basic(keyId, keySecret))).status).toBe(401);
    });

    it('refuses the OAuth client secret as an Open311 api_key and as an xAPI Basic password', async () => {
      const refused = await open311Post(`${reporter.clientId}:${reporter.clientSecret}`);
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body)).toEqual([{ code: 403, description: expect.any(String) }]);
      const xapi = await xapiGet(basic(lms.clientId, lms.clientSecret));
      expect(xapi.status).toBe(401);
      expect(xapi.headers['www-authenticate']).toMatch(/^Basic /);
    });

    it('issues an xAPI credential that works on xAPI only', async () => {
      const credential = await issueXapiCredential(gateway.baseUrl, adminToken, lms.clientId);
      expect(credential.username).toMatch(/^xapi_[a-f0-9]{16}$/);
      expect((await xapiGet(basic(credential.username, credential.password))).status).toBe(ACCEPTED);
      expect((await requestToken(gateway.baseUrl, { clientId: credential.username, clientSecret: credential.password })).status).toBe(401);
      expect((await open311Post(`${credential.username}:${credential.password}`)).status).toBe(403);
    });

    it('refuses a revoked Open311 key at once, and every key of a revoked client', async () => {
      const apiKey = await issueOpen311Key(gateway.baseUrl, adminToken, reporter.clientId);
      const other = await issueOpen311Key(gateway.baseUrl, adminToken, reporter.clientId);
      expect((await open311Post(apiKey)).status).toBe(ACCEPTED);
      const revoked = await callAdmin(gateway.baseUrl, adminToken, 'POST', `/v1/admin/clients/${reporter.clientId}/open311-keys/${apiKey.split(':')[0]}/revoke`);
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      expect((await open311Post(apiKey)).status).toBe(403);
      expect((await open311Post(other)).status).toBe(ACCEPTED);
      expect((await callAdmin(gateway.baseUrl, adminToken, 'POST', `/v1/admin/clients/${reporter.clientId}/revoke`)).status).toBe(200);
      expect((await open311Post(other)).status).toBe(403);
    });

    it('records who issued and who revoked a credential in gateway_admin_audit (once, however often it is revoked)', async () => {
      const issued = await callAdmin(gateway.baseUrl, adminToken, 'POST', `/v1/admin/clients/${lms.clientId}/xapi-credentials`);
      expect(issued.status).toBe(201);
      const credentialId = issued.body.credentialId as string;
      const revokePath = `/v1/admin/clients/${lms.clientId}/xapi-credentials/${credentialId}/revoke`;
      expect((await callAdmin(gateway.baseUrl, adminToken, 'POST', revokePath)).status).toBe(200);
      expect((await callAdmin(gateway.baseUrl, adminToken, 'POST', revokePath)).status).toBe(200);
      const audited = await query<Record<string, unknown>>(
        `SELECT actor_client_id, actor_agency_id, action, target, detail FROM gateway_admin_audit WHERE detail->>'credentialId' = $1 ORDER BY id`,
        [credentialId],
      );
      const actor = { actor_client_id: ADMIN.clientId, actor_agency_id: 'pemkot-palembang', target: lms.clientId, detail: { credentialId, api: 'xapi' } };
      expect(audited).toEqual([
        { ...actor, action: 'api_credential.issued' },
        { ...actor, action: 'api_credential.revoked' },
      ]);
      expect(JSON.stringify(audited)).not.toContain(issued.body.password as string);
    });

    it('lets only an admin who may manage the client issue, list or revoke its credentials', async () => {
      const target = await registerClient(gateway.baseUrl, adminToken, 'dinas-kominfo', ['complaints:write']);
      const ownAgencyAdmin = await accessToken(gateway.baseUrl, await registerClient(gateway.baseUrl, adminToken, 'dinas-kominfo', ['admin', 'complaints:write']));
      const weakerAdmin = await accessToken(gateway.baseUrl, await registerClient(gateway.baseUrl, adminToken, 'dinas-kominfo', ['admin']));
      const otherAgencyAdmin = await accessToken(gateway.baseUrl, await registerClient(gateway.baseUrl, adminToken, 'dinas-pupr', ['admin', 'complaints:write']));
      const path = `/v1/admin/clients/${target.clientId}/open311-keys`;
      const issued = await callAdmin(gateway.baseUrl, ownAgencyAdmin, 'POST', path);
      expect(issued.status).toBe(201);
      const revokePath = `${path}/${issued.body.credentialId as string}/revoke`;
      expect((await callAdmin(gateway.baseUrl, weakerAdmin, 'POST', revokePath)).status).toBe(403);
      expect((await callAdmin(gateway.baseUrl, otherAgencyAdmin, 'POST', revokePath)).status).toBe(403);
      expect((await open311Post(issued.body.apiKey as string)).status).toBe(ACCEPTED);
      expect((await callAdmin(gateway.baseUrl, weakerAdmin, 'POST', path)).status).toBe(403);
      expect((await callAdmin(gateway.baseUrl, otherAgencyAdmin, 'POST', path)).status).toBe(403);
      expect((await callAdmin(gateway.baseUrl, otherAgencyAdmin, 'GET', path)).status).toBe(403);
      expect((await callAdmin(gateway.baseUrl, undefined, 'GET', path)).status).toBe(401);
      expect((await callAdmin(gateway.baseUrl, adminToken, 'POST', `/v1/admin/clients/${lms.clientId}/open311-keys`)).status).toBe(409);
    });
  });
});
