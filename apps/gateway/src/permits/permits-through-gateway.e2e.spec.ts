import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { callApi as call, PermitsBehindGateway, startPermitsBehindGateway, validateOpenApi } from '@palembang/platform/testing';

const NIK = '1671011708900001';
const NAME = 'Siti Aminah';
const TDUP_DOCUMENTS = ['nib', 'ktp', 'akta-pendirian', 'foto-tempat-usaha'];

function submission(applicantId = `citizen-${randomUUID().slice(0, 8)}`) {
  return {
    permitTypeCode: 'TDUP',
    applicant: { applicantId, nik: NIK, name: NAME, phone: '0812-7300-1234', email: 'siti@example.id', address: 'Jl. Merdeka No. 1, Bukit Kecil, Palembang' },
    documents: TDUP_DOCUMENTS,
  };
}

type OpenApi = { paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>; components: { securitySchemes: Record<string, unknown> } };

describe('the permits API through the gateway (gateway and permits processes)', () => {
  let platform: PermitsBehindGateway;
  let officer: string;

  beforeAll(async () => {
    platform = await startPermitsBehindGateway();
    officer = await platform.tokenFor('dinas-pariwisata', ['permits:read', 'permits:write']);
  }, 120_000);

  afterAll(async () => {
    expect(await platform?.stop()).toEqual([0, 0]);
  });

  it('submits an application, tracks it by code and runs lifecycle actions with If-Match', async () => {
    const gateway = platform.gateway.baseUrl;
    const submitted = await call(gateway, officer, 'POST', '/v1/permit-applications', { body: submission(), headers: { 'x-correlation-id': 'portal-call-0001' } });
    expect(submitted.status).toBe(201);
    expect(submitted.headers.get('x-correlation-id')).toBe('portal-call-0001');
    const id = submitted.body.applicationId as string;
    expect(submitted.headers.get('location')).toBe(`/v1/permit-applications/${id}`);
    expect(submitted.headers.get('etag')).toBe('"1"');

    const tracked = await call(gateway, officer, 'GET', `/v1/tracking/${submitted.body.trackingCode as string}`);
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({ trackingCode: submitted.body.trackingCode, status: 'submitted', permitTypeCode: 'TDUP' });

    const detail = await call(gateway, officer, 'GET', `/v1/permit-applications/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.headers.get('etag')).toBe('"1"');
    const verified = await call(gateway, officer, 'POST', `/v1/permit-applications/${id}/verify`, { headers: { 'if-match': detail.headers.get('etag') ?? '' } });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ applicationId: id, status: 'verified', version: 2 });
    expect(verified.headers.get('etag')).toBe('"2"');

    const stale = await call(gateway, officer, 'POST', `/v1/permit-applications/${id}/start-review`, { body: { officerId: 'officer-1' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const review = await call(gateway, officer, 'POST', `/v1/permit-applications/${id}/start-review`, { body: { officerId: 'officer-1' }, headers: { 'if-match': '"2"' } });
    expect(review.status).toBe(200);
    expect(review.body.status).toBe('under-review');

    const listed = await call(gateway, officer, 'GET', '/v1/permit-applications?status=under-review&limit=100');
    expect(listed.status).toBe(200);
    expect(listed.body.items?.map((item) => item.applicationId)).toContain(id);
  });

  it("passes the service's validation problems through unchanged", async () => {
    const invalid = await call(platform.gateway.baseUrl, officer, 'POST', '/v1/permit-applications', { body: { ...submission(), documents: 'ktp' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'documents' })]));
  });

  it('creates one application for a retried Idempotency-Key, the retry marked as a replay', async () => {
    const key = `submit-${randomUUID()}`;
    const body = submission();
    const first = await call(platform.gateway.baseUrl, officer, 'POST', '/v1/permit-applications', { body, headers: { 'idempotency-key': key } });
    const retry = await call(platform.gateway.baseUrl, officer, 'POST', '/v1/permit-applications', { body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.applicationId).toBe(first.body.applicationId);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const reused = await call(platform.gateway.baseUrl, officer, 'POST', '/v1/permit-applications', { body: submission(), headers: { 'idempotency-key': key } });
    expect(reused.status).toBe(422);
    const listed = await call(platform.gateway.baseUrl, officer, 'GET', '/v1/permit-applications?limit=100');
    expect(listed.body.items?.filter((item) => item.applicationId === first.body.applicationId)).toHaveLength(1);
  });

  it('refuses a missing token with 401 and a missing scope with 403 at the gateway', async () => {
    const anonymous = await call(platform.gateway.baseUrl, undefined, 'POST', '/v1/permit-applications', { body: submission() });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    const reader = await platform.tokenFor('dinas-pariwisata', ['permits:read']);
    const forbidden = await call(platform.gateway.baseUrl, reader, 'POST', '/v1/permit-applications', { body: submission() });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.detail).toContain('permits:write');
  });

  it('verifies a stream and forgets an applicant for an administrator', async () => {
    const applicantId = `citizen-${randomUUID().slice(0, 8)}`;
    const submitted = await call(platform.gateway.baseUrl, officer, 'POST', '/v1/permit-applications', { body: submission(applicantId) });
    const verification = await call(platform.gateway.baseUrl, platform.adminToken, 'GET', `/v1/audit/streams/permit-application-${submitted.body.applicationId as string}/verify`);
    expect(verification.status).toBe(200);
    expect(verification.body).toMatchObject({ intact: true, events: 1 });
    const forgotten = await call(platform.gateway.baseUrl, platform.adminToken, 'POST', `/v1/permit-applications/applicants/${applicantId}/forget`);
    expect(forgotten.status).toBe(200);
    expect(forgotten.body.erasedKeys).toBe(1);
  });

  it('audits every /v1 call by route pattern, client and outcome, without personal data', async () => {
    const applicantId = `citizen-${randomUUID().slice(0, 8)}`;
    const submitted = await call(platform.gateway.baseUrl, officer, 'POST', '/v1/permit-applications', { body: submission(applicantId), headers: { 'x-correlation-id': 'audit-check-0001' } });
    const trackingCode = submitted.body.trackingCode as string;
    await call(platform.gateway.baseUrl, officer, 'GET', `/v1/tracking/${trackingCode}?source=${NIK}`, { headers: { 'x-correlation-id': 'audit-check-0002' } });
    await call(platform.gateway.baseUrl, undefined, 'GET', `/v1/permit-applications/${submitted.body.applicationId as string}`, { headers: { 'x-correlation-id': 'audit-check-0003' } });

    const database = new Client({ connectionString: platform.gateway.databaseUrl });
    await database.connect();
    try {
      let rows: Array<Record<string, unknown>> = [];
      for (let attempt = 0; attempt < 50 && rows.length < 3; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        rows = (await database.query(`SELECT * FROM gateway_audit WHERE correlation_id LIKE 'audit-check-%' ORDER BY id`)).rows;
      }
      expect(rows).toEqual([
        expect.objectContaining({ method: 'POST', route: '/v1/permit-applications', status: 201, agency_id: 'dinas-pariwisata', client_id: expect.stringMatching(/^dinas-pariwisata-/), correlation_id: 'audit-check-0001' }),
        expect.objectContaining({ method: 'GET', route: '/v1/tracking/:trackingCode', status: 200, correlation_id: 'audit-check-0002' }),
        expect.objectContaining({ method: 'GET', route: '/v1/permit-applications/:id', status: 401, client_id: null, agency_id: null, correlation_id: 'audit-check-0003' }),
      ]);
      const everything = JSON.stringify((await database.query('SELECT * FROM gateway_audit')).rows);
      for (const personal of [NIK, NAME, applicantId, trackingCode, 'siti@example.id', 'Merdeka']) expect(everything).not.toContain(personal);
      expect(rows.every((row) => Number(row.duration_ms) >= 0)).toBe(true);
    } finally {
      await database.end();
    }
  });

  it("documents every public route in the gateway's OpenAPI document, which is valid", async () => {
    const document = (await (await fetch(`${platform.gateway.baseUrl}/docs-json`)).json()) as OpenApi;
    await validateOpenApi(document);
    const routes = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    const actions = ['request-revision', 'resubmit', 'verify', 'start-review', 'approve', 'reject', 'issue', 'withdraw'];
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /v1/permit-types',
        'POST /v1/permit-applications',
        'GET /v1/permit-applications',
        'GET /v1/permit-applications/{id}',
        ...actions.map((action) => `POST /v1/permit-applications/{id}/${action}`),
        'GET /v1/tracking/{trackingCode}',
        'POST /v1/permit-applications/applicants/{applicantId}/forget',
        'GET /v1/audit/streams/{streamId}/verify',
        'POST /oauth/token',
      ]),
    );
    expect(Object.keys(document.components.securitySchemes)).toEqual(expect.arrayContaining(['bearer', 'oauth2']));
    const submit = document.paths['/v1/permit-applications'].post;
    expect(submit.security).toEqual(expect.arrayContaining([{ bearer: [] }, { oauth2: ['permits:write'] }]));
    expect(Object.keys(submit.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '413', '422', '429', '503']));
  });

  it('tells a broken OpenAPI document from a valid one', async () => {
    await expect(validateOpenApi({ openapi: '3.0.0', info: { title: 'x', version: '1' }, paths: { '/a': { get: { responses: { 200: { $ref: '#/components/missing' } } } } } })).rejects.toThrow('invalid OpenAPI document');
  });

  it('serves a valid OpenAPI document of the permits service too', async () => {
    const document = (await (await fetch(`${platform.permits.baseUrl}/docs-json`)).json()) as OpenApi;
    await validateOpenApi(document);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/permit-applications', '/v1/tracking/{trackingCode}']));
  });
});
