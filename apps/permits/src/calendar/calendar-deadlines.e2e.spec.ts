import { randomBytes, randomUUID } from 'node:crypto';
import { PermitsBehindGateway, RunningService, startPermitsBehindGateway, startService, testDecree } from '@palembang/platform/testing';
import { addCalendarDays, indonesianCalendar, toJakartaDate, weekdayOf } from '@palembang/working-days';
import { applicantNamed, TDUP_DOCUMENTS } from '../testing/applications';

type TimelineEntry = { event: string; details: Record<string, unknown> };
type Detail = { status: string; approval?: string; trackingCode: string; sla?: { deadline: string; provisional?: boolean }; timeline: TimelineEntry[] };

const DAY_S = 24 * 3600;

/**
 * The services' clock: in December, a minute from now; earlier in the year, 14 December at
 * 10:00 in Jakarta (at most 335 days ahead, leaving room for the watchers' two months within
 * the 400 days a clock may be shifted). Either way a PBG's 28 working days run into next year.
 */
function serviceNow(): { at: number; year: number } {
  const today = toJakartaDate(new Date().toISOString());
  const year = Number(today.slice(0, 4));
  return { at: today.slice(5, 7) === '12' ? Date.now() + 60_000 : Date.parse(`${year}-12-14T10:00:00+07:00`), year };
}
const { at: SERVICE_NOW, year: YEAR } = serviceNow();
const NEXT_YEAR = YEAR + 1;

/**
 * Issue 13, points 2 and 3, end to end: the gateway and permits processes (real PostgreSQL
 * and Kafka), the permits service deciding at a clock in December of YEAR. The decree and an
 * amendment go through the gateway's /v1/calendar API; the calendar events travel over Kafka
 * to the service's calendar copy; running deadlines are recalculated with a visible reason; a
 * deemed approval never fires on a provisional deadline and fires once the year it falls in
 * is published. The platform's calendar streams have a namespace of their own
 * (CALENDAR_NAMESPACE), so other tests on the shared broker neither see them nor disturb them.
 */
describe('running permit deadlines follow the published calendar (gateway and permits processes)', () => {
  let platform: PermitsBehindGateway;
  let pupr: string;
  let pariwisata: string;
  const watchers: RunningService[] = [];
  const offset = () => String(Math.round((SERVICE_NOW - Date.now()) / 1000));
  // One personal-data key for the service and its watchers: they read the same sealed events.
  const personalDataKey = randomBytes(32).toString('base64');
  // The watchers follow this platform's calendar streams, not other tests' on the shared broker.
  const calendarNamespace = randomBytes(6).toString('hex');
  const permitsEnv = () => ({ PERSONAL_DATA_KEY: personalDataKey, CALENDAR_NAMESPACE: calendarNamespace, ALLOW_CLOCK_OFFSET: 'test', CLOCK_OFFSET_SECONDS: offset(), CALENDAR_REFRESH_MS: '200', CALENDAR_SETTLE_MS: '3000' });

  beforeAll(async () => {
    platform = await startPermitsBehindGateway({}, permitsEnv());
    pupr = await platform.tokenFor('dinas-pupr', ['permits:read', 'permits:write']);
    pariwisata = await platform.tokenFor('dinas-pariwisata', ['permits:read', 'permits:write']);
  }, 120_000);

  afterAll(async () => {
    for (const watcher of watchers.splice(0)) await watcher.terminate();
    await platform?.stop();
  });

  async function call(token: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${platform.gateway.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function verifiedApplication(token: string, permitTypeCode: string, documents: readonly string[]): Promise<string> {
    const submitted = await call(token, 'POST', '/v1/permit-applications', { permitTypeCode, applicant: applicantNamed(), documents }, { 'idempotency-key': randomUUID() });
    expect(submitted.status).toBe(201);
    const id = submitted.body.applicationId as string;
    expect((await call(token, 'POST', `/v1/permit-applications/${id}/verify`, undefined, { 'idempotency-key': randomUUID() })).status).toBe(200);
    return id;
  }

  const detail = async (token: string, id: string) => (await call(token, 'GET', `/v1/permit-applications/${id}`)).body as unknown as Detail;
  const eventsOf = async (token: string, id: string, type: string) => (await detail(token, id)).timeline.filter((entry) => entry.event === type);

  async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('holds a deemed approval on a provisional deadline and fires it once the year is published through the API', async () => {
    const types = (await call(pupr, 'GET', '/v1/permit-types')).body.items as Array<{ code: string; requiredDocuments: string[] }>;
    const pbgDocuments = types.find((type) => type.code === 'PBG')!.requiredDocuments;
    // PBG: 28 working days, deemed approval. Verified in December: its deadline falls in NEXT_YEAR, which has no decree.
    const pbg = await verifiedApplication(pupr, 'PBG', pbgDocuments);
    const before = await detail(pupr, pbg);
    expect(before.sla).toMatchObject({ provisional: true });

    // Two more processes on the same database, their clocks two months later: the deadline has passed for them.
    for (let i = 0; i < 2; i++) {
      watchers.push(
        await startService('permits', {
          DATABASE_URL: platform.services.permits.databaseUrl,
          GATEWAY_URL: 'http://127.0.0.1:9',
          DEADLINE_CHECK_INTERVAL_MS: '100',
          ...permitsEnv(),
          CLOCK_OFFSET_SECONDS: String(Number(offset()) + 60 * DAY_S),
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // twenty sweeps by each watcher
    expect(await eventsOf(pupr, pbg, 'ApplicationDeemedApproved')).toEqual([]);
    expect((await detail(pupr, pbg)).status).toBe('verified');

    // This year (unless the seed decree is it) and the next.
    if ((await call(platform.adminToken, 'GET', `/v1/calendar/${YEAR}`)).body.status !== 'published') {
      expect((await call(platform.adminToken, 'PUT', `/v1/calendar/${YEAR}`, testDecree(YEAR))).status).toBe(201);
    }
    expect((await call(platform.adminToken, 'PUT', `/v1/calendar/${NEXT_YEAR}`, testDecree(NEXT_YEAR))).status).toBe(201);

    await until(async () => (await eventsOf(pupr, pbg, 'ApplicationDeemedApproved')).length === 1, 'the deemed approval after publication');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await detail(pupr, pbg);
    expect(after).toMatchObject({ status: 'approved', approval: 'deemed' });
    const recalculated = after.timeline.filter((entry) => entry.event === 'SlaDeadlineRecalculated');
    expect(recalculated).toHaveLength(1);
    expect(recalculated[0].details).toMatchObject({ provisional: false, slaDeadline: before.sla!.deadline });
    expect(String(recalculated[0].details.reason)).toContain('telah ditetapkan');
    expect(after.timeline.filter((entry) => entry.event === 'ApplicationDeemedApproved')).toHaveLength(1);
    for (const watcher of watchers.splice(0)) expect(await watcher.terminate()).toBe(0);
  }, 180_000);

  it('moves every running deadline an amendment touches by one working day, once, with the amendment as the reason, also in public tracking', async () => {
    const types = (await call(pupr, 'GET', '/v1/permit-types')).body.items as Array<{ code: string; requiredDocuments: string[] }>;
    const pbgDocuments = types.find((type) => type.code === 'PBG')!.requiredDocuments;
    const affected = [await verifiedApplication(pupr, 'PBG', pbgDocuments), await verifiedApplication(pupr, 'PBG', pbgDocuments)];
    // TDUP: 3 working days, its deadline before the amended day.
    const untouched = await verifiedApplication(pariwisata, 'TDUP', TDUP_DOCUMENTS);
    const deadlines = await Promise.all(affected.map(async (id) => (await detail(pupr, id)).sla!));
    expect(deadlines.every((sla) => sla.provisional === false)).toBe(true);

    // A collective-leave day on the second Monday of January, before the PBG deadlines and after the TDUP's.
    let added = `${NEXT_YEAR}-01-08`;
    while (weekdayOf(added) !== 'monday' || !indonesianCalendar().isWorkingDay(added)) added = addCalendarDays(added, 1);
    const reference = `SKB perubahan uji ${randomUUID().slice(0, 8)}`;
    const amended = await call(
      platform.adminToken,
      'POST',
      `/v1/calendar/${NEXT_YEAR}/amendments`,
      { amendment: { reference, date: `${YEAR}-12-01` }, reason: 'Cuti bersama tambahan (uji)', add: [{ date: added, kind: 'collective-leave', name: 'Cuti bersama (uji)' }], remove: [] },
      { 'idempotency-key': randomUUID() },
    );
    expect(amended.status).toBe(201);

    for (const id of affected) await until(async () => (await eventsOf(pupr, id, 'SlaDeadlineRecalculated')).length > 0, `the recalculation of ${id}`);
    await new Promise((resolve) => setTimeout(resolve, 4_000)); // past the settle time: the recalculation passes again, and must change nothing more
    for (const [index, id] of affected.entries()) {
      const moved = await eventsOf(pupr, id, 'SlaDeadlineRecalculated');
      expect(moved).toHaveLength(1);
      // One working day later: the test decrees hold the days a provisional year counts.
      expect(moved[0].details).toMatchObject({ previousDeadline: deadlines[index].deadline, slaDeadline: indonesianCalendar().addWorkingDays(deadlines[index].deadline, 1), provisional: false });
      expect(String(moved[0].details.reason)).toContain(reference);
    }
    expect(await eventsOf(pariwisata, untouched, 'SlaDeadlineRecalculated')).toEqual([]);

    const tracking = await call(pariwisata, 'GET', `/v1/tracking/${(await detail(pupr, affected[0])).trackingCode}`);
    expect(tracking.status).toBe(200);
    expect((tracking.body.timeline as TimelineEntry[]).some((entry) => entry.event === 'SlaDeadlineRecalculated' && String(entry.details.reason).includes(reference))).toBe(true);
  }, 180_000);
});
