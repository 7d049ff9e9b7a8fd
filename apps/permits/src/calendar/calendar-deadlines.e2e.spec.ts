import { randomBytes, randomUUID } from 'node:crypto';
import { PermitsBehindGateway, RunningService, startPermitsBehindGateway, startService, TEST_DECREE_2027 } from '@palembang/platform/testing';
import { applicantNamed, TDUP_DOCUMENTS } from '../testing/applications';

type TimelineEntry = { event: string; details: Record<string, unknown> };
type Detail = { status: string; approval?: string; trackingCode: string; sla?: { deadline: string; provisional?: boolean }; timeline: TimelineEntry[] };

const DAY_S = 24 * 3600;
/** The services' clock: Monday 4 October 2027, 10:00 in Jakarta, well inside 2027 and far from any other test's dates. */
const SERVICE_NOW = Date.parse('2027-10-04T10:00:00+07:00');

/**
 * Issue 13, points 2 and 3, end to end: the gateway and permits processes (real PostgreSQL
 * and Kafka), the permits service deciding at a clock in October 2027. A year's decree and
 * an amendment go through the gateway's /v1/calendar API; the calendar events travel over
 * Kafka to the service's calendar copy; running deadlines are recalculated with a visible
 * reason; a deemed approval never fires on a provisional deadline and fires once the year
 * is published. 2027 is published with TEST_DECREE_2027 (see its note on the shared broker).
 */
describe('running permit deadlines follow the published calendar (gateway and permits processes)', () => {
  let platform: PermitsBehindGateway;
  let pupr: string;
  let pariwisata: string;
  const watchers: RunningService[] = [];
  const offset = () => String(Math.round((SERVICE_NOW - Date.now()) / 1000));
  // One personal-data key for the service and its watchers: they read the same sealed events.
  const personalDataKey = randomBytes(32).toString('base64');
  const permitsEnv = () => ({ PERSONAL_DATA_KEY: personalDataKey, ALLOW_CLOCK_OFFSET: 'test', CLOCK_OFFSET_SECONDS: offset(), CALENDAR_REFRESH_MS: '200', CALENDAR_SETTLE_MS: '3000' });

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
    // PBG: 28 working days, deemed approval. Verified Monday 4 October 2027 while 2027 has no published decree.
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

    const published = await call(platform.adminToken, 'PUT', '/v1/calendar/2027', TEST_DECREE_2027);
    expect([200, 201]).toContain(published.status);

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
    // TDUP: 3 working days, its deadline (7 October) before the amended day.
    const untouched = await verifiedApplication(pariwisata, 'TDUP', TDUP_DOCUMENTS);
    const deadlines = await Promise.all(affected.map(async (id) => (await detail(pupr, id)).sla!));
    expect(deadlines.every((sla) => sla.provisional === false)).toBe(true);

    const reference = `SKB perubahan uji ${randomUUID().slice(0, 8)}`;
    const amended = await call(
      platform.adminToken,
      'POST',
      '/v1/calendar/2027/amendments',
      { amendment: { reference, date: '2027-10-01' }, reason: 'Cuti bersama tambahan (uji)', add: [{ date: '2027-10-20', kind: 'collective-leave', name: 'Cuti bersama (uji)' }], remove: [] },
      { 'idempotency-key': randomUUID() },
    );
    expect(amended.status).toBe(201);

    for (const id of affected) await until(async () => (await eventsOf(pupr, id, 'SlaDeadlineRecalculated')).length > 0, `the recalculation of ${id}`);
    await new Promise((resolve) => setTimeout(resolve, 4_000)); // past the settle time: the recalculation passes again, and must change nothing more
    for (const [index, id] of affected.entries()) {
      const moved = await eventsOf(pupr, id, 'SlaDeadlineRecalculated');
      expect(moved).toHaveLength(1);
      expect(moved[0].details).toMatchObject({ previousDeadline: deadlines[index].deadline, provisional: false });
      const next = new Date(Date.parse(String(moved[0].details.slaDeadline)));
      const previous = new Date(Date.parse(deadlines[index].deadline));
      // One working day later: the next weekday (a Friday's deadline moves to Monday).
      const days = (next.getTime() - previous.getTime()) / (DAY_S * 1000);
      expect(previous.getUTCDay() === 5 ? days === 3 : days === 1).toBe(true);
      expect(String(moved[0].details.reason)).toContain(reference);
    }
    expect(await eventsOf(pariwisata, untouched, 'SlaDeadlineRecalculated')).toEqual([]);

    const tracking = await call(pariwisata, 'GET', `/v1/tracking/${(await detail(pupr, affected[0])).trackingCode}`);
    expect(tracking.status).toBe(200);
    expect((tracking.body.timeline as TimelineEntry[]).some((entry) => entry.event === 'SlaDeadlineRecalculated' && String(entry.details.reason).includes(reference))).toBe(true);
  }, 180_000);
});
