import { ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';
import { act, call, Caller, pothole } from '../testing/complaints';

const scores = (score: number) => Object.fromEntries(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'].map((code) => [code, score]));

/**
 * Issue 12, point 8: a survey needs the citizen's proof (the finished case's tracking code, once),
 * the rated agency cannot rate itself, and what it reads back cannot be tied to a case.
 */
describe('satisfaction surveys (gateway and complaints processes, real PostgreSQL and Kafka)', () => {
  let platform: ServicesBehindGateway<'complaints'>;
  let portal: Caller;
  let desk: Caller;
  let pupr: Caller;
  let puprSurveys: Caller;
  const url = () => platform.gateway.baseUrl;
  const client = async (agencyId: string, scopes: string[]): Promise<Caller> => ({ token: await platform.tokenFor(agencyId, scopes), agencyId });
  const rate = (caller: Caller, body: unknown) => call(url(), caller, 'POST', '/v1/surveys', { body });

  /** A pothole complaint the citizen filed and confirmed resolved: its id and tracking code. */
  async function closedComplaint(): Promise<{ id: string; trackingCode: string }> {
    const filed = await call(url(), portal, 'POST', '/v1/complaints', { body: pothole() });
    if (filed.status !== 201) throw new Error(`not filed: ${filed.status} ${JSON.stringify(filed.body)}`);
    const id = filed.body.complaintId as string;
    await act(url(), desk, id, 'verify', {});
    await act(url(), pupr, id, 'accept');
    await act(url(), pupr, id, 'resolve', { response: 'Sudah ditambal.' });
    await act(url(), portal, id, 'confirm');
    return { id, trackingCode: filed.body.trackingCode as string };
  }

  beforeAll(async () => {
    platform = await startBehindGateway(['complaints']);
    portal = await client('pemkot-palembang', ['complaints:read', 'complaints:write', 'surveys:read', 'surveys:write', 'agencies:all']);
    desk = await client('dinas-kominfo', ['complaints:read', 'complaints:write']);
    pupr = await client('dinas-pupr', ['complaints:read', 'complaints:write']);
    puprSurveys = await client('dinas-pupr', ['surveys:read', 'surveys:write']);
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('refuses a survey without the tracking code of a finished case', async () => {
    const unknown = await rate(portal, { trackingCode: 'LPR-3467934679', scores: scores(4) });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'trackingCode' })]);
    const malformed = await rate(portal, { trackingCode: 'bukan-kode', scores: scores(4) });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'trackingCode' })]));

    const filed = await call(url(), portal, 'POST', '/v1/complaints', { body: pothole() });
    const stillOpen = await rate(portal, { trackingCode: filed.body.trackingCode, scores: scores(4) });
    expect(stillOpen.status).toBe(404);
    // An interaction id is no proof.
    const byId = await rate(portal, { interaction: { kind: 'complaint', id: filed.body.complaintId }, scores: scores(4) });
    expect(byId.status).toBe(400);
  });

  it('takes one survey per tracking code: a second one with the same code is a 409', async () => {
    const { trackingCode } = await closedComplaint();
    const first = await rate(portal, { trackingCode, scores: scores(3) });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ surveyId: expect.any(String), service: { kind: 'complaint', agencyId: 'dinas-pupr', serviceCode: 'JALAN-RUSAK' }, scores: scores(3), submittedAt: expect.any(String) });
    const second = await rate(portal, { trackingCode, scores: scores(1) });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('SURVEY.ALREADY_SUBMITTED');
  });

  it('does not let a client of the rated agency rate its own service, even holding the tracking code', async () => {
    const { trackingCode } = await closedComplaint();
    const own = await rate(puprSurveys, { trackingCode, scores: scores(4) });
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('SURVEY.FORBIDDEN');
    // The citizen can still rate it.
    expect((await rate(portal, { trackingCode, scores: scores(2) })).status).toBe(201);
  });

  it('gives the rated agency responses it cannot tie to a case: no survey or case id, no tracking code, the month only', async () => {
    const { id, trackingCode } = await closedComplaint();
    expect((await rate(portal, { trackingCode, scores: scores(4) })).status).toBe(201);
    const listed = await call(url(), puprSurveys, 'GET', '/v1/surveys');
    expect(listed.status).toBe(200);
    const items = listed.body.items as Array<Record<string, unknown>>;
    expect(items.length).toBeGreaterThanOrEqual(1);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(['month', 'scores', 'service']);
      expect(item.service).toEqual({ kind: 'complaint', agencyId: 'dinas-pupr', serviceCode: 'JALAN-RUSAK' });
      expect(item.month).toMatch(/^\d{4}-\d{2}$/);
    }
    const text = JSON.stringify(listed.body);
    expect(text).not.toContain(id);
    expect(text).not.toContain(trackingCode);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });
});
