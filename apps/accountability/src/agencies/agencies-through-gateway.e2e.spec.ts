import { randomUUID } from 'node:crypto';
import { eventually } from '@palembang/events/testing';
import { callAdmin, ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';

type Answer = { status: number; headers: Headers; body: Record<string, unknown> & { items?: Array<Record<string, unknown>>; errors?: Array<{ field: string }> } };

async function call(baseUrl: string, token: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const sent: Record<string, string> = { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const response = await fetch(`${baseUrl}${path}`, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

/**
 * The agency register through the gateway, with the accountability and training services as processes on the
 * test run's PostgreSQL and Kafka: read with any token, changed by a city administrator, clients and training
 * records refused for an agency the register does not hold, and training learning a new agency from Kafka.
 */
describe('the agency register (gateway, accountability and training processes)', () => {
  let platform: ServicesBehindGateway<'accountability' | 'training'>;
  const url = () => platform.gateway.baseUrl;
  const agencyId = `dinas-e2e-${randomUUID().slice(0, 8)}`;
  const nip = `198503122010011${String(Math.floor(Math.random() * 900) + 100)}`;
  let reader: string;
  let bkpsdm: string;

  beforeAll(async () => {
    platform = await startBehindGateway(['accountability', 'training'], { RATE_LIMIT_PER_MINUTE: '100000' }, { KAFKA_CONSUMER_GROUP_SUFFIX: `e2e-${randomUUID().slice(0, 8)}`, ACCOUNTABILITY_CONSUMER_GROUP: `accountability-e2e-${randomUUID()}` });
    reader = await platform.tokenFor('dinas-pupr', ['permits:read']);
    bkpsdm = await platform.tokenFor('bkpsdm', ['training:read', 'training:write']);
  }, 240_000);

  afterAll(async () => {
    expect(await platform?.stop()).toEqual([0, 0, 0]);
  });

  it("lists Palembang's agencies by name to any client with a token, and answers one with its ETag", async () => {
    expect((await call(url(), undefined, 'GET', '/v1/agencies')).status).toBe(401);
    const page = await call(url(), reader, 'GET', '/v1/agencies?kind=kecamatan&limit=100');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(18);
    expect(page.body.items?.[0]).toEqual(expect.objectContaining({ agencyId: expect.stringMatching(/^kecamatan-/), name: expect.stringMatching(/^Kecamatan /), shortName: expect.any(String), kind: 'kecamatan' }));
    const pupr = await call(url(), reader, 'GET', '/v1/agencies/dinas-pupr');
    expect(pupr).toMatchObject({ status: 200, body: { agencyId: 'dinas-pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', shortName: 'Dinas PUPR', kind: 'dinas', status: 'active' } });
    expect(pupr.headers.get('etag')).toBe('"1"');
    expect(await call(url(), reader, 'GET', '/v1/agencies/tidak-ada')).toMatchObject({ status: 404, body: { code: 'AGENCY.NOT_FOUND' } });
  });

  it('refuses a client and a civil servant for an agency the register does not hold, naming the field', async () => {
    const client = await callAdmin(url(), platform.adminToken, 'POST', '/v1/admin/clients', { name: 'Dinas baru', agencyId, scopes: ['permits:read'] });
    expect(client).toMatchObject({ status: 422, body: { code: 'AGENCY.NOT_REGISTERED', errors: [{ field: 'agencyId' }] } });
    const servant = await call(url(), bkpsdm, 'POST', '/v1/civil-servants', { nip, name: 'Dewi Lestari', agencyId });
    expect(servant).toMatchObject({ status: 422, body: { code: 'AGENCY.NOT_REGISTERED', errors: [{ field: 'agencyId' }] } });
  });

  it('lets only a city administrator (admin and agencies:all) register an agency, which clients and training then accept', async () => {
    const body = { agencyId, name: 'Dinas Perikanan', shortName: 'Diskan', kind: 'dinas' };
    expect((await call(url(), reader, 'POST', '/v1/agencies', body)).status).toBe(403);
    const agencyAdmin = await platform.tokenFor('dinas-pupr', ['admin', 'permits:read']);
    expect((await call(url(), agencyAdmin, 'POST', '/v1/agencies', body)).status).toBe(403);
    expect(await call(url(), platform.adminToken, 'POST', '/v1/agencies', { ...body, kind: 'kementerian' })).toMatchObject({ status: 400, body: { errors: [{ field: 'kind' }] } });

    const registered = await call(url(), platform.adminToken, 'POST', '/v1/agencies', body, { 'idempotency-key': randomUUID() });
    expect(registered).toMatchObject({ status: 201, body: { ...body, status: 'active', version: 1 } });
    expect(registered.headers.get('location')).toBe(`/v1/agencies/${agencyId}`);
    expect(await call(url(), platform.adminToken, 'POST', '/v1/agencies', body)).toMatchObject({ status: 409, body: { code: 'AGENCY.ALREADY_REGISTERED' } });

    expect((await callAdmin(url(), platform.adminToken, 'POST', '/v1/admin/clients', { name: 'Dinas baru', agencyId, scopes: ['permits:read'] })).status).toBe(201);
    // Training learns the registration from accountability.events (outbox relay, then its follower).
    await eventually(async () => (await call(url(), bkpsdm, 'POST', '/v1/civil-servants', { nip, name: 'Dewi Lestari', agencyId })).status === 201, 120_000, 500);
  }, 180_000);

  it('renames with If-Match and retires an agency: a retired one gets no new client and is not changed again', async () => {
    expect((await call(url(), platform.adminToken, 'PATCH', `/v1/agencies/${agencyId}`, { shortName: 'DKP' }, { 'if-match': '"9"' })).status).toBe(412);
    expect(await call(url(), platform.adminToken, 'PATCH', `/v1/agencies/${agencyId}`, { shortName: 'DKP' }, { 'if-match': '"1"' })).toMatchObject({ status: 200, body: { shortName: 'DKP', version: 2 } });
    expect(await call(url(), platform.adminToken, 'POST', `/v1/agencies/${agencyId}/retire`, { reason: 'Digabung ke Dinas Ketahanan Pangan' })).toMatchObject({ status: 200, body: { status: 'retired', version: 3 } });
    expect((await callAdmin(url(), platform.adminToken, 'POST', '/v1/admin/clients', { name: 'Dinas lama', agencyId, scopes: ['permits:read'] })).status).toBe(422);
    expect(await call(url(), platform.adminToken, 'PATCH', `/v1/agencies/${agencyId}`, { shortName: 'X' })).toMatchObject({ status: 409, body: { code: 'AGENCY.RETIRED' } });
    const active = await call(url(), reader, 'GET', '/v1/agencies?limit=100');
    expect(active.body.items?.map((agency) => agency.agencyId)).not.toContain(agencyId);
  });
});
