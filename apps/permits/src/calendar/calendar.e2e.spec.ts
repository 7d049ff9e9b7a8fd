import { accessToken, PermitsBehindGateway, registerClient, startPermitsBehindGateway, validateOpenApi } from '@palembang/platform/testing';
import { INDONESIA_CALENDAR_2026, toJakartaDate } from '@palembang/working-days';
import { randomUUID } from 'node:crypto';

type Day = { date: string; kind: string; name: string; forecast?: boolean };
type Amendment = { reference: string; reason: string; added: Day[]; removed: Day[]; by: string; correlationId: string };
type Year = { year: number; status: string; decree: { reference: string; date: string } | null; publishedBy: string | null; days: Day[]; amendments: Amendment[]; version: number };
type OpenApiOperation = { security?: Array<Record<string, string[]>>; 'x-agency-rule'?: string; requestBody?: unknown; responses: Record<string, unknown> };
type OpenApi = { paths: Record<string, Record<string, OpenApiOperation>> };
type Answer = { status: number; etag: string | null; replayed: string | null; body: Year & { code?: string; errors?: Array<{ field: string }> } };

/** The year after this one (Jakarta): read only, as a year without a decree. */
const NEXT = Number(toJakartaDate(new Date().toISOString()).slice(0, 4)) + 1;
/**
 * The year this test publishes and amends: far ahead, so its days are never past. Not next year: the
 * calendar's events travel on permits.events, which on the shared test broker every test's calendar copy
 * follows from its start, and other tests count on next year being unpublished.
 */
const YEAR = 2099;

function decree(reference = `SKB 3 Menteri Nomor ${randomUUID().slice(0, 8)} Tahun ${YEAR - 1}`) {
  return {
    decree: { reference, date: `${YEAR - 1}-09-15` },
    nationalHolidays: [
      { date: `${YEAR}-01-01`, name: `Tahun Baru ${YEAR} Masehi` },
      { date: `${YEAR}-08-17`, name: 'Hari Proklamasi Kemerdekaan RI' },
    ],
    collectiveLeave: [{ date: `${YEAR}-12-24`, name: 'Cuti bersama Hari Raya Natal' }],
  };
}

/**
 * Issue 13, point 1: the working-day calendar as governed data, through the gateway to the
 * permits service that hosts its streams (real PostgreSQL and Kafka, both as processes).
 */
describe('the working-day calendar API through the gateway (gateway and permits processes)', () => {
  let platform: PermitsBehindGateway;
  let operator: { clientId: string; token: string };
  let reader: string;

  beforeAll(async () => {
    platform = await startPermitsBehindGateway();
    const credentials = await registerClient(platform.gateway.baseUrl, platform.adminToken, 'dinas-kominfo', ['admin', 'agencies:all']);
    operator = { clientId: credentials.clientId, token: await accessToken(platform.gateway.baseUrl, credentials) };
    reader = await platform.tokenFor('dinas-pariwisata', ['complaints:read']);
  }, 120_000);

  afterAll(async () => {
    expect(await platform?.stop()).toEqual([0, 0]);
  });

  async function call(token: string | undefined, method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const sent: Record<string, string> = { ...headers };
    if (token) sent.authorization = `Bearer ${token}`;
    if (body !== undefined) sent['content-type'] = 'application/json';
    const response = await fetch(`${platform.gateway.baseUrl}${path}`, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, etag: response.headers.get('etag'), replayed: response.headers.get('idempotent-replayed'), body: (await response.json()) as Answer['body'] };
  }

  it('shows 2026 as published by the seed on the first start, to a client of any scope', async () => {
    const year = await call(reader, 'GET', '/v1/calendar/2026');
    expect(year.status).toBe(200);
    expect(year.etag).toBe('"1"');
    expect(year.body).toMatchObject({ year: 2026, status: 'published', decree: INDONESIA_CALENDAR_2026.decree, publishedBy: 'seed', amendments: [], version: 1 });
    expect(year.body.days).toHaveLength(INDONESIA_CALENDAR_2026.nationalHolidays.length + INDONESIA_CALENDAR_2026.collectiveLeave.length);
    expect(year.body.days).toContainEqual({ date: '2026-03-20', kind: 'collective-leave', name: 'Cuti bersama Idul Fitri 1447 H' });
    expect((await call(undefined, 'GET', '/v1/calendar/2026')).status).toBe(401);
    expect((await call(reader, 'GET', '/v1/calendar/20x6')).body.errors).toEqual([expect.objectContaining({ field: 'year' })]);
  });

  it('shows a year without a decree as provisional: fixed holidays and forecast moveable ones', async () => {
    const year = await call(reader, 'GET', `/v1/calendar/${NEXT}`);
    expect(year.status).toBe(200);
    expect(year.body).toMatchObject({ year: NEXT, status: 'provisional', decree: null, amendments: [], version: 0 });
    expect(year.body.days).toContainEqual({ date: `${NEXT}-08-17`, kind: 'national-holiday', name: 'Hari Proklamasi Kemerdekaan RI' });
    expect(year.body.days.filter((day) => day.forecast === true).length).toBeGreaterThan(0);
  });

  it('lets only an admin holding agencies:all publish or amend', async () => {
    const agencyAdmin = await platform.tokenFor('dinas-pariwisata', ['admin']);
    const allAgenciesWriter = await platform.tokenFor('dinas-kominfo', ['permits:write', 'agencies:all']);
    for (const token of [agencyAdmin, allAgenciesWriter]) {
      expect((await call(token, 'PUT', `/v1/calendar/${YEAR}`, decree())).status).toBe(403);
      expect((await call(token, 'POST', `/v1/calendar/2026/amendments`, { amendment: { reference: 'X', date: '2026-12-01' }, reason: 'x', add: [{ date: '2026-12-31', kind: 'collective-leave', name: 'x' }] })).status).toBe(403);
    }
    expect((await call(reader, 'GET', `/v1/calendar/${YEAR}`)).body.version).toBe(0);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const outside = decree();
    outside.nationalHolidays[1] = { date: `${YEAR + 1}-08-17`, name: 'Hari Proklamasi Kemerdekaan RI' };
    const twice = decree();
    twice.collectiveLeave.push({ date: `${YEAR}-08-17`, name: 'Cuti bersama' });
    const cases: Array<[unknown, string]> = [
      [outside, 'nationalHolidays[1].date'],
      [twice, 'collectiveLeave[1].date'],
      [{ ...decree(), decree: { reference: 'SKB', date: '15-09-2026' } }, 'decree.date'],
      [{ ...decree(), collectiveLeave: Array.from({ length: 61 }, () => ({ date: `${YEAR}-12-24`, name: 'x' })) }, 'collectiveLeave'],
    ];
    for (const [body, field] of cases) {
      const refused = await call(operator.token, 'PUT', `/v1/calendar/${YEAR}`, body);
      expect({ field, status: refused.status, fields: refused.body.errors?.map((error) => error.field) }).toEqual({ field, status: 400, fields: expect.arrayContaining([field]) });
    }
    const noReason = await call(operator.token, 'POST', '/v1/calendar/2026/amendments', { amendment: { reference: 'SKB perubahan', date: '2026-12-01' }, add: [{ date: '2026-12-31', kind: 'collective-leave', name: 'Cuti bersama' }] });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors?.map((error) => error.field)).toContain('reason');
    const past = await call(operator.token, 'POST', '/v1/calendar/2026/amendments', { amendment: { reference: 'SKB perubahan', date: '2026-12-01' }, reason: 'Koreksi', remove: ['2026-01-01'] });
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ code: 'CALENDAR.PAST_DAY', errors: [{ field: 'remove[0]' }] });
    expect((await call(reader, 'GET', `/v1/calendar/${YEAR}`)).body.version).toBe(0);
  });

  it('refuses an amendment of a year not published yet with 409', async () => {
    const early = await call(operator.token, 'POST', `/v1/calendar/${YEAR}/amendments`, { amendment: { reference: 'SKB perubahan', date: `${YEAR}-01-02` }, reason: 'Koreksi', remove: [`${YEAR}-08-17`] });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('CALENDAR.NOT_PUBLISHED');
  });

  it('publishes a year once: a retry of the same decree changes nothing, another decree is a 409', async () => {
    const body = decree();
    const published = await call(operator.token, 'PUT', `/v1/calendar/${YEAR}`, body);
    expect(published.status).toBe(201);
    expect(published.etag).toBe('"1"');
    expect(published.body).toMatchObject({ status: 'published', decree: body.decree, publishedBy: operator.clientId, version: 1 });
    expect(published.body.days.map((day) => day.date)).toEqual([`${YEAR}-01-01`, `${YEAR}-08-17`, `${YEAR}-12-24`]);

    const retried = await call(operator.token, 'PUT', `/v1/calendar/${YEAR}`, body);
    expect({ status: retried.status, version: retried.body.version }).toEqual({ status: 200, version: 1 });
    const another = await call(operator.token, 'PUT', `/v1/calendar/${YEAR}`, decree());
    expect(another.status).toBe(409);
    expect(another.body.code).toBe('CALENDAR.ALREADY_PUBLISHED');
  });

  it('records two amendments sent together, each once, with who made them; a stale If-Match is a 412', async () => {
    const amendment = (reference: string, date: string) => ({
      amendment: { reference, date: `${YEAR - 1}-12-01` },
      reason: `Cuti bersama tambahan (${reference})`,
      add: [{ date, kind: 'collective-leave', name: 'Cuti bersama' }],
    });
    const [first, second] = await Promise.all([
      call(operator.token, 'POST', `/v1/calendar/${YEAR}/amendments`, amendment('SKB perubahan pertama', `${YEAR}-08-18`), { 'x-correlation-id': 'calendar-amend-0001' }),
      call(operator.token, 'POST', `/v1/calendar/${YEAR}/amendments`, amendment('SKB perubahan kedua', `${YEAR}-12-28`), { 'x-correlation-id': 'calendar-amend-0002' }),
    ]);
    expect([first.status, second.status]).toEqual([201, 201]);

    const year = await call(reader, 'GET', `/v1/calendar/${YEAR}`);
    expect(year.etag).toBe('"3"');
    expect(year.body.amendments.map((recorded) => recorded.reference).sort()).toEqual(['SKB perubahan kedua', 'SKB perubahan pertama']);
    expect(year.body.amendments.find((recorded) => recorded.reference === 'SKB perubahan pertama')).toMatchObject({
      by: operator.clientId,
      correlationId: 'calendar-amend-0001',
      reason: 'Cuti bersama tambahan (SKB perubahan pertama)',
      added: [{ date: `${YEAR}-08-18`, kind: 'collective-leave', name: 'Cuti bersama' }],
      removed: [],
    });
    expect(year.body.days.map((day) => day.date)).toEqual([`${YEAR}-01-01`, `${YEAR}-08-17`, `${YEAR}-08-18`, `${YEAR}-12-24`, `${YEAR}-12-28`]);

    const again = await call(operator.token, 'POST', `/v1/calendar/${YEAR}/amendments`, amendment('SKB perubahan kedua', `${YEAR}-12-29`));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CALENDAR.AMENDMENT_ALREADY_RECORDED');
    const stale = await call(operator.token, 'POST', `/v1/calendar/${YEAR}/amendments`, { ...amendment('SKB perubahan ketiga', `${YEAR}-12-29`), add: [], remove: [`${YEAR}-08-18`] }, { 'if-match': '"2"' });
    expect(stale.status).toBe(412);
    expect((await call(reader, 'GET', `/v1/calendar/${YEAR}`)).body.version).toBe(3);
  });

  it('answers a retried amendment with the same Idempotency-Key once', async () => {
    const key = `amend-${randomUUID()}`;
    const body = { amendment: { reference: 'SKB perubahan ketiga', date: `${YEAR - 1}-12-02` }, reason: 'Hari kerja kembali', remove: [`${YEAR}-08-18`] };
    const first = await call(operator.token, 'POST', `/v1/calendar/${YEAR}/amendments`, body, { 'idempotency-key': key, 'if-match': '"3"' });
    const retry = await call(operator.token, 'POST', `/v1/calendar/${YEAR}/amendments`, body, { 'idempotency-key': key, 'if-match': '"3"' });
    expect([first.status, retry.status, retry.replayed, retry.body.version]).toEqual([201, 201, 'true', 4]);
    const year = await call(reader, 'GET', `/v1/calendar/${YEAR}`);
    expect(year.body.version).toBe(4);
    expect(year.body.amendments.at(-1)).toMatchObject({ reference: 'SKB perubahan ketiga', removed: [{ date: `${YEAR}-08-18`, kind: 'collective-leave', name: 'Cuti bersama' }], added: [] });
  });

  it('documents the three operations at the gateway and at the service: scopes, agency rule, bodies and problems', async () => {
    const gateway = (await (await fetch(`${platform.gateway.baseUrl}/docs-json`)).json()) as OpenApi;
    const service = (await (await fetch(`${platform.permits.baseUrl}/docs-json`)).json()) as OpenApi;
    await validateOpenApi(gateway);
    await validateOpenApi(service);
    for (const document of [gateway, service]) {
      const year = document.paths['/v1/calendar/{year}'];
      const amendments = document.paths['/v1/calendar/{year}/amendments'];
      expect(year.get.security).toEqual(expect.arrayContaining([{ bearer: [] }]));
      expect(year.put.security).toContainEqual({ oauth2: ['admin', 'agencies:all'] });
      expect(amendments.post.security).toContainEqual({ oauth2: ['admin', 'agencies:all'] });
      expect(year.put.requestBody).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/PublishCalendarYearDto' } } } });
      expect(amendments.post.requestBody).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/AmendCalendarYearDto' } } } });
      expect(Object.keys(year.put.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '403', '409', '412']));
      expect(Object.keys(amendments.post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', '412', '422']));
    }
    expect([gateway.paths['/v1/calendar/{year}'].get['x-agency-rule'], gateway.paths['/v1/calendar/{year}'].put['x-agency-rule'], gateway.paths['/v1/calendar/{year}/amendments'].post['x-agency-rule']]).toEqual([
      'any-client',
      'cross-agency-only',
      'cross-agency-only',
    ]);
  });
});
