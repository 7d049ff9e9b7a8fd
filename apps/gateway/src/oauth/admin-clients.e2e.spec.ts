import { signJws } from '@palembang/auth';
import { createPrivateKey } from 'node:crypto';
import { Client } from 'pg';
import { accessToken, callAdmin, Credentials, requestToken } from '@palembang/platform/testing';
import { RunningGateway, startGateway } from '../testing/start-gateway';

const ADMIN: Credentials = { clientId: 'bootstrap-admin', clientSecret: 'another-bootstrap-secret-for-tests' };

describe('the admin API of the gateway process', () => {
  let gateway: RunningGateway;
  let db: Client;
  let adminToken: string;

  const createClient = async (body: object) => callAdmin(gateway.baseUrl, adminToken, 'POST', '/v1/admin/clients', body);
  const credentialsOf = (body: Record<string, unknown>): Credentials => ({ clientId: body.clientId as string, clientSecret: body.clientSecret as string });

  beforeAll(async () => {
    gateway = await startGateway({ GATEWAY_BOOTSTRAP_ADMIN_SECRET: ADMIN.clientSecret });
    db = new Client({ connectionString: gateway.databaseUrl });
    await db.connect();
    adminToken = await accessToken(gateway.baseUrl, ADMIN);
  }, 90_000);

  afterAll(async () => {
    await db?.end();
    expect(await gateway?.terminate()).toBe(0);
  });

  describe('authentication', () => {
    it('answers a request without a token with 401 problem+json and a Bearer challenge', async () => {
      const answer = await callAdmin(gateway.baseUrl, undefined, 'GET', '/v1/admin/clients');
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ type: expect.any(String), title: 'Unauthorized', status: 401, detail: expect.any(String) });
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('refuses a tampered token with 401 invalid_token', async () => {
      const [header, payload, signature] = adminToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, agency_id: 'dinkes' })).toString('base64url')}.${signature}`;
      const answer = await callAdmin(gateway.baseUrl, tampered, 'GET', '/v1/admin/clients');
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it('refuses an expired token, even one signed with its own key, with 401', async () => {
      const [key] = (await db.query(`SELECT kid, private_key_pem FROM signing_keys WHERE retired_at IS NULL`)).rows;
      const claims = JSON.parse(Buffer.from(adminToken.split('.')[1], 'base64url').toString());
      const expired = await signJws({ alg: 'ES256', typ: 'at+jwt', kid: key.kid }, { ...claims, iat: claims.iat - 3600, nbf: claims.iat - 3600, exp: claims.iat - 3000 }, createPrivateKey(key.private_key_pem));
      const answer = await callAdmin(gateway.baseUrl, expired, 'GET', '/v1/admin/clients');
      expect(answer.status).toBe(401);
    });

    it('refuses a token without the admin scope with 403', async () => {
      const created = await createClient({ name: 'Dinas Kesehatan complaints desk', agencyId: 'dinas-kesehatan', scopes: ['complaints:read'] });
      const token = await accessToken(gateway.baseUrl, credentialsOf(created.body));
      for (const [method, path] of [['GET', '/v1/admin/clients'], ['POST', '/v1/admin/signing-keys/rotate'], ['POST', `/v1/admin/clients/${created.body.clientId}/revoke`]] as const) {
        const answer = await callAdmin(gateway.baseUrl, token, method, path);
        expect(answer.status).toBe(403);
        expect(answer.body).toMatchObject({ status: 403, title: 'Forbidden' });
      }
    });
  });

  describe('clients', () => {
    it('creates a client whose secret, shown once, gets tokens', async () => {
      const created = await createClient({ name: 'Portal', agencyId: 'dpmptsp', scopes: ['permits:read'] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ clientId: expect.stringMatching(/^dpmptsp-/), agencyId: 'dpmptsp', scopes: ['permits:read'], clientSecret: expect.any(String) });
      expect((await requestToken(gateway.baseUrl, credentialsOf(created.body))).status).toBe(200);
    });

    it('rotates a secret: the old one stops working, the new one works', async () => {
      const created = await createClient({ name: 'Complaints app', agencyId: 'dinas-kominfo', scopes: ['complaints:read', 'complaints:write'] });
      const rotated = await callAdmin(gateway.baseUrl, adminToken, 'POST', `/v1/admin/clients/${created.body.clientId}/rotate-secret`);
      expect(rotated.status).toBe(200);
      expect(rotated.body.clientSecret).not.toBe(created.body.clientSecret);
      expect((await requestToken(gateway.baseUrl, credentialsOf(created.body))).body.error).toBe('invalid_client');
      expect((await requestToken(gateway.baseUrl, credentialsOf(rotated.body))).status).toBe(200);
    });

    it('revokes a client: its secret gets no more tokens', async () => {
      const created = await createClient({ name: 'Old LMS', agencyId: 'bkpsdm', scopes: ['training:read'] });
      const revoked = await callAdmin(gateway.baseUrl, adminToken, 'POST', `/v1/admin/clients/${created.body.clientId}/revoke`);
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      const answer = await requestToken(gateway.baseUrl, credentialsOf(created.body), { method: 'post' });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('invalid_client');
    });

    it('answers an unknown client id with 404', async () => {
      expect((await callAdmin(gateway.baseUrl, adminToken, 'POST', '/v1/admin/clients/nobody/rotate-secret')).status).toBe(404);
    });

    it('stores secrets hashed with scrypt: no row of any table contains a secret, not even for an Idempotency-Key replay', async () => {
      const body = { name: 'Dashboard', agencyId: 'inspektorat', scopes: ['metrics:read'] };
      const post = () =>
        fetch(`${gateway.baseUrl}/v1/admin/clients`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'idempotency-key': 'create-dashboard-1' },
          body: JSON.stringify(body),
        });
      const created = await post();
      expect(created.status).toBe(201);
      const { clientId, clientSecret } = (await created.json()) as { clientId: string; clientSecret: string };
      const replay = await post();
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await replay.json()).toMatchObject({ clientId, clientSecret: null });

      const tables = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows.map((row) => row.tablename as string);
      expect(tables).toEqual(expect.arrayContaining(['oauth_clients', 'http_idempotency_keys']));
      for (const secret of [clientSecret, ADMIN.clientSecret]) {
        for (const table of tables) {
          const leaks = await db.query(`SELECT count(*)::int AS n FROM "${table}" t WHERE strpos(t::text, $1) > 0`, [secret]);
          expect({ table, leaks: leaks.rows[0].n }).toEqual({ table, leaks: 0 });
        }
      }
      const hashes = await db.query(`SELECT secret_hash FROM oauth_clients`);
      for (const row of hashes.rows) expect(row.secret_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
    });

    it('lists clients without secrets or hashes', async () => {
      const list = await callAdmin(gateway.baseUrl, adminToken, 'GET', '/v1/admin/clients?limit=200');
      expect(list.status).toBe(200);
      expect(list.body.items?.map((client) => client.clientId)).toContain('bootstrap-admin');
      for (const client of list.body.items ?? []) {
        expect(Object.keys(client).sort()).toEqual(['agencyId', 'clientId', 'createdAt', 'name', 'revokedAt', 'rotatedAt', 'scopes']);
      }
    });

    it.each([
      [{ name: 'x', agencyId: 'Not An Agency!', scopes: ['permits:read'] }, 'agencyId'],
      [{ name: 'x', agencyId: 'dpmptsp', scopes: ['permits:delete'] }, 'scopes'],
      [{ name: 'x'.repeat(121), agencyId: 'dpmptsp', scopes: ['permits:read'] }, 'name'],
      [{ name: 'x', agencyId: 'dpmptsp', scopes: [] }, 'scopes'],
      [{ name: 'x', agencyId: 'dpmptsp', scopes: ['permits:read'], secret: 'mine' }, 'secret'],
    ])('refuses invalid input %#, naming the field', async (body, field) => {
      const answer = await createClient(body);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((answer.body.errors as Array<{ field: string }>).map((error) => error.field)).toContain(field);
    });
  });

  describe('an agency admin (admin without agencies:all)', () => {
    let agencyAdmin: string;

    beforeAll(async () => {
      // It may grant only scopes it holds itself (client-escalation.e2e.spec.ts).
      const created = await createClient({ name: 'DPMPTSP administrator', agencyId: 'dpmptsp', scopes: ['admin', 'permits:read'] });
      agencyAdmin = await accessToken(gateway.baseUrl, credentialsOf(created.body));
    });

    it('manages clients of its own agency only', async () => {
      const own = await callAdmin(gateway.baseUrl, agencyAdmin, 'POST', '/v1/admin/clients', { name: 'Kiosk', agencyId: 'dpmptsp', scopes: ['permits:read'] });
      expect(own.status).toBe(201);
      const other = await callAdmin(gateway.baseUrl, agencyAdmin, 'POST', '/v1/admin/clients', { name: 'Kiosk', agencyId: 'dinas-kesehatan', scopes: ['permits:read'] });
      expect(other.status).toBe(403);
      const list = await callAdmin(gateway.baseUrl, agencyAdmin, 'GET', '/v1/admin/clients');
      expect(new Set(list.body.items?.map((client) => client.agencyId))).toEqual(new Set(['dpmptsp']));
      expect((await callAdmin(gateway.baseUrl, agencyAdmin, 'POST', '/v1/admin/clients/bootstrap-admin/revoke')).status).toBe(403);
    });

    it('cannot grant agencies:all or rotate the platform signing key', async () => {
      const escalation = await callAdmin(gateway.baseUrl, agencyAdmin, 'POST', '/v1/admin/clients', { name: 'x', agencyId: 'dpmptsp', scopes: ['agencies:all'] });
      expect(escalation.status).toBe(403);
      expect((await callAdmin(gateway.baseUrl, agencyAdmin, 'POST', '/v1/admin/signing-keys/rotate')).status).toBe(403);
    });
  });

  it('pages the client list with a cursor', async () => {
    const first = await callAdmin(gateway.baseUrl, adminToken, 'GET', '/v1/admin/clients?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await callAdmin(gateway.baseUrl, adminToken, 'GET', `/v1/admin/clients?limit=2&cursor=${first.body.nextCursor}`);
    expect(String(second.body.items?.[0].clientId) > String(first.body.items?.[1].clientId)).toBe(true);
    expect((await callAdmin(gateway.baseUrl, adminToken, 'GET', '/v1/admin/clients?limit=0')).status).toBe(400);
  });

  it('documents the token endpoint, the admin routes and the security schemes at /docs-json', async () => {
    const document = (await (await fetch(`${gateway.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { securitySchemes?: Record<string, { type: string; flows?: { clientCredentials?: { tokenUrl: string } } }> };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/oauth/token',
        '/.well-known/jwks.json',
        '/v1/admin/clients',
        '/v1/admin/clients/{clientId}/rotate-secret',
        '/v1/admin/clients/{clientId}/revoke',
        '/v1/admin/signing-keys/rotate',
      ]),
    );
    expect(document.paths['/v1/admin/clients'].post.security).toEqual(expect.arrayContaining([{ bearer: [] }]));
    expect(document.components.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.securitySchemes?.oauth2.flows?.clientCredentials?.tokenUrl).toMatch(/\/oauth\/token$/);
  });
});
