import { openPrivateKey, signJws } from '@palembang/auth';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { accessToken, callApi, Credentials, PermitsBehindGateway, registerClient, startPermitsBehindGateway } from '@palembang/platform/testing';

const KEY_ENCRYPTION_KEY = randomBytes(32).toString('base64');
/** Everywhere within 60 s (issue 12 point 7); the design promises 35 s. */
const REVOCATION_DEADLINE_MS = 60_000;

const kidOf = (token: string): string => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid;

/**
 * Issue 12 point 7, against a gateway and a permits service, each its own
 * process: the permits service verifies the token itself, so it is also
 * called directly, as a caller inside the cluster could.
 */
describe('revocation that bites, at the gateway and in a service behind it', () => {
  let platform: PermitsBehindGateway;
  let db: Client;

  const atGateway = (token: string) => callApi(platform.gateway.baseUrl, token, 'GET', '/v1/permit-types');
  const atService = (token: string) => callApi(platform.permits.baseUrl, token, 'GET', '/v1/permit-types');
  const admin = (method: 'GET' | 'POST', path: string) => callApi(platform.gateway.baseUrl, platform.adminToken, method, path);
  const reader = () => registerClient(platform.gateway.baseUrl, platform.adminToken, 'dinas-pariwisata', ['permits:read']);

  /** Milliseconds until the call answers 401, polling every second; fails the test past the deadline. */
  async function millisUntilRefused(call: () => Promise<{ status: number }>): Promise<number> {
    const started = Date.now();
    for (;;) {
      const { status } = await call();
      if (status === 401) return Date.now() - started;
      expect(status).toBe(200);
      if (Date.now() - started > REVOCATION_DEADLINE_MS) throw new Error(`still accepted after ${REVOCATION_DEADLINE_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  beforeAll(async () => {
    platform = await startPermitsBehindGateway({ GATEWAY_KEY_ENCRYPTION_KEY: KEY_ENCRYPTION_KEY });
    db = new Client({ connectionString: platform.gateway.databaseUrl });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    expect(await platform?.stop()).toEqual([0, 0]);
  });

  // First: the service fetches the keys with this test's first call, so the rotation comes within seconds of that fetch.
  it('verifies a token of a freshly rotated key in the service at once, even seconds after it fetched the keys', async () => {
    const credentials = await reader();
    const old = await accessToken(platform.gateway.baseUrl, credentials);
    expect((await atService(old)).status).toBe(200);
    const rotation = await admin('POST', '/v1/admin/signing-keys/rotate');
    expect(rotation.status).toBe(200);
    const fresh = await accessToken(platform.gateway.baseUrl, credentials);
    expect(kidOf(fresh)).toBe(rotation.body.kid);
    expect((await atService(fresh)).status).toBe(200);
    expect((await atService(old)).status).toBe(200);
  });

  it('refuses a revoked client\'s token at the gateway and in the service within 60 s, though both accepted it before', async () => {
    const credentials = await reader();
    const token = await accessToken(platform.gateway.baseUrl, credentials);
    expect((await atGateway(token)).status).toBe(200);
    expect((await atService(token)).status).toBe(200);
    expect((await admin('POST', `/v1/admin/clients/${credentials.clientId}/revoke`)).status).toBe(200);
    const [gatewayMs, serviceMs] = await Promise.all([millisUntilRefused(() => atGateway(token)), millisUntilRefused(() => atService(token))]);
    expect(gatewayMs).toBeLessThan(REVOCATION_DEADLINE_MS);
    expect(serviceMs).toBeLessThan(REVOCATION_DEADLINE_MS);
    const published = await callApi(platform.gateway.baseUrl, undefined, 'GET', '/.well-known/revocations.json');
    expect(published.body.clients).toEqual(expect.arrayContaining([expect.objectContaining({ clientId: credentials.clientId, revoked: true })]));
  }, 90_000);

  it('refuses tokens issued before a secret rotation and accepts ones issued after it', async () => {
    const credentials = await reader();
    const before = await accessToken(platform.gateway.baseUrl, credentials);
    expect((await atService(before)).status).toBe(200);
    // iat has whole seconds: a token of the rotation's own second stays valid, so rotate in a later one.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const rotated = await admin('POST', `/v1/admin/clients/${credentials.clientId}/rotate-secret`);
    expect(rotated.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const after = await accessToken(platform.gateway.baseUrl, { clientId: credentials.clientId, clientSecret: rotated.body.clientSecret as string } satisfies Credentials);
    await Promise.all([millisUntilRefused(() => atGateway(before)), millisUntilRefused(() => atService(before))]);
    expect((await atGateway(after)).status).toBe(200);
    expect((await atService(after)).status).toBe(200);
  }, 90_000);

  it('revokes the active signing key at once: it leaves the JWKS, its tokens are refused everywhere within 60 s, new tokens use a new key', async () => {
    const credentials = await reader();
    const token = await accessToken(platform.gateway.baseUrl, credentials);
    const kid = kidOf(token);
    expect((await atService(token)).status).toBe(200);
    expect((await atGateway(token)).status).toBe(200);
    const revoked = await admin('POST', `/v1/admin/signing-keys/${kid}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ kid, activeKid: expect.any(String) });
    expect(revoked.body.activeKid).not.toBe(kid);
    const jwks = await callApi(platform.gateway.baseUrl, undefined, 'GET', '/.well-known/jwks.json');
    expect((jwks.body.keys as Array<{ kid: string }>).map((key) => key.kid)).not.toContain(kid);
    const [stored] = (await db.query(`SELECT private_key_pem FROM signing_keys WHERE kid = $1`, [kid])).rows;
    expect(stored.private_key_pem).toBe('');

    const fresh = await accessToken(platform.gateway.baseUrl, credentials);
    expect(kidOf(fresh)).toBe(revoked.body.activeKid);
    expect((await atService(fresh)).status).toBe(200);
    const [gatewayMs, serviceMs] = await Promise.all([millisUntilRefused(() => atGateway(token)), millisUntilRefused(() => atService(token))]);
    expect(Math.max(gatewayMs, serviceMs)).toBeLessThan(REVOCATION_DEADLINE_MS);
    expect((await atGateway(fresh)).status).toBe(200);
  }, 90_000);

  it('refuses a correctly signed token living longer than the cap of an hour, at the gateway and in the service', async () => {
    const [key] = (await db.query(`SELECT kid, private_key_pem FROM signing_keys WHERE retired_at IS NULL`)).rows;
    const privateKey = createPrivateKey(openPrivateKey(key.private_key_pem, key.kid, Buffer.from(KEY_ENCRYPTION_KEY, 'base64')));
    const token = await accessToken(platform.gateway.baseUrl, await reader());
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const sign = (lifetime: number) => signJws({ alg: 'ES256', typ: 'at+jwt', kid: key.kid }, { ...claims, exp: claims.iat + lifetime }, privateKey);
    expect((await atService(await sign(3600))).status).toBe(200);
    expect((await atService(await sign(3601))).status).toBe(401);
    expect((await atService(await sign(30 * 24 * 3600))).status).toBe(401);
    // The gateway caps at its own configured lifetime, ten minutes here.
    expect((await atGateway(await sign(600))).status).toBe(200);
    expect((await atGateway(await sign(601))).status).toBe(401);
  });
});
