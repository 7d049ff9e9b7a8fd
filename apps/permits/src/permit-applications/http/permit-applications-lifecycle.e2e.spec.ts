import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { applicantNamed, submission, submit, TDUP_DOCUMENTS, underReview } from '../../testing/applications';
import { call, Caller, PermitsPlatform, startPermitsPlatform } from '../../testing/platform';

describe('the permit applications API over HTTP (gateway tokens, real PostgreSQL and Kafka)', () => {
  let platform: PermitsPlatform;
  let agency: Caller;
  let portal: Caller;
  let db: Client;
  const url = () => platform.permits.baseUrl;
  const post = (caller: Caller, path: string, body?: unknown, headers: Record<string, string> = {}) => call(url(), caller, 'POST', path, { body, headers });
  const get = (caller: Caller | undefined, path: string) => call(url(), caller, 'GET', path);
  const countApplications = async () => Number((await db.query('SELECT count(*) AS n FROM permit_applications_view')).rows[0].n);

  beforeAll(async () => {
    platform = await startPermitsPlatform();
    agency = await platform.client('dinas-pariwisata', ['permits:read', 'permits:write']);
    portal = await platform.client('pemkot-palembang', ['permits:read', 'permits:write', 'agencies:all']);
    db = new Client({ connectionString: platform.permits.databaseUrl });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  it('lists the permit types with their service standards', async () => {
    const answer = await get(agency, '/v1/permit-types');
    expect(answer.status).toBe(200);
    expect(answer.body.items).toContainEqual(
      expect.objectContaining({ code: 'TDUP', agencyId: 'dinas-pariwisata', requiredDocuments: TDUP_DOCUMENTS, feeIdr: 0, processingDays: expect.any(Number), deemedApproval: expect.any(Boolean) }),
    );
  });

  it('takes an application from submission through a revision round to the issued permit', async () => {
    const submitted = await submit(url(), portal, submission({ documents: ['nib', 'ktp', 'foto-tempat-usaha'] }));
    expect(submitted.status).toBe(201);
    expect(submitted.body).toEqual({ applicationId: expect.any(String), trackingCode: expect.stringMatching(/^PLG-[34679ACDEFGHJKMNPQRTWXY]{10}$/), agencyId: 'dinas-pariwisata', permitTypeCode: 'TDUP', status: 'submitted', version: 1 });
    const id = submitted.body.applicationId as string;
    expect(submitted.headers.get('location')).toBe(`/v1/permit-applications/${id}`);
    expect(submitted.headers.get('etag')).toBe('"1"');

    const steps: Array<[Caller, string, unknown, string]> = [
      [agency, 'request-revision', { missingDocuments: ['akta-pendirian'], reason: 'Akta pendirian belum dilampirkan' }, 'revision-requested'],
      [portal, 'resubmit', { documents: ['akta-pendirian'] }, 'submitted'],
      [agency, 'verify', undefined, 'verified'],
      [agency, 'start-review', { officerId: 'officer-pariwisata-01' }, 'under-review'],
      [agency, 'approve', {}, 'approved'],
      [agency, 'issue', { permitNumber: '503/TDUP/0042/DISPAR/2026' }, 'issued'],
    ];
    for (const [index, [caller, action, body, status]] of steps.entries()) {
      const answer = await post(caller, `/v1/permit-applications/${id}/${action}`, body, { 'if-match': `"${index + 1}"` });
      expect({ action, status: answer.status, body: answer.body }).toEqual({ action, status: 200, body: expect.objectContaining({ applicationId: id, status, version: index + 2 }) });
      expect(answer.headers.get('etag')).toBe(`"${index + 2}"`);
    }

    const detail = await get(agency, `/v1/permit-applications/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.headers.get('etag')).toBe('"7"');
    expect(detail.body).toMatchObject({ applicationId: id, status: 'issued', permitNumber: '503/TDUP/0042/DISPAR/2026', documents: expect.arrayContaining(TDUP_DOCUMENTS), applicant: { nik: '1671011708900001', name: 'Siti Aminah' }, version: 7 });
    expect((detail.body.timeline as Array<{ event: string }>).map((entry) => entry.event)).toEqual([
      'ApplicationSubmitted', 'RevisionRequested', 'ApplicationResubmitted', 'ApplicationVerified', 'ReviewStarted', 'ApplicationApproved', 'PermitIssued',
    ]);
  });

  it('answers a transition the state does not allow with 409 problem+json', async () => {
    const id = (await submit(url(), agency)).body.applicationId as string;
    const answer = await post(agency, `/v1/permit-applications/${id}/approve`);
    expect(answer.status).toBe(409);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 409, code: 'PERMIT.INVALID_TRANSITION' });
  });

  it('withdraws an undecided application', async () => {
    const id = (await submit(url(), portal)).body.applicationId as string;
    expect((await post(portal, `/v1/permit-applications/${id}/withdraw`, { reason: 'Usaha batal dibuka' })).body).toMatchObject({ status: 'withdrawn', version: 2 });
  });

  describe('bad input', () => {
    it.each([
      ['missing fields', {}, ['permitTypeCode', 'applicant', 'documents']],
      ['a malformed NIK', submission({ applicant: { ...applicantNamed(), nik: '16710117' } }), ['applicant.nik']],
      ['wrong types', { permitTypeCode: 7, applicant: 'Siti', documents: 'ktp' }, ['permitTypeCode', 'applicant', 'documents']],
      ['an unknown field', submission({ priority: 'high' }), ['priority']],
      ['too many documents', submission({ documents: Array.from({ length: 31 }, (_, i) => `doc-${i}`) }), ['documents']],
      ['an unknown permit type', submission({ permitTypeCode: 'IMB-LAMA' }), ['permitTypeCode']],
      ['a NIK that is no NIK (province 00)', submission({ applicant: { ...applicantNamed(), nik: '0071011708900001' } }), ['applicant.nik']],
    ])('refuses %s with 400 problem+json naming the fields and records nothing', async (_case, body, fields) => {
      const before = await countApplications();
      const answer = await submit(url(), agency, body);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ type: expect.any(String), title: 'Bad request', status: 400 });
      expect([...new Set(answer.body.errors?.map((error) => error.field))]).toEqual(expect.arrayContaining(fields));
      expect(await countApplications()).toBe(before);
    });

    it('refuses a body that is not JSON with 400, and bad action input naming the field', async () => {
      expect((await call(url(), agency, 'POST', '/v1/permit-applications', { body: '{"permitTypeCode":', headers: { 'content-type': 'application/json' } })).status).toBe(400);
      const id = (await submit(url(), agency)).body.applicationId as string;
      const answer = await post(agency, `/v1/permit-applications/${id}/request-revision`, { missingDocuments: [], reason: '' });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.map((error) => error.field)).toEqual(expect.arrayContaining(['missingDocuments', 'reason']));
    });

    it('answers an unknown application with 404 and a malformed If-Match with 400', async () => {
      expect((await get(agency, `/v1/permit-applications/${randomUUID()}`)).status).toBe(404);
      expect((await get(agency, '/v1/permit-applications/not-an-id')).status).toBe(404);
      const id = (await submit(url(), agency)).body.applicationId as string;
      const answer = await post(agency, `/v1/permit-applications/${id}/verify`, undefined, { 'if-match': 'version one' });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'If-Match' })]);
    });
  });

  describe('retries and races', () => {
    it('creates one application for a retried Idempotency-Key and refuses the key with another body (422)', async () => {
      const before = await countApplications();
      const key = `submit-${randomUUID()}`;
      const body = submission();
      const first = await submit(url(), portal, body, { 'idempotency-key': key });
      const retry = await submit(url(), portal, body, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('location')).toBe(first.headers.get('location'));
      expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(await countApplications()).toBe(before + 1);
      const other = await submit(url(), portal, submission({ documents: ['ktp'] }), { 'idempotency-key': key });
      expect(other.status).toBe(422);
      expect(await countApplications()).toBe(before + 1);
    });

    it('lets exactly one of a concurrent approve and reject win; the other gets 409 or 412', async () => {
      const id = await underReview(url(), agency);
      const answers = await Promise.all([
        post(agency, `/v1/permit-applications/${id}/approve`, undefined, { 'if-match': '"3"' }),
        post(agency, `/v1/permit-applications/${id}/reject`, { reason: 'Lokasi tidak sesuai tata ruang' }, { 'if-match': '"3"' }),
      ]);
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses[0]).toBe(200);
      expect([409, 412]).toContain(statuses[1]);
      const detail = await get(agency, `/v1/permit-applications/${id}`);
      expect(detail.body.version).toBe(4);
      expect(['approved', 'rejected']).toContain(detail.body.status);
    });

    it('lets exactly one win without If-Match too', async () => {
      const id = await underReview(url(), agency);
      const answers = await Promise.all([post(agency, `/v1/permit-applications/${id}/approve`), post(agency, `/v1/permit-applications/${id}/reject`, { reason: 'Tidak memenuhi syarat' })]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    });

    it('answers an If-Match that is no longer current with 412 and changes nothing', async () => {
      const id = (await submit(url(), agency)).body.applicationId as string;
      expect((await post(agency, `/v1/permit-applications/${id}/verify`, undefined, { 'if-match': '"1"' })).status).toBe(200);
      const stale = await post(agency, `/v1/permit-applications/${id}/start-review`, { officerId: 'officer-2' }, { 'if-match': '"1"' });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ status: 412 });
      expect((await get(agency, `/v1/permit-applications/${id}`)).body).toMatchObject({ status: 'verified', version: 2 });
    });
  });

  describe('lists', () => {
    it('pages through the agency\'s applications with a cursor and filters by status', async () => {
      for (let i = 0; i < 3; i++) await submit(url(), agency);
      const first = await get(agency, '/v1/permit-applications?limit=2&status=submitted');
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await get(agency, `/v1/permit-applications?limit=2&status=submitted&cursor=${first.body.nextCursor}`);
      const ids = [...(first.body.items ?? []), ...(second.body.items ?? [])].map((item) => item.applicationId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const item of [...(first.body.items ?? []), ...(second.body.items ?? [])]) expect(item).toMatchObject({ status: 'submitted', agencyId: 'dinas-pariwisata' });
      expect((await get(agency, '/v1/permit-applications?overdue=true')).body.items).toEqual([]);
    });

    it.each([
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}`, 'cursor'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['status=lost', 'status'],
      ['overdue=maybe', 'overdue'],
    ])('refuses %s with 400 naming %s', async (query, field) => {
      const answer = await get(agency, `/v1/permit-applications?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.map((error) => error.field)).toContain(field);
    });
  });

  describe('personal data', () => {
    it('shows status and timeline by tracking code, without any personal data', async () => {
      const applicant = applicantNamed('Rahmat Hidayat');
      const submitted = await submit(url(), portal, submission({ applicant }));
      const answer = await get(portal, `/v1/tracking/${submitted.body.trackingCode}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ trackingCode: submitted.body.trackingCode, status: 'submitted', permitTypeCode: 'TDUP', agencyId: 'dinas-pariwisata' });
      const text = JSON.stringify(answer.body);
      for (const value of [applicant.nik, applicant.name, applicant.phone, applicant.email, applicant.address, applicant.applicantId]) expect(text).not.toContain(value);
      expect((await get(portal, '/v1/tracking/PLG-XXXXXXXXXX')).status).toBe(404);
    });

    it('forgets an applicant: the personal fields read as erased, the timeline stays', async () => {
      const applicant = applicantNamed('Dewi Lestari');
      const id = (await submit(url(), portal, submission({ applicant }))).body.applicationId as string;
      await post(agency, `/v1/permit-applications/${id}/verify`);
      const forgotten = await post(platform.admin, `/v1/permit-applications/applicants/${applicant.applicantId}/forget`);
      expect(forgotten.status).toBe(200);
      expect(forgotten.body).toEqual({ erasedKeys: expect.any(Number) });
      expect(forgotten.body.erasedKeys).toBeGreaterThan(0);
      const detail = await get(agency, `/v1/permit-applications/${id}`);
      expect(detail.status).toBe(200);
      const erased = { erased: true };
      expect(detail.body.applicant).toEqual({ applicantId: applicant.applicantId, nik: erased, name: erased, phone: erased, email: erased, address: erased });
      expect((detail.body.timeline as Array<{ event: string }>).map((entry) => entry.event)).toEqual(['ApplicationSubmitted', 'ApplicationVerified']);
      expect(JSON.stringify(detail.body)).not.toContain('Dewi Lestari');
    });
  });

  it('verifies the hash chain of an application stream for an administrator', async () => {
    const id = await underReview(url(), agency);
    const answer = await get(platform.admin, `/v1/audit/streams/permit-application-${id}/verify`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ intact: true, streamId: `permit-application-${id}`, events: 3 });
    expect((await get(platform.admin, `/v1/audit/streams/permit-application-${randomUUID()}/verify`)).status).toBe(404);
  });
});
