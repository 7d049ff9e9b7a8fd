import { randomBytes } from 'node:crypto';
import { RunningService, startService, testDecree } from '@palembang/platform/testing';
import { toJakartaDate } from '@palembang/working-days';
import { submission, submit, TDUP_DOCUMENTS } from '../../testing/applications';
import { call, Caller, PermitsPlatform, startPermitsPlatform } from '../../testing/platform';

const THIRTY_DAYS_S = 30 * 24 * 3600;

/**
 * Deadlines over HTTP on real processes: applications are submitted and
 * verified through the gateway to a permits service whose own watcher is off;
 * then two more permits processes on the same database, their clocks set a
 * month ahead (CLOCK_OFFSET_SECONDS), watch the deadlines every 100 ms.
 * Deemed approval and the SLA breach must each be recorded exactly once.
 */
describe('permit deadlines with a controlled clock and two watcher processes (real PostgreSQL and Kafka)', () => {
  let platform: PermitsPlatform;
  let agency: Caller;
  let doctors: Caller;
  const watchers: RunningService[] = [];

  const personalDataKey = randomBytes(32).toString('base64');

  beforeAll(async () => {
    platform = await startPermitsPlatform({ PERSONAL_DATA_KEY: personalDataKey });
    agency = await platform.client('dinas-pariwisata', ['permits:read', 'permits:write']);
    doctors = await platform.client('dinas-kesehatan', ['permits:read', 'permits:write']);
    // The watchers look a month ahead: next year's calendar is published (its test decree), so deadlines reaching into it are final.
    const nextYear = Number(toJakartaDate(new Date().toISOString()).slice(0, 4)) + 1;
    const published = await fetch(`${platform.gateway.baseUrl}/v1/calendar/${nextYear}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${platform.admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(testDecree(nextYear)),
    });
    expect(published.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    for (const watcher of watchers) expect(await watcher.terminate()).toBe(0);
    await platform?.stop();
  });

  it('deems a deemed-approval type approved once and records a breach once for a type without it', async () => {
    const url = platform.permits.baseUrl;
    const tdup = await submit(url, agency, submission({ documents: TDUP_DOCUMENTS })); // deemed approval, 3 working days
    const sip = await submit(url, doctors, submission({ permitTypeCode: 'SIP-DOKTER', documents: await requiredDocuments(url, doctors, 'SIP-DOKTER') }));
    expect([tdup.status, sip.status]).toEqual([201, 201]);
    const tdupId = tdup.body.applicationId as string;
    const sipId = sip.body.applicationId as string;
    expect((await call(url, agency, 'POST', `/v1/permit-applications/${tdupId}/verify`)).status).toBe(200);
    expect((await call(url, doctors, 'POST', `/v1/permit-applications/${sipId}/verify`)).status).toBe(200);

    // The service under test runs with its own watcher off: nothing happens until the future arrives.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await deadlineEvents(url, agency, tdupId)).toEqual([]);

    for (let i = 0; i < 2; i++) {
      watchers.push(
        await startService('permits', {
          DATABASE_URL: platform.permits.databaseUrl,
          PERSONAL_DATA_KEY: personalDataKey,
          GATEWAY_URL: 'http://127.0.0.1:9',
          DEADLINE_CHECK_INTERVAL_MS: '100',
          CLOCK_OFFSET_SECONDS: String(THIRTY_DAYS_S),
          ALLOW_CLOCK_OFFSET: 'test',
          CALENDAR_NAMESPACE: platform.calendarNamespace,
          CALENDAR_REFRESH_MS: '200',
        }),
      );
    }
    await until(async () => (await deadlineEvents(url, agency, tdupId)).length > 0 && (await deadlineEvents(url, doctors, sipId)).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // ten more sweeps by each watcher

    expect(await deadlineEvents(url, agency, tdupId)).toEqual(['ApplicationDeemedApproved']);
    expect(await deadlineEvents(url, doctors, sipId)).toEqual(['SlaBreached']);
    expect((await call(url, agency, 'GET', `/v1/permit-applications/${tdupId}`)).body).toEqual(expect.objectContaining({ status: 'approved', approval: 'deemed' }));
    expect((await call(url, doctors, 'GET', `/v1/permit-applications/${sipId}`)).body).toEqual(expect.objectContaining({ status: 'verified' }));
  });
});

/** The deadline events of the application's public timeline. */
async function deadlineEvents(url: string, caller: Caller, applicationId: string): Promise<string[]> {
  const detail = await call(url, caller, 'GET', `/v1/permit-applications/${applicationId}`);
  return (detail.body.timeline as Array<{ event: string }>).map((entry) => entry.event).filter((event) => event === 'ApplicationDeemedApproved' || event === 'SlaBreached');
}

async function requiredDocuments(url: string, caller: Caller, code: string): Promise<string[]> {
  const types = await call(url, caller, 'GET', '/v1/permit-types');
  return (types.body.items as Array<{ code: string; requiredDocuments: string[] }>).find((type) => type.code === code)!.requiredDocuments;
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the deadline events did not come');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
