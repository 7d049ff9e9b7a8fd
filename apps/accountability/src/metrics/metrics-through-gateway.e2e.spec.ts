import { randomUUID } from 'node:crypto';
import { IncomingMessage, KafkaPublisher, KafkaSubscription, TOPICS } from '@palembang/events';
import { eventually, kafkaConnection } from '@palembang/events/testing';
import { callApi as call, runService, ServicesBehindGateway, startBehindGateway, validateOpenApi } from '@palembang/platform/testing';
import { Client } from 'pg';
import { METRIC_TABLES, pseudonymOf } from '../projection/metric-tables';
import { civilServant, decidedPermit, envelope, jpCredited, publish as publishEvents, Published, survey, transferred } from '../testing/envelopes';

type Figures = { agencyId: string; name: string | null; permits: Record<string, unknown>; complaints: Record<string, unknown>; satisfaction: Record<string, unknown>; training: Record<string, unknown>; backlogPastDeadline: Record<string, unknown> };

/**
 * The accountability service behind the gateway with the permits and complaints
 * services, on the test run's PostgreSQL and Kafka: cases decided through the
 * gateway, events published straight to the topics (redeliveries, alerts,
 * training), the rebuild while the service answers.
 */
describe('accountability metrics (gateway, permits, complaints and accountability processes)', () => {
  let platform: ServicesBehindGateway<'permits' | 'complaints' | 'accountability'>;
  let publisher: KafkaPublisher;
  let db: Client;
  let dashboard: string;
  const url = () => platform.gateway.baseUrl;
  const agency = `uji-${randomUUID().slice(0, 8)}`;
  // NIPs of this run only: Kafka keeps earlier runs' events, and a rebuild replays them all.
  const randomNip = () => `1985${String(Math.floor(Math.random() * 1e14)).padStart(14, '0')}`;
  let nip0 = '';
  /** What this file wrote: the rebuild comparison is limited to these rows, as other test files may publish at the same time. */
  const mine = { streams: new Set<string>(), persons: new Set<string>(), cases: new Set<string>() };
  const publish = (to: KafkaPublisher, events: readonly Published[]) => {
    for (const { envelope: event } of events) {
      mine.streams.add(pseudonymOf(event.streamId));
      const data = event.data as { nip?: string; applicationId?: string; complaintId?: string; surveyId?: string };
      if (data.nip) mine.persons.add(pseudonymOf(`nip:${data.nip}`));
      for (const id of [data.applicationId, data.complaintId, data.surveyId]) if (id) mine.cases.add(id);
    }
    return publishEvents(to, events);
  };

  beforeAll(async () => {
    platform = await startBehindGateway(['permits', 'complaints', 'accountability'], { RATE_LIMIT_PER_MINUTE: '100000' }, { ACCOUNTABILITY_CONSUMER_GROUP: `accountability-e2e-${randomUUID()}` });
    publisher = new KafkaPublisher(kafkaConnection());
    db = new Client({ connectionString: platform.services.accountability.databaseUrl });
    await db.connect();
    dashboard = await platform.tokenFor('pemkot-palembang', ['metrics:read', 'agencies:all']);
    // Clients act for registered agencies only: this run's agency joins the register, and every metrics answer names it.
    const registrar = await platform.tokenFor('pemkot-palembang', ['admin', 'agencies:all']);
    const registered = await call(url(), registrar, 'POST', '/v1/agencies', { body: { agencyId: agency, name: `Dinas Uji ${agency}`, shortName: 'Uji', kind: 'dinas' }, headers: { 'idempotency-key': randomUUID() } });
    expect(registered.status).toBe(201);
    // A new consumer group starts at offset 0: wait until the projection has caught up with what the topics hold already.
    const [marker] = decidedPermit(`penanda-${randomUUID().slice(0, 8)}`);
    await publishEvents(publisher, [marker]);
    await eventually(async () => (await db.query(`SELECT 1 FROM metrics.permit_facts WHERE application_id = $1`, [(marker.envelope.data as { applicationId: string }).applicationId])).rows.length === 1, 150_000, 250);
  }, 360_000);

  afterAll(async () => {
    await db?.end();
    await publisher?.close();
    expect(await platform?.stop()).toEqual([0, 0, 0, 0]);
  });

  const figuresOf = async (agencyId: string, token = dashboard, period = '2026-11'): Promise<Figures | undefined> => {
    const answer = await call(url(), token, 'GET', `/v1/metrics/agencies?period=${period}`);
    expect(answer.status).toBe(200);
    return (answer.body.items as unknown as Figures[]).find((item) => item.agencyId === agencyId);
  };

  it('refuses calls without a token (401) and without metrics:read (403)', async () => {
    expect((await call(url(), undefined, 'GET', '/v1/metrics/agencies')).status).toBe(401);
    const permitsOnly = await platform.tokenFor('dinas-pupr', ['permits:read']);
    expect((await call(url(), permitsOnly, 'GET', '/v1/metrics/ranking')).status).toBe(403);
    expect((await call(platform.services.accountability.baseUrl, undefined, 'GET', '/v1/metrics/ranking')).status).toBe(401);
  });

  it('shows a permit decided and a complaint closed through the gateway within seconds', async () => {
    const officer = await platform.tokenFor('dinas-pariwisata', ['permits:read', 'permits:write']);
    const submitted = await call(url(), officer, 'POST', '/v1/permit-applications', {
      body: { permitTypeCode: 'TDUP', documents: ['nib', 'ktp', 'akta-pendirian', 'foto-tempat-usaha'], applicant: { applicantId: `warga-${randomUUID().slice(0, 8)}`, nik: '1671014506880002', name: 'Nyimas Ayu', phone: '0812-7811-2201', address: 'Jl. Sudirman 12, Palembang' } },
    });
    expect(submitted.status).toBe(201);
    const applicationId = submitted.body.applicationId as string;
    mine.cases.add(applicationId);
    for (const [action, body] of [['verify', undefined], ['start-review', { officerId: 'officer-1' }], ['approve', undefined]] as const) {
      expect((await call(url(), officer, 'POST', `/v1/permit-applications/${applicationId}/${action}`, { body })).status).toBe(200);
    }

    const portal = await platform.tokenFor('pemkot-palembang', ['complaints:read', 'complaints:write', 'agencies:all']);
    const desk = await platform.tokenFor('dinas-kominfo', ['complaints:read', 'complaints:write']);
    const pupr = await platform.tokenFor('dinas-pupr', ['complaints:read', 'complaints:write']);
    const filed = await call(url(), portal, 'POST', '/v1/complaints', {
      body: { intakeType: 'complaint', channel: 'web', categoryCode: 'JALAN-RUSAK', title: 'Jalan berlubang', description: 'Lubang besar', address: 'Jl. Sudirman', anonymous: true, reporter: { reporterId: `warga-${randomUUID().slice(0, 8)}`, name: 'Budi' } },
    });
    expect(filed.status).toBe(201);
    const complaintId = filed.body.complaintId as string;
    mine.cases.add(complaintId);
    expect((await call(url(), desk, 'POST', `/v1/complaints/${complaintId}/verify`, { body: {} })).status).toBe(200);
    expect((await call(url(), pupr, 'POST', `/v1/complaints/${complaintId}/accept`)).status).toBe(200);
    expect((await call(url(), pupr, 'POST', `/v1/complaints/${complaintId}/resolve`, { body: { response: 'Sudah ditambal' } })).status).toBe(200);
    expect((await call(url(), portal, 'POST', `/v1/complaints/${complaintId}/confirm`)).status).toBe(200);

    const started = Date.now();
    const period = new Date().toISOString().slice(0, 7);
    await eventually(async () => {
      const { rows } = await db.query(`SELECT (facts->>'decision') AS decision FROM metrics.permit_facts WHERE application_id = $1`, [applicationId]);
      const complaint = await db.query(`SELECT facts->>'closedAt' AS closed FROM metrics.complaint_facts WHERE complaint_id = $1`, [complaintId]);
      return rows[0]?.decision === 'approved' && complaint.rows[0]?.closed !== null && complaint.rows[0] !== undefined;
    }, 20_000, 100);
    const permits = (await figuresOf('dinas-pariwisata', dashboard, period))?.permits;
    const complaints = (await figuresOf('dinas-pupr', dashboard, period))?.complaints;
    expect(permits).toMatchObject({ approved: expect.any(Number), casesWithinStandard: expect.any(Number) });
    expect(Number(permits?.approved)).toBeGreaterThanOrEqual(1);
    expect(Number(complaints?.resolved)).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 60_000);

  it('counts a redelivered event once, and ignores a stream version already applied', async () => {
    const [submitted] = decidedPermit(agency);
    await publish(publisher, [submitted, submitted]);
    const again = envelope(submitted.topic, submitted.envelope.streamId, 1, submitted.envelope.type, submitted.envelope.data, agency);
    await publish(publisher, [again]);
    await eventually(async () => (await figuresOf(agency))?.permits.received === 1, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await figuresOf(agency))?.permits.received).toBe(1);
  }, 40_000);

  it('emits ServicePerformanceBelowStandard once when five decisions in a month are mostly late', async () => {
    const received: IncomingMessage[] = [];
    const streamId = `alert-permits-${agency}-2026-11`;
    const subscription = new KafkaSubscription(kafkaConnection(), { groupId: `alerts-e2e-${randomUUID()}`, topics: [TOPICS.accountability] });
    await subscription.start(async (batch) => {
      received.push(...batch.messages.filter((message) => message.key === streamId));
      await batch.commit(batch.messages[batch.messages.length - 1].offset);
    });
    try {
      await publish(publisher, [...decidedPermit(agency, { withinStandard: true }), ...decidedPermit(agency), ...decidedPermit(agency), ...decidedPermit(agency), ...decidedPermit(agency)]);
      await eventually(async () => (await figuresOf(agency))?.permits.decided === 5, 20_000);
      await eventually(() => received.length >= 1, 30_000);
      await publish(publisher, [...decidedPermit(agency), ...decidedPermit(agency)]);
      await eventually(async () => (await figuresOf(agency))?.permits.decided === 7, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 3000));
    } finally {
      await subscription.stop();
    }
    // Once in this service's event store; other projections reading the same topics in this test run
    // (the in-process projection test) may publish alerts of their own, so Kafka is matched by event id.
    const stored: Array<{ event_id: string }> = (await db.query('SELECT event_id FROM es_events WHERE stream_id = $1', [streamId])).rows;
    expect(stored).toHaveLength(1);
    const ours = received.filter((message) => message.headers?.['event-id'] === stored[0].event_id);
    expect(ours).toHaveLength(1);
    const alert = JSON.parse(ours[0].value?.toString() ?? '{}') as { type: string; agencyId: string; data: Record<string, unknown> };
    expect(alert).toMatchObject({ type: 'ServicePerformanceBelowStandard', agencyId: agency });
    expect(alert.data).toMatchObject({ alertId: streamId, agencyId: agency, service: 'permits', serviceCode: null, period: '2026-11', threshold: 0.8, decidedCases: 5, casesWithinStandard: 1, shareWithinStandard: 0.2 });
  }, 60_000);

  it('breaks one agency\'s figures down per permit type and per complaint category', async () => {
    await publish(publisher, [...decidedPermit(agency, { permitTypeCode: 'PBG', withinStandard: true }), ...decidedPermit(agency, { permitTypeCode: 'PBG' })]);
    const services = async () => (await call(platform.gateway.baseUrl, dashboard, 'GET', `/v1/metrics/agencies/${agency}/services?period=2026-11`)).body as unknown as {
      permits: Array<{ serviceCode: string; figures: { decided: number; casesWithinStandard: number } }>;
      complaints: unknown[];
    };
    await eventually(async () => (await services()).permits.find((entry) => entry.serviceCode === 'PBG')?.figures.decided === 2, 20_000);
    const { permits } = await services();
    expect(permits.map((entry) => entry.serviceCode)).toEqual(['PBG', 'TEST']);
    expect(permits[0].figures).toMatchObject({ decided: 2, casesWithinStandard: 1 });
    expect(permits[1].figures).toMatchObject({ decided: 7, casesWithinStandard: 1 });
    const other = await platform.tokenFor('dinas-pupr', ['metrics:read']);
    expect((await call(platform.gateway.baseUrl, other, 'GET', `/v1/metrics/agencies/${agency}/services`)).status).toBe(403);
  }, 40_000);

  it('measures IKM and JP per civil servant without ever showing a NIP', async () => {
    const nips = [randomNip(), randomNip(), randomNip()];
    nip0 = nips[0];
    // The third serves elsewhere after a transfer: two civil servants count here.
    await publish(publisher, [survey(agency, 4), survey(agency, 3), ...nips.map((nip) => civilServant(agency, nip)), transferred(nips[2], agency, 'dinas-lain', 2), jpCredited(nips[0], 24), jpCredited(nips[2], 30)]);
    await eventually(async () => {
      const figures = await figuresOf(agency);
      return figures?.training.totalJp === 24 && figures.training.civilServants === 2 && figures.satisfaction.respondents === 2;
    }, 20_000);
    const figures = await figuresOf(agency);
    expect(figures?.satisfaction).toMatchObject({ respondents: 2, ikm: 87.5, grade: 'B' });
    // Two respondents scoring every element 3 and 4: each element's average (NRR) is 3.5, and 3.5 x 25 = IKM 87.5.
    expect(figures?.satisfaction.elementAverages).toEqual({ U1: 3.5, U2: 3.5, U3: 3.5, U4: 3.5, U5: 3.5, U6: 3.5, U7: 3.5, U8: 3.5, U9: 3.5 });
    expect(figures?.training).toMatchObject({ year: 2026, civilServants: 2, totalJp: 24, jpPerCivilServant: 12, meeting20Jp: 1, shareMeeting20Jp: 0.5 });
    for (const path of ['/v1/metrics/agencies?period=2026-11', `/v1/metrics/agencies/${agency}?period=year&from=2026`, '/v1/metrics/ranking?period=2026-11']) {
      const text = await (await fetch(`${url()}${path}`, { headers: { authorization: `Bearer ${dashboard}` } })).text();
      for (const nip of nips) expect(text).not.toContain(nip);
      expect(text).not.toContain('Pak Budi');
    }
  }, 40_000);

  it('answers CSV, an ETag and 304 on If-None-Match, with Cache-Control', async () => {
    const csv = await fetch(`${url()}/v1/metrics/agencies?period=2026-11&format=csv`, { headers: { authorization: `Bearer ${dashboard}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^agencyId,period,from,to,permits\.received,/);
    expect(lines.some((line) => line.startsWith(`${agency},2026-11,`))).toBe(true);
    const accepted = await fetch(`${url()}/v1/metrics/ranking?period=2026-11`, { headers: { authorization: `Bearer ${dashboard}`, accept: 'text/csv' } });
    expect(accepted.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await accepted.text()).split('\r\n')[0]).toMatch(/^period,rank,agencyId,score,coverage,components\.permits/);

    let notModified = 0;
    for (let attempt = 0; attempt < 3 && notModified !== 304; attempt++) {
      const first = await fetch(`${url()}/v1/metrics/agencies/${agency}?period=month&from=2026-09&to=2026-11`, { headers: { authorization: `Bearer ${dashboard}` } });
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
      const body = (await first.json()) as { items: Array<{ period: string }> };
      expect(body.items.map((item) => item.period)).toEqual(['2026-09', '2026-10', '2026-11']);
      const etag = first.headers.get('etag') ?? '';
      expect(etag).toMatch(/^".+"$/);
      const second = await fetch(`${url()}/v1/metrics/agencies/${agency}?period=month&from=2026-09&to=2026-11`, { headers: { authorization: `Bearer ${dashboard}`, 'if-none-match': etag } });
      notModified = second.status;
      if (notModified === 304) expect(await second.text()).toBe('');
    }
    expect(notModified).toBe(304);
    expect((await call(url(), dashboard, 'GET', '/v1/metrics/agencies?period=2026-13')).status).toBe(400);
    expect((await call(url(), dashboard, 'GET', `/v1/metrics/agencies/${agency}?period=week`)).status).toBe(400);
  }, 30_000);

  it("shows an agency client its own agency only, and the ranking's formula", async () => {
    const own = await platform.tokenFor(agency, ['metrics:read']);
    const list = await call(url(), own, 'GET', '/v1/metrics/agencies?period=2026-11');
    expect((list.body.items ?? []).map((item) => item.agencyId)).toEqual([agency]);
    expect((await call(url(), own, 'GET', '/v1/metrics/agencies/dinas-pupr')).status).toBe(403);
    expect((await call(url(), own, 'GET', `/v1/metrics/agencies/${agency}`)).status).toBe(200);
    const ranking = await call(url(), own, 'GET', '/v1/metrics/ranking?period=2026-11');
    expect(ranking.status).toBe(200);
    expect((ranking.body.items ?? []).map((item) => item.agencyId)).toEqual([agency]);
    expect(Number(ranking.body.agencies)).toBeGreaterThan(1);
    expect(String(ranking.body.formula)).toContain('score = sum(w_i x c_i) / sum(w_i)');
    expect(String(ranking.body.formula)).toContain('95% Wilson score interval');
    expect(ranking.body.rules).toMatchObject({ minimumCases: 10, minimumCoverage: 0.4 });
    // Every component of the entry comes with its status and cases, ranked or not.
    const [entry] = (ranking.body.items ?? []) as unknown as Array<{ status: string; details: Record<string, { status: string; cases: number }> }>;
    expect(['ranked', 'insufficient-data']).toContain(entry.status);
    expect(Object.keys(entry.details).sort()).toEqual(['backlog', 'complaints', 'permits', 'satisfaction', 'training']);
    for (const detail of Object.values(entry.details)) expect(Number.isInteger(detail.cases)).toBe(true);
  });

  it('documents the metrics routes, with the ranking formula, in valid OpenAPI documents of the gateway and the service', async () => {
    type OpenApi = { paths: Record<string, Record<string, { description?: string }>> };
    for (const baseUrl of [url(), platform.services.accountability.baseUrl]) {
      const document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as OpenApi;
      await validateOpenApi(document);
      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/metrics/agencies', '/v1/metrics/agencies/{agencyId}', '/v1/metrics/ranking']));
      expect(document.paths['/v1/metrics/ranking'].get.description).toContain('score = sum(w_i x c_i) / sum(w_i)');
    }
  }, 60_000);

  it('rebuilds from offset 0 into new tables and switches while answering, every table identical to the live one', async () => {
    // An application verified and left undecided past its deadline: a row of pending_deadlines to rebuild too.
    const overdueId = randomUUID();
    const overdue = { applicationId: overdueId, agencyId: agency, permitTypeCode: 'TEST' };
    await publish(publisher, [
      jpCredited(nip0, 4, 2, randomUUID(), agency),
      ...decidedPermit(agency, { withinStandard: true }),
      envelope(TOPICS.permits, `permit-application-${overdueId}`, 1, 'ApplicationSubmitted', { ...overdue, standard: { processingDays: 1 }, submittedAt: '2026-11-02T09:00:00+07:00' }, agency),
      envelope(TOPICS.permits, `permit-application-${overdueId}`, 2, 'ApplicationVerified', { ...overdue, verifiedAt: '2026-11-02T10:00:00+07:00', processingDays: 1, slaDeadline: '2026-11-03T23:59:59.999+07:00' }, agency),
    ]);
    await eventually(async () => {
      const figures = await figuresOf(agency);
      return figures?.permits.decided === 10 && figures.training.totalJp === 28 && figures.backlogPastDeadline.permitsPending === 1;
    }, 20_000);
    expect((await figuresOf(agency))?.name).toBe(`Dinas Uji ${agency}`);
    const withoutAsOf = (figures: Figures | undefined) => figures && { ...figures, permits: { ...figures.permits, asOf: undefined } };
    const before = withoutAsOf(await figuresOf(agency));
    let answering = true;
    const statuses: number[] = [];
    const polling = (async () => {
      while (answering) {
        statuses.push((await call(url(), dashboard, 'GET', '/v1/metrics/ranking?period=2026-11')).status);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const rebuild = await runService('accountability', { DATABASE_URL: platform.services.accountability.databaseUrl, KAFKA_BROKERS: process.env.KAFKA_BROKERS }, ['rebuild']);
    answering = false;
    await polling;
    expect(rebuild).toMatchObject({ code: 0, output: expect.stringContaining('rebuild complete') });
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([200]));
    const cases = [...mine.cases];
    const persons = [...mine.persons];
    const rowsOf: Record<(typeof METRIC_TABLES)[number], [string, string[]]> = {
      permit_facts: ['application_id = ANY($1)', cases],
      complaint_facts: ['complaint_id = ANY($1)', cases],
      survey_facts: ['survey_id = ANY($1)', cases],
      training_credits: ['person_key = ANY($1)', persons],
      civil_servants: ['person_key = ANY($1)', persons],
      stream_versions: ['stream_key = ANY($1)', [...mine.streams]],
      aggregates: ['agency_id = ANY($1)', [agency]],
      pending_deadlines: ['agency_id = ANY($1)', [agency]],
    };
    for (const table of METRIC_TABLES) {
      const [where, ids] = rowsOf[table];
      const keys = [ids];
      const counts = await db.query(`SELECT (SELECT count(*) FROM metrics.${table} WHERE ${where})::int AS rebuilt, (SELECT count(*) FROM metrics_previous.${table} WHERE ${where})::int AS live`, keys);
      expect(counts.rows[0].live).toBeGreaterThan(0);
      expect({ table, ...counts.rows[0] }).toEqual({ table, rebuilt: counts.rows[0].live, live: counts.rows[0].live });
      const differences = await db.query(
        `SELECT count(*)::int AS n FROM ((SELECT * FROM metrics.${table} WHERE ${where} EXCEPT ALL SELECT * FROM metrics_previous.${table} WHERE ${where})
         UNION ALL (SELECT * FROM metrics_previous.${table} WHERE ${where} EXCEPT ALL SELECT * FROM metrics.${table} WHERE ${where})) AS d`,
        keys,
      );
      expect({ table, differences: differences.rows[0].n }).toEqual({ table, differences: 0 });
    }
    expect(Number((await db.query(`SELECT count(*)::int AS n FROM metrics.permit_facts`)).rows[0].n)).toBeGreaterThan(8);
    expect(withoutAsOf(await figuresOf(agency))).toEqual(before);
    await publish(publisher, decidedPermit(agency));
    await eventually(async () => (await figuresOf(agency))?.permits.decided === 11, 20_000);
  }, 120_000);

  it('loses no event published while a rebuild replays and switches', async () => {
    const busy = `sibuk-${randomUUID().slice(0, 8)}`;
    let publishing = true;
    let sent = 0;
    const writer = (async () => {
      while (publishing) {
        await publish(publisher, decidedPermit(busy));
        sent++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const rebuild = await runService('accountability', { DATABASE_URL: platform.services.accountability.databaseUrl, KAFKA_BROKERS: process.env.KAFKA_BROKERS }, ['rebuild']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    publishing = false;
    await writer;
    expect(rebuild.code).toBe(0);
    expect(sent).toBeGreaterThan(5);
    await eventually(async () => (await figuresOf(busy))?.permits.decided === sent, 20_000);
  }, 120_000);
});
