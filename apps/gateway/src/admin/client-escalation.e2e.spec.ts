import { Client } from 'pg';
import { accessToken, callAdmin, callApi, Credentials, registerClient } from '@palembang/platform/testing';
import { RunningGateway, startGateway } from '../testing/start-gateway';

const CITY_ADMIN: Credentials = { clientId: 'bootstrap-admin', clientSecret: 'escalation-bootstrap-secret-0001' };

/** Issue 12 point 1: an admin manages only clients of its agency that hold no more than it does. */
describe('an admin cannot manage a client holding more than it does', () => {
  let gateway: RunningGateway;
  let db: Client;
  let cityAdmin: string;
  /** An admin of the city's own agency (pemkot-palembang, like bootstrap-admin) holding admin and permits:read only. */
  let agencyAdmin: string;
  let agencyAdminId: string;

  const call = (token: string, method: 'GET' | 'POST', path: string, body?: unknown) => callAdmin(gateway.baseUrl, token, method, path, body);
  const put = (token: string, path: string, body: unknown) =>
    fetch(`${gateway.baseUrl}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    }));
  const auditOf = async (target: string) =>
    (await db.query(`SELECT actor_client_id, actor_agency_id, action, detail FROM gateway_admin_audit WHERE target = $1 ORDER BY id`, [target])).rows;

  beforeAll(async () => {
    gateway = await startGateway({ GATEWAY_BOOTSTRAP_ADMIN_SECRET: CITY_ADMIN.clientSecret });
    db = new Client({ connectionString: gateway.databaseUrl });
    await db.connect();
    cityAdmin = await accessToken(gateway.baseUrl, CITY_ADMIN);
    const credentials = await registerClient(gateway.baseUrl, cityAdmin, 'pemkot-palembang', ['admin', 'permits:read']);
    agencyAdminId = credentials.clientId;
    agencyAdmin = await accessToken(gateway.baseUrl, credentials);
  }, 90_000);

  afterAll(async () => {
    await db?.end();
    expect(await gateway?.terminate()).toBe(0);
  });

  it('refuses to rotate the secret of, revoke or read the agencies:all bootstrap admin of its own agency (403, no secret)', async () => {
    const rotation = await call(agencyAdmin, 'POST', '/v1/admin/clients/bootstrap-admin/rotate-secret');
    expect(rotation.status).toBe(403);
    expect(rotation.body.clientSecret).toBeUndefined();
    expect(rotation.body).toMatchObject({ type: 'urn:palembang:problem:auth.scope_not_held', code: 'AUTH.SCOPE_NOT_HELD', detail: expect.stringContaining('agencies:all') });
    expect((await call(agencyAdmin, 'POST', '/v1/admin/clients/bootstrap-admin/revoke')).status).toBe(403);
    expect((await call(agencyAdmin, 'GET', '/v1/admin/clients/bootstrap-admin')).status).toBe(403);
    // The bootstrap admin still works with its secret.
    expect(await accessToken(gateway.baseUrl, CITY_ADMIN)).toEqual(expect.any(String));
  });

  it('refuses to create a client with a scope it does not hold', async () => {
    const answer = await call(agencyAdmin, 'POST', '/v1/admin/clients', { name: 'Counter', agencyId: 'pemkot-palembang', scopes: ['permits:read', 'permits:write'] });
    expect(answer.status).toBe(403);
    expect(answer.body.detail).toContain('permits:write');
    expect((await call(agencyAdmin, 'POST', '/v1/admin/clients', { name: 'Reader', agencyId: 'pemkot-palembang', scopes: ['permits:read'] })).status).toBe(201);
  });

  it('refuses to rotate or revoke a client of its agency holding a scope it lacks, and manages one holding less', async () => {
    const stronger = await registerClient(gateway.baseUrl, cityAdmin, 'pemkot-palembang', ['permits:read', 'complaints:write']);
    expect((await call(agencyAdmin, 'POST', `/v1/admin/clients/${stronger.clientId}/rotate-secret`)).status).toBe(403);
    expect((await call(agencyAdmin, 'POST', `/v1/admin/clients/${stronger.clientId}/revoke`)).status).toBe(403);
    const weaker = await registerClient(gateway.baseUrl, cityAdmin, 'pemkot-palembang', ['permits:read']);
    const rotated = await call(agencyAdmin, 'POST', `/v1/admin/clients/${weaker.clientId}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.clientSecret).toEqual(expect.any(String));
    expect((await call(agencyAdmin, 'GET', `/v1/admin/clients/${weaker.clientId}`)).body).toMatchObject({ clientId: weaker.clientId, scopes: ['permits:read'] });
  });

  it('refuses a client of another agency even when it holds less', async () => {
    const other = await registerClient(gateway.baseUrl, cityAdmin, 'dinas-kesehatan', ['permits:read']);
    expect((await call(agencyAdmin, 'POST', `/v1/admin/clients/${other.clientId}/rotate-secret`)).status).toBe(403);
    expect((await call(agencyAdmin, 'GET', `/v1/admin/clients/${other.clientId}`)).status).toBe(403);
    expect((await call(agencyAdmin, 'POST', '/v1/admin/clients', { name: 'x', agencyId: 'dinas-kesehatan', scopes: ['permits:read'] })).status).toBe(403);
  });

  it('lists only the clients it manages', async () => {
    const list = await call(agencyAdmin, 'GET', '/v1/admin/clients?limit=200');
    expect(list.status).toBe(200);
    const ids = list.body.items?.map((client) => client.clientId) ?? [];
    expect(ids).toContain(agencyAdminId);
    expect(ids).not.toContain('bootstrap-admin');
    for (const client of list.body.items ?? []) {
      expect(client.agencyId).toBe('pemkot-palembang');
      expect((client.scopes as string[]).every((scope) => ['admin', 'permits:read'].includes(scope))).toBe(true);
    }
  });

  it('changes scopes only within what it holds itself, and only of clients it manages', async () => {
    const reader = await registerClient(gateway.baseUrl, cityAdmin, 'pemkot-palembang', ['permits:read']);
    expect((await put(agencyAdmin, `/v1/admin/clients/${reader.clientId}/scopes`, { scopes: ['permits:read', 'agencies:all'] })).status).toBe(403);
    expect((await put(agencyAdmin, `/v1/admin/clients/${reader.clientId}/scopes`, { scopes: ['admin', 'permits:read'] })).body).toMatchObject({ scopes: ['admin', 'permits:read'] });
    expect((await put(agencyAdmin, '/v1/admin/clients/bootstrap-admin/scopes', { scopes: ['permits:read'] })).status).toBe(403);
    expect((await put(agencyAdmin, `/v1/admin/clients/${reader.clientId}/scopes`, { scopes: ['permits:delete'] })).status).toBe(400);
    expect((await put(cityAdmin, `/v1/admin/clients/${reader.clientId}/scopes`, { scopes: ['permits:read'] })).status).toBe(200);
  });

  it('records who created, rotated, changed and revoked a client', async () => {
    const created = await call(agencyAdmin, 'POST', '/v1/admin/clients', { name: 'Audited', agencyId: 'pemkot-palembang', scopes: ['permits:read'] });
    const clientId = created.body.clientId as string;
    await call(agencyAdmin, 'POST', `/v1/admin/clients/${clientId}/rotate-secret`);
    await put(cityAdmin, `/v1/admin/clients/${clientId}/scopes`, { scopes: ['permits:read', 'complaints:read'] });
    await call(cityAdmin, 'POST', `/v1/admin/clients/${clientId}/revoke`);
    await call(cityAdmin, 'POST', `/v1/admin/clients/${clientId}/revoke`);
    expect(await auditOf(clientId)).toEqual([
      { actor_client_id: agencyAdminId, actor_agency_id: 'pemkot-palembang', action: 'client.created', detail: { agencyId: 'pemkot-palembang', scopes: ['permits:read'] } },
      { actor_client_id: agencyAdminId, actor_agency_id: 'pemkot-palembang', action: 'client.secret_rotated', detail: {} },
      { actor_client_id: 'bootstrap-admin', actor_agency_id: 'pemkot-palembang', action: 'client.scopes_changed', detail: { from: ['permits:read'], to: ['permits:read', 'complaints:read'] } },
      { actor_client_id: 'bootstrap-admin', actor_agency_id: 'pemkot-palembang', action: 'client.revoked', detail: {} },
    ]);
    // A refused attempt changes nothing (the call audit keeps its 403).
    expect(await auditOf('bootstrap-admin')).toEqual([expect.objectContaining({ actor_client_id: 'gateway', action: 'client.created' })]);
  });

  it('answers an unknown client with 404 for every action', async () => {
    expect((await call(cityAdmin, 'GET', '/v1/admin/clients/nobody')).status).toBe(404);
    expect((await put(cityAdmin, '/v1/admin/clients/nobody/scopes', { scopes: ['permits:read'] })).status).toBe(404);
    expect((await callApi(gateway.baseUrl, cityAdmin, 'POST', '/v1/admin/clients/nobody/revoke')).status).toBe(404);
  });
});
