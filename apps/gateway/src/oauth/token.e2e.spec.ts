import { JwksKeySet, TokenVerifier } from '@palembang/auth';
import { Client } from 'pg';
import { accessToken, callAdmin, Credentials, requestToken } from '@palembang/platform/testing';
import { RunningGateway, startGateway } from '../testing/start-gateway';

const ADMIN: Credentials = { clientId: 'bootstrap-admin', clientSecret: 'bootstrap-secret-for-tests-only' };

describe('POST /oauth/token (client credentials, against the gateway process)', () => {
  let gateway: RunningGateway;
  let portal: Credentials;

  beforeAll(async () => {
    gateway = await startGateway({ GATEWAY_BOOTSTRAP_ADMIN_SECRET: ADMIN.clientSecret });
    const created = await callAdmin(gateway.baseUrl, await accessToken(gateway.baseUrl, ADMIN), 'POST', '/v1/admin/clients', {
      name: 'DPMPTSP permit portal',
      agencyId: 'dpmptsp',
      scopes: ['permits:read', 'permits:write'],
    });
    expect(created.status).toBe(201);
    portal = { clientId: created.body.clientId as string, clientSecret: created.body.clientSecret as string };
  }, 90_000);

  afterAll(async () => {
    expect(await gateway?.terminate()).toBe(0);
  });

  it('issues a bearer token for good credentials sent with HTTP Basic, not to be cached', async () => {
    const answer = await requestToken(gateway.baseUrl, portal, { method: 'basic' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 600, scope: 'permits:read permits:write' });
  });

  it('issues a token for credentials sent as form fields, narrowed to the scope asked for', async () => {
    const answer = await requestToken(gateway.baseUrl, portal, { method: 'post', scope: 'permits:read' });
    expect(answer.status).toBe(200);
    expect(answer.body.scope).toBe('permits:read');
  });

  it('issues tokens that a service verifies against the live JWKS', async () => {
    const verifier = new TokenVerifier({
      issuer: gateway.baseUrl,
      audience: 'palembang-platform',
      keys: new JwksKeySet({ url: `${gateway.baseUrl}/.well-known/jwks.json` }),
    });
    const { principal, claims } = await verifier.verify(await accessToken(gateway.baseUrl, portal));
    expect(principal).toEqual({ clientId: portal.clientId, agencyId: 'dpmptsp', scopes: ['permits:read', 'permits:write'] });
    expect(claims.exp - claims.iat).toBe(600);
  });

  it('publishes public keys only', async () => {
    const jwks = (await (await fetch(`${gateway.baseUrl}/.well-known/jwks.json`)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) });
      expect(key).not.toHaveProperty('d');
    }
  });

  it('answers a wrong secret with 401 invalid_client and a Basic challenge', async () => {
    const answer = await requestToken(gateway.baseUrl, { ...portal, clientSecret: `${portal.clientSecret}x` });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    expect(answer.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('answers an unknown client like a wrong secret', async () => {
    const answer = await requestToken(gateway.baseUrl, { clientId: 'nobody', clientSecret: 'whatever' }, { method: 'post' });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_client');
  });

  it('refuses other grant types with unsupported_grant_type', async () => {
    const answer = await requestToken(gateway.baseUrl, portal, { grantType: 'password' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'unsupported_grant_type', error_description: expect.any(String) });
  });

  it('refuses a scope the client does not hold with invalid_scope', async () => {
    const answer = await requestToken(gateway.baseUrl, portal, { scope: 'permits:read admin' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'invalid_scope', error_description: expect.stringContaining('admin') });
  });

  it('refuses a request that is not form-encoded, or lacks grant_type, with invalid_request', async () => {
    const json = await fetch(`${gateway.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: portal.clientId, client_secret: portal.clientSecret }),
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });
    const noGrant = await fetch(`${gateway.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: portal.clientId, client_secret: portal.clientSecret }).toString(),
    });
    expect(noGrant.status).toBe(400);
    expect(await noGrant.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('keeps tokens signed before a key rotation verifiable, and signs new ones with the new key', async () => {
    const verifier = new TokenVerifier({
      issuer: gateway.baseUrl,
      audience: 'palembang-platform',
      keys: new JwksKeySet({ url: `${gateway.baseUrl}/.well-known/jwks.json`, minRefetchIntervalMs: 0 }),
    });
    const before = await accessToken(gateway.baseUrl, portal);
    await verifier.verify(before);
    const rotation = await callAdmin(gateway.baseUrl, await accessToken(gateway.baseUrl, ADMIN), 'POST', '/v1/admin/signing-keys/rotate');
    expect(rotation.status).toBe(200);
    const after = await accessToken(gateway.baseUrl, portal);
    const kidOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid;
    expect(kidOf(after)).toBe(rotation.body.kid);
    expect(kidOf(before)).toBe(rotation.body.retiredKid);
    await expect(verifier.verify(after)).resolves.toBeDefined();
    await expect(verifier.verify(before)).resolves.toBeDefined();
  });

  it('stops accepting a retired key once its day is over, though it accepted the same token a moment before', async () => {
    const adminToken = await accessToken(gateway.baseUrl, ADMIN);
    const kid = JSON.parse(Buffer.from(adminToken.split('.')[0], 'base64url').toString()).kid;
    expect((await callAdmin(gateway.baseUrl, adminToken, 'GET', '/v1/admin/clients')).status).toBe(200);
    expect((await callAdmin(gateway.baseUrl, adminToken, 'POST', '/v1/admin/signing-keys/rotate')).body.retiredKid).toBe(kid);
    const db = new Client({ connectionString: gateway.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE signing_keys SET retired_at = now() - interval '1 day' + interval '2 seconds' WHERE kid = $1`, [kid]);
    } finally {
      await db.end();
    }
    expect((await callAdmin(gateway.baseUrl, adminToken, 'GET', '/v1/admin/clients')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await callAdmin(gateway.baseUrl, adminToken, 'GET', '/v1/admin/clients')).status).toBe(401);
  });
});
