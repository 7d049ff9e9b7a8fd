import { ServicesBehindGateway, startBehindGateway, validateOpenApi } from '@palembang/platform/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { act, call, Caller, pothole, reporter } from '../../testing/complaints';

describe('complaints through the gateway (gateway, complaints and permits processes, real PostgreSQL and Kafka)', () => {
  let platform: ServicesBehindGateway<'complaints' | 'permits'>;
  let desk: Caller;
  let pupr: Caller;
  let dishub: Caller;
  let portal: Caller;
  let puprReader: Caller;
  let db: Client;
  const url = () => platform.gateway.baseUrl;
  const client = async (agencyId: string, scopes: string[]): Promise<Caller> => ({ token: await platform.tokenFor(agencyId, scopes), agencyId });
  const countComplaints = async () => Number((await db.query('SELECT count(*) AS n FROM complaints_view')).rows[0].n);

  beforeAll(async () => {
    platform = await startBehindGateway(['complaints', 'permits']);
    desk = await client('dinas-kominfo', ['complaints:read', 'complaints:write']);
    pupr = await client('dinas-pupr', ['complaints:read', 'complaints:write', 'permits:read', 'permits:write']);
    dishub = await client('dinas-perhubungan', ['complaints:read', 'complaints:write']);
    portal = await client('pemkot-palembang', ['complaints:read', 'complaints:write', 'surveys:read', 'surveys:write', 'agencies:all']);
    puprReader = await client('dinas-pupr', ['complaints:read']);
    db = new Client({ connectionString: platform.services.complaints.databaseUrl });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    expect(await platform?.stop()).toEqual([0, 0, 0]);
  });

  const submit = async (body: unknown = pothole()) => {
    const answer = await call(url(), portal, 'POST', '/v1/complaints', { body });
    if (answer.status !== 201) throw new Error(`not filed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.complaintId as string;
  };

  it('documents the complaint, survey and tracking routes in valid OpenAPI 3 documents, on the gateway and on the service', async () => {
    for (const baseUrl of [url(), platform.services.complaints.baseUrl]) {
      const document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/v1/complaints', '/v1/complaints/{id}', '/v1/complaints/{id}/verify', '/v1/complaint-categories', '/v1/complaint-tracking/{trackingCode}', '/v1/surveys']),
      );
      await validateOpenApi(document);
    }
  });

  it('takes a complaint through re-routing, resolution, a dispute and the citizen confirming, with the follow-up deadlines', async () => {
    const filed = await call(url(), portal, 'POST', '/v1/complaints', { body: pothole({ categoryCode: 'LAMPU-LALU-LINTAS' }) });
    expect(filed.status).toBe(201);
    expect(filed.body).toEqual(
      expect.objectContaining({ status: 'received', agencyId: 'dinas-kominfo', trackingCode: expect.stringMatching(/^LPR-/), version: 1, deadline: { kind: 'verification', at: expect.any(String), provisional: expect.any(Boolean) } }),
    );
    const id = filed.body.complaintId as string;
    expect(filed.headers.get('location')).toBe(`/v1/complaints/${id}`);

    // The category routes street lights to transport; transport says it is a road matter, the desk re-routes to public works.
    expect(await act(url(), desk, id, 'verify', {})).toEqual(expect.objectContaining({ status: 'routed', agencyId: 'dinas-perhubungan', deadline: expect.objectContaining({ kind: 'follow-up' }) }));
    expect(await act(url(), dishub, id, 'decline', { reason: 'Lubang jalan, bukan lampu: kewenangan Dinas PUPR' })).toEqual(expect.objectContaining({ status: 'awaiting-reroute', agencyId: 'dinas-kominfo' }));
    expect((await call(url(), dishub, 'GET', `/v1/complaints/${id}`)).status).toBe(404);
    expect(await act(url(), desk, id, 'reroute', { agencyId: 'dinas-pupr', followUpKind: 'field-examination' })).toEqual(expect.objectContaining({ status: 'routed', agencyId: 'dinas-pupr' }));
    await act(url(), pupr, id, 'accept');
    await act(url(), pupr, id, 'updates', { message: 'Tim sudah meninjau lokasi; penambalan dijadwalkan.' });
    await act(url(), pupr, id, 'resolve', { response: 'Lubang sudah ditambal.' });
    expect(await act(url(), portal, id, 'dispute', { reason: 'Tambalan sudah rusak lagi.' })).toEqual(expect.objectContaining({ status: 'in-progress', deadline: expect.objectContaining({ kind: 'follow-up' }) }));
    await act(url(), pupr, id, 'resolve', { response: 'Ditambal ulang dengan aspal hotmix.' });
    // The answering agency cannot confirm its own answer; the citizen does.
    expect((await call(url(), pupr, 'POST', `/v1/complaints/${id}/confirm`)).status).toBe(403);
    expect(await act(url(), portal, id, 'confirm')).toEqual(expect.objectContaining({ status: 'closed', deadline: null }));

    const detail = await call(url(), pupr, 'GET', `/v1/complaints/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toEqual(expect.objectContaining({ status: 'closed', reopenCount: 1, anonymous: false, reporter: expect.objectContaining({ name: 'Budi Santoso' }) }));
    expect((detail.body.timeline as Array<{ event: string }>).map((entry) => entry.event)).toEqual([
      'ComplaintSubmitted',
      'ComplaintVerified',
      'AuthorityDeclined',
      'ComplaintRerouted',
      'ComplaintAccepted',
      'PublicUpdatePosted',
      'ComplaintResolved',
      'ResolutionDisputed',
      'ComplaintResolved',
      'ResolutionConfirmed',
    ]);
    expect(detail.headers.get('etag')).toBe('"10"');

    const audit = await call(url(), { token: platform.adminToken, agencyId: 'pemkot-palembang' }, 'GET', `/v1/audit/streams/complaint-${id}/verify`);
    expect(audit.body).toEqual(expect.objectContaining({ intact: true, streamId: `complaint-${id}`, events: 10 }));
    expect((await call(url(), pupr, 'GET', `/v1/audit/streams/complaint-${id}/verify`)).status).toBe(403);
  });

  it('archives a duplicate linked to its original, only by the desk, and only to an existing original', async () => {
    const original = await submit();
    const duplicate = await submit();
    expect((await call(url(), pupr, 'POST', `/v1/complaints/${duplicate}/archive`, { body: { reason: 'duplicate', note: 'Sama', duplicateOf: original } })).status).toBe(404);
    const missing = await call(url(), desk, 'POST', `/v1/complaints/${duplicate}/archive`, { body: { reason: 'duplicate', note: 'Sama', duplicateOf: randomUUID() } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'duplicateOf' })]);
    expect(await act(url(), desk, duplicate, 'archive', { reason: 'duplicate', note: 'Sudah dilaporkan', duplicateOf: original })).toEqual(expect.objectContaining({ status: 'archived', deadline: null }));
    const tracked = await call(url(), portal, 'GET', `/v1/complaint-tracking/${(await call(url(), portal, 'GET', `/v1/complaints/${duplicate}`)).body.trackingCode}`);
    expect(tracked.body).toEqual(expect.objectContaining({ status: 'archived' }));
  });

  it('never shows an anonymous reporter to any agency route, and the tracking view shows no personal data', async () => {
    const id = await submit(pothole({ anonymous: true, reporter: reporter({ name: 'Rahasia Sekali', phone: '0813-9999-0000' }) }));
    await act(url(), desk, id, 'verify', {});
    for (const caller of [desk, pupr, portal]) {
      const detail = await call(url(), caller, 'GET', `/v1/complaints/${id}`);
      expect(detail.status).toBe(200);
      expect(detail.body).toEqual(expect.objectContaining({ anonymous: true, reporter: null }));
      expect(JSON.stringify(detail.body)).not.toContain('Rahasia');
    }
    const list = await call(url(), pupr, 'GET', '/v1/complaints?limit=100');
    expect(JSON.stringify(list.body)).not.toMatch(/Rahasia|0813-9999|1671011708900001/);
    const code = (await call(url(), pupr, 'GET', `/v1/complaints/${id}`)).body.trackingCode as string;
    const tracked = await call(url(), portal, 'GET', `/v1/complaint-tracking/${code}`);
    expect(tracked.status).toBe(200);
    expect(JSON.stringify(tracked.body)).not.toMatch(/Rahasia|0813-9999|1671011708900001|Budi|budi@example/);
  });

  it('scopes lists to the agency and checks scopes on every route', async () => {
    const id = await submit();
    await act(url(), desk, id, 'verify', {});
    const puprList = await call(url(), pupr, 'GET', '/v1/complaints?limit=100');
    expect((puprList.body.items as Array<{ agencyId: string }>).every((item) => item.agencyId === 'dinas-pupr')).toBe(true);
    expect((await call(url(), pupr, 'GET', '/v1/complaints?agencyId=dinas-kominfo')).status).toBe(403);
    expect((await call(url(), dishub, 'GET', `/v1/complaints/${id}`)).status).toBe(404);
    expect((await call(url(), dishub, 'POST', `/v1/complaints/${id}/accept`)).status).toBe(404);
    expect((await call(url(), puprReader, 'POST', `/v1/complaints/${id}/accept`)).status).toBe(403);
    expect((await call(url(), puprReader, 'POST', '/v1/complaints', { body: pothole() })).status).toBe(403);
    expect((await call(url(), undefined, 'GET', '/v1/complaints')).status).toBe(401);
    // The desk sees every complaint, but only the responsible agency answers it; only the desk routes.
    expect((await call(url(), desk, 'GET', `/v1/complaints/${id}`)).status).toBe(200);
    expect((await call(url(), desk, 'POST', `/v1/complaints/${id}/accept`)).status).toBe(403);
    await act(url(), pupr, id, 'accept');
    expect((await call(url(), desk, 'POST', `/v1/complaints/${id}/resolve`, { body: { response: 'Selesai' } })).status).toBe(403);
    const unrouted = await submit();
    expect((await call(url(), pupr, 'POST', `/v1/complaints/${unrouted}/verify`, { body: {} })).status).toBe(404);
  });

  it('answers bad input with the field at fault, never a 500, and writes nothing', async () => {
    const before = await countComplaints();
    const cases: Array<[unknown, number, string]> = [
      [{ ...pothole(), title: undefined }, 400, 'title'],
      [pothole({ categoryCode: 'NO-SUCH-THING' }), 400, 'categoryCode'],
      [pothole({ reporter: reporter({ nik: '0000000000000000' }) }), 400, 'reporter.nik'],
      [pothole({ location: { latitude: 200, longitude: 104.7 } }), 400, 'location.latitude'],
      [pothole({ location: null, address: null }), 400, 'location'],
      [pothole({ anonymous: 'maybe' }), 400, 'anonymous'],
      [pothole({ intakeType: 'rant' }), 400, 'intakeType'],
    ];
    for (const [body, status, field] of cases) {
      const answer = await call(url(), portal, 'POST', '/v1/complaints', { body });
      expect({ field, status: answer.status, type: answer.headers.get('content-type') }).toEqual({ field, status, type: expect.stringContaining('application/problem+json') });
      expect((answer.body.errors as Array<{ field: string }>).map((error) => error.field)).toContainEqual(expect.stringContaining(field));
    }
    const oversized = await call(url(), portal, 'POST', '/v1/complaints', { body: pothole({ description: 'x'.repeat(300_000) }) });
    expect(oversized.status).toBe(413);
    expect(await countComplaints()).toBe(before);
    const id = await submit();
    const early = await call(url(), portal, 'POST', `/v1/complaints/${id}/confirm`);
    expect(early.status).toBe(409);
    const stale = await call(url(), desk, 'POST', `/v1/complaints/${id}/verify`, { body: {}, headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(412);
  });

  it('files one complaint for retries with the same Idempotency-Key, and refuses the key with another body', async () => {
    const before = await countComplaints();
    const key = randomUUID();
    const body = pothole();
    const first = await call(url(), portal, 'POST', '/v1/complaints', { body, headers: { 'idempotency-key': key } });
    const retry = await call(url(), portal, 'POST', '/v1/complaints', { body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.complaintId).toBe(first.body.complaintId);
    const other = await call(url(), portal, 'POST', '/v1/complaints', { body: pothole({ title: 'Lain' }), headers: { 'idempotency-key': key } });
    expect(other.status).toBe(422);
    expect(await countComplaints()).toBe(before + 1);
  });

  it('takes one satisfaction survey per finished interaction, proven by its tracking code: a closed complaint and a permit learned from Kafka', async () => {
    const id = await submit();
    const trackingCode = (await call(url(), portal, 'GET', `/v1/complaints/${id}`)).body.trackingCode as string;
    await act(url(), desk, id, 'verify', {});
    const early = await call(url(), portal, 'POST', '/v1/surveys', { body: { trackingCode, scores: allScores(4) } });
    expect(early.status).toBe(404);
    await act(url(), pupr, id, 'accept');
    await act(url(), pupr, id, 'resolve', { response: 'Selesai.' });
    await act(url(), portal, id, 'confirm');

    const outOfRange = await call(url(), portal, 'POST', '/v1/surveys', { body: { trackingCode, scores: { ...allScores(3), U3: 5 } } });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.errors).toEqual([expect.objectContaining({ field: 'scores.U3' })]);
    const rated = await call(url(), portal, 'POST', '/v1/surveys', { body: { trackingCode, scores: allScores(3), respondent: { gender: 'P', ageGroup: '30-39' } } });
    expect(rated.status).toBe(201);
    expect(rated.body).toEqual(expect.objectContaining({ service: { kind: 'complaint', agencyId: 'dinas-pupr', serviceCode: 'JALAN-RUSAK' } }));
    const again = await call(url(), portal, 'POST', '/v1/surveys', { body: { trackingCode, scores: allScores(2) } });
    expect(again.status).toBe(409);

    // A permit issued by the permits service becomes rateable once its events reach the complaints service through Kafka.
    const permit = await call(url(), pupr, 'POST', '/v1/permit-applications', {
      body: { permitTypeCode: 'PBG', applicant: { applicantId: 'citizen-survey', nik: '1671011708900001', name: 'Siti', phone: '0812-7300-1234', address: 'Jl. Merdeka 1' }, documents: [] },
    });
    if (permit.status !== 201) throw new Error(`permit not submitted: ${JSON.stringify(permit.body)}`);
    const applicationId = permit.body.applicationId as string;
    const reject = await call(url(), pupr, 'POST', `/v1/permit-applications/${applicationId}/reject`, { body: { reason: 'Lokasi tidak sesuai tata ruang' } });
    expect(reject.status).toBe(200);
    const survey = { trackingCode: permit.body.trackingCode as string, scores: allScores(2) };
    let answer = await call(url(), portal, 'POST', '/v1/surveys', { body: survey });
    for (let attempt = 0; answer.status === 404 && attempt < 100; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      answer = await call(url(), portal, 'POST', '/v1/surveys', { body: survey });
    }
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual(expect.objectContaining({ service: { kind: 'permit', agencyId: 'dinas-pupr', serviceCode: 'PBG' } }));
    const listed = await call(url(), portal, 'GET', '/v1/surveys?agencyId=dinas-pupr');
    expect((listed.body.items as unknown[]).length).toBeGreaterThanOrEqual(2);
  });
});

function allScores(score: number): Record<string, number> {
  return Object.fromEntries(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'].map((code) => [code, score]));
}
