import { randomUUID } from 'node:crypto';
import { submit } from '../../testing/applications';
import { call, Caller, PermitsPlatform, startPermitsPlatform } from '../../testing/platform';

type Route = Readonly<{ method: 'GET' | 'POST'; path: (id: string) => string; scope: string; body?: unknown; perApplication: boolean }>;

const ACTIONS: Array<[string, unknown]> = [
  ['request-revision', { missingDocuments: ['ktp'], reason: 'KTP tidak terbaca' }],
  ['resubmit', { documents: ['ktp'] }],
  ['verify', undefined],
  ['start-review', { officerId: 'officer-1' }],
  ['approve', undefined],
  ['reject', { reason: 'Tidak memenuhi syarat' }],
  ['issue', { permitNumber: '503/TDUP/0001/2026' }],
  ['withdraw', { reason: 'Batal' }],
];

/** Every route of the service, with the scope it needs. */
const ROUTES: readonly Route[] = [
  { method: 'GET', path: () => '/v1/permit-types', scope: 'permits:read', perApplication: false },
  { method: 'POST', path: () => '/v1/permit-applications', scope: 'permits:write', perApplication: false, body: undefined },
  { method: 'GET', path: () => '/v1/permit-applications', scope: 'permits:read', perApplication: false },
  { method: 'GET', path: (id) => `/v1/permit-applications/${id}`, scope: 'permits:read', perApplication: true },
  ...ACTIONS.map(([action, body]): Route => ({ method: 'POST', path: (id) => `/v1/permit-applications/${id}/${action}`, scope: 'permits:write', body, perApplication: true })),
  { method: 'POST', path: () => '/v1/permit-applications/applicants/citizen-1/forget', scope: 'admin', perApplication: false },
  { method: 'GET', path: (id) => `/v1/audit/streams/permit-application-${id}/verify`, scope: 'admin', perApplication: false },
  { method: 'GET', path: () => '/v1/tracking/PLG-3467934679', scope: '(any valid token)', perApplication: false },
];

const describeRoute = (route: Route) => `${route.method} ${route.path('{id}')}`;

describe('who may call the permits API (tokens of the real gateway)', () => {
  let platform: PermitsPlatform;
  let pariwisata: Caller;
  let readOnly: Caller;
  let noPermitScopes: Caller;
  let otherAgency: Caller;
  let portal: Caller;
  let applicationId: string;
  let trackingCode: string;
  const url = () => platform.permits.baseUrl;
  const send = (caller: Caller | string | undefined, route: Route, id = applicationId) => call(url(), caller, route.method, route.path(id), { body: route.body });

  beforeAll(async () => {
    platform = await startPermitsPlatform();
    pariwisata = await platform.client('dinas-pariwisata', ['permits:read', 'permits:write']);
    readOnly = await platform.client('dinas-pariwisata', ['permits:read']);
    noPermitScopes = await platform.client('dinas-pariwisata', ['complaints:read', 'complaints:write']);
    otherAgency = await platform.client('dinas-kesehatan', ['permits:read', 'permits:write']);
    portal = await platform.client('pemkot-palembang', ['permits:read', 'permits:write', 'agencies:all']);
    const submitted = await submit(url(), pariwisata);
    applicationId = submitted.body.applicationId as string;
    trackingCode = submitted.body.trackingCode as string;
  }, 120_000);

  afterAll(() => platform?.stop());

  describe('authentication', () => {
    it.each(ROUTES.map((route) => [describeRoute(route), route] as const))('%s without a token is 401 problem+json with a Bearer challenge', async (_name, route) => {
      const answer = await send(undefined, route);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(answer.body).toMatchObject({ title: 'Unauthorized', status: 401 });
    });

    it('refuses a tampered token (agencies:all slipped into its claims) with 401 invalid_token', async () => {
      const [header, payload, signature] = pariwisata.token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, scope: `${claims.scope} agencies:all admin` })).toString('base64url')}.${signature}`;
      for (const route of ROUTES) {
        const answer = await send(tampered, route);
        expect({ route: describeRoute(route), status: answer.status }).toEqual({ route: describeRoute(route), status: 401 });
        expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
      }
    });

    it('refuses a token that is not a JWT at all with 401', async () => {
      expect((await call(url(), 'not-a-token', 'GET', '/v1/permit-types')).status).toBe(401);
    });
  });

  describe('scopes', () => {
    it.each(ROUTES.filter((route) => route.scope !== '(any valid token)').map((route) => [describeRoute(route), route.scope, route] as const))(
      '%s needs %s: 403 problem+json without it',
      async (_name, scope, route) => {
        const lacking = scope === 'permits:write' ? [readOnly, noPermitScopes] : scope === 'permits:read' ? [noPermitScopes] : [pariwisata, readOnly, noPermitScopes, portal];
        for (const caller of lacking) {
          const answer = await send(caller, route);
          expect({ caller: caller.scopes, status: answer.status }).toEqual({ caller: caller.scopes, status: 403 });
          expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect(answer.body).toMatchObject({ title: 'Forbidden', status: 403, detail: expect.stringContaining(scope) });
        }
      },
    );

    it('lets any valid token track by code, since the code is the secret and the answer holds no personal data', async () => {
      expect((await call(url(), noPermitScopes, 'GET', `/v1/tracking/${trackingCode}`)).status).toBe(200);
      expect((await call(url(), otherAgency, 'GET', `/v1/tracking/${trackingCode}`)).status).toBe(200);
    });

    it('refused calls changed nothing', async () => {
      const detail = await call(url(), pariwisata, 'GET', `/v1/permit-applications/${applicationId}`);
      expect(detail.body).toMatchObject({ status: 'submitted', version: 1 });
    });
  });

  describe('agencies', () => {
    it.each(ROUTES.filter((route) => route.perApplication).map((route) => [describeRoute(route), route] as const))(
      "%s on another agency's application is 404, as if it did not exist",
      async (_name, route) => {
        const answer = await send(otherAgency, route);
        expect(answer.status).toBe(404);
        expect(answer.body).toMatchObject({ status: 404, code: 'PERMIT.NOT_FOUND' });
        expect(JSON.stringify(answer.body)).not.toContain('dinas-pariwisata');
      },
    );

    it("leaves another agency's application untouched", async () => {
      expect((await call(url(), pariwisata, 'GET', `/v1/permit-applications/${applicationId}`)).body).toMatchObject({ status: 'submitted', version: 1 });
    });

    it("refuses to submit a permit type of another agency with 403", async () => {
      const answer = await submit(url(), otherAgency);
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ status: 403, type: 'urn:palembang:problem:auth.other_agency' });
    });

    it("lists only the caller's agency, and refuses to list another agency's with 403", async () => {
      const own = await submit(url(), otherAgency, { permitTypeCode: 'SIP-DOKTER', applicant: { applicantId: 'citizen-dokter', nik: '1671015503850002', name: 'dr. Andi', phone: '081234567890', address: 'Jl. Sudirman 5, Palembang' }, documents: ['ktp', 'str'] });
      expect(own.status).toBe(201);
      const listed = await call(url(), otherAgency, 'GET', '/v1/permit-applications');
      expect(listed.body.items?.map((item) => item.applicationId)).toEqual([own.body.applicationId]);
      expect((await call(url(), otherAgency, 'GET', '/v1/permit-applications?agencyId=dinas-pariwisata')).status).toBe(403);
      expect((await call(url(), pariwisata, 'GET', '/v1/permit-applications')).body.items?.every((item) => item.agencyId === 'dinas-pariwisata')).toBe(true);
    });

    it('lets a client holding agencies:all read, list and act across agencies', async () => {
      expect((await call(url(), portal, 'GET', `/v1/permit-applications/${applicationId}`)).status).toBe(200);
      const all = await call(url(), portal, 'GET', '/v1/permit-applications?limit=100');
      expect(new Set(all.body.items?.map((item) => item.agencyId))).toEqual(new Set(['dinas-pariwisata', 'dinas-kesehatan']));
      expect((await call(url(), portal, 'GET', '/v1/permit-applications?agencyId=dinas-kesehatan')).body.items?.every((item) => item.agencyId === 'dinas-kesehatan')).toBe(true);
      const withdrawn = await call(url(), portal, 'POST', `/v1/permit-applications/${(await submit(url(), pariwisata)).body.applicationId}/withdraw`, { body: {} });
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn' });
    });

    it('answers an administrator on an unknown stream with 404', async () => {
      expect((await call(url(), platform.admin, 'GET', `/v1/audit/streams/permit-application-${randomUUID()}/verify`)).status).toBe(404);
      expect((await call(url(), platform.admin, 'GET', '/v1/audit/streams/complaint-1/verify')).status).toBe(404);
    });
  });
});
