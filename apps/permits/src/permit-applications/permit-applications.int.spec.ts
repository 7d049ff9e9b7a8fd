import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ERASED } from '@palembang/events/core';
import { ProblemException } from '@palembang/http';
import { createServiceDatabase } from '@palembang/platform/testing';
import { PALEMBANG_PERMIT_TYPES, PermitApplicationCommand } from '@palembang/permits-domain';
import { DataSource } from 'typeorm';
import { PermitsModule } from '../permits.module';
import { DeadlineWatcher, PERMITS_CLOCK } from './deadline-watcher';
import { PermitApplicationsService } from './permit-applications.service';

const applicant = { applicantId: 'citizen-77', nik: '1671011708900001', name: 'Siti Aminah', phone: '0812-7300-1234', email: 'siti@example.id', address: 'Jl. Merdeka 1, Palembang' };
const TDUP = PALEMBANG_PERMIT_TYPES.find((type) => type.code === 'TDUP')!; // deemed approval, 3 working days
const SIP = PALEMBANG_PERMIT_TYPES.find((type) => type.code === 'SIP-DOKTER')!; // no deemed approval

describe('permit applications (real PostgreSQL and Kafka)', () => {
  let now = '2026-11-02T09:00:00+07:00'; // a Monday
  const context = { actor: 'officer-1', agencyId: 'dinas-pariwisata', correlationId: 'corr-1' };
  const apps: INestApplication[] = [];
  let service: PermitApplicationsService;
  let dataSource: DataSource;

  async function startInstance(databaseUrl: string): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [PermitsModule.forConfig({ serviceName: 'permits', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(',') })],
    })
      .overrideProvider(PERMITS_CLOCK)
      .useValue(() => now)
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    process.env.PERSONAL_DATA_KEY = randomBytes(32).toString('base64');
    process.env.DEADLINE_CHECK_INTERVAL_MS = '0';
    process.env.GATEWAY_URL ??= 'http://127.0.0.1:9'; // no token is verified here: the service is called directly
    const databaseUrl = await createServiceDatabase('permits');
    const first = await startInstance(databaseUrl);
    await startInstance(databaseUrl); // a second instance: two deadline watchers on one database
    service = first.get(PermitApplicationsService);
    dataSource = first.get(DataSource);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  const command = <T extends PermitApplicationCommand['type']>(type: T, data: Extract<PermitApplicationCommand, { type: T }>['data']) =>
    ({ type, data, metadata: { now, agencyId: context.agencyId, actor: context.actor, correlationId: 'corr-1' } }) as Extract<PermitApplicationCommand, { type: T }>;

  async function submit(permitType = TDUP) {
    const applicationId = randomUUID();
    const trackingCode = `PLG-${randomUUID().slice(0, 8).toUpperCase()}`;
    await service.execute(command('SubmitApplication', { applicationId, trackingCode, permitTypeCode: permitType.code, applicant, documents: [...permitType.requiredDocuments] }), context);
    return { applicationId, trackingCode };
  }

  async function deadlineEvents(applicationId: string): Promise<string[]> {
    const { timeline } = await service.get(applicationId);
    return timeline.map((entry) => entry.event).filter((type) => type === 'ApplicationDeemedApproved' || type === 'SlaBreached');
  }

  it('takes an application from submission through two revision rounds to an issued permit, keeping the list view in step', async () => {
    now = '2026-11-02T09:00:00+07:00';
    const { applicationId } = await submit();
    await service.execute(command('RequestRevision', { applicationId, missingDocuments: ['ktp'], reason: 'blurred scan' }), context);
    await service.execute(command('ResubmitApplication', { applicationId, documents: ['ktp'] }), context);
    await service.execute(command('VerifyApplication', { applicationId }), context);
    await service.execute(command('RequestRevision', { applicationId, missingDocuments: ['nib'], reason: 'expired' }), context);
    now = '2026-11-04T10:00:00+07:00';
    await service.execute(command('ResubmitApplication', { applicationId, documents: ['nib'] }), context);
    await service.execute(command('StartReview', { applicationId, officerId: 'officer-1' }), context);
    await service.execute(command('ApproveApplication', { applicationId }), context);
    const issued = await service.execute(command('IssuePermit', { applicationId, permitNumber: 'TDUP/2026/0001' }), context);

    expect(issued.application.status).toBe('issued');
    const { items } = await service.list({ agencyId: 'dinas-pariwisata', status: 'issued', limit: 50, now });
    expect(items.map((item) => item.applicationId)).toContain(applicationId);
    const detail = await service.get(applicationId);
    expect(detail.version).toBe(9);
    expect(detail.timeline.map((entry) => entry.status)).toEqual([
      'submitted', 'revision-requested', 'submitted', 'verified', 'revision-requested', 'verified', 'under-review', 'approved', 'issued',
    ]);
  });

  it('refuses an invalid transition with a 409 problem and writes nothing', async () => {
    const { applicationId } = await submit();
    const attempt = service.execute(command('IssuePermit', { applicationId, permitNumber: 'X' }), context);
    await expect(attempt).rejects.toBeInstanceOf(ProblemException);
    await expect(attempt).rejects.toMatchObject({ problem: { status: 409, code: 'PERMIT.INVALID_TRANSITION' } });
    expect((await service.get(applicationId)).version).toBe(1);
  });

  it('deems a deemed-approval type approved exactly once, with two watchers checking at the same time', async () => {
    now = '2026-11-02T09:00:00+07:00';
    const { applicationId } = await submit(TDUP);
    await service.execute(command('VerifyApplication', { applicationId }), context);
    now = '2026-11-12T09:00:00+07:00'; // well past 3 working days
    const [first, second] = apps.map((app) => app.get(DeadlineWatcher));
    await Promise.all([first.checkNow(), second.checkNow(), first.checkNow()]);
    await Promise.all([first.checkNow(), second.checkNow()]);

    expect(await deadlineEvents(applicationId)).toEqual(['ApplicationDeemedApproved']);
    expect((await service.get(applicationId)).application.status).toBe('approved');
  });

  it('records an SLA breach exactly once for a type without deemed approval', async () => {
    now = '2026-11-02T09:00:00+07:00';
    const { applicationId } = await submit(SIP);
    await service.execute(command('VerifyApplication', { applicationId }), { ...context, agencyId: SIP.agencyId });
    now = '2026-11-20T09:00:00+07:00';
    const [first, second] = apps.map((app) => app.get(DeadlineWatcher));
    await Promise.all([first.checkNow(), second.checkNow()]);
    await first.checkNow();

    expect(await deadlineEvents(applicationId)).toEqual(['SlaBreached']);
    const overdue = await service.list({ agencyId: SIP.agencyId, overdue: true, limit: 50, now });
    expect(overdue.items.map((item) => item.applicationId)).toContain(applicationId);
  });

  it('shows the public tracking view without personal data', async () => {
    const { applicationId, trackingCode } = await submit();
    const tracking = await service.track(trackingCode);
    expect(tracking.status).toBe('submitted');
    const text = JSON.stringify(tracking);
    for (const value of [applicant.nik, applicant.name, applicant.phone, applicant.email, applicant.address, applicant.applicantId]) expect(text).not.toContain(value);
    expect((await service.get(applicationId)).applicant).toMatchObject({ nik: applicant.nik, name: applicant.name });
  });

  it('forgets an applicant: the application and its timeline stay readable with the personal fields erased', async () => {
    const forgotten = { ...applicant, applicantId: `citizen-${randomUUID()}` };
    const applicationId = randomUUID();
    await service.execute(
      command('SubmitApplication', { applicationId, trackingCode: `PLG-${randomUUID().slice(0, 8).toUpperCase()}`, permitTypeCode: 'TDUP', applicant: forgotten, documents: [...TDUP.requiredDocuments] }),
      context,
    );
    const agencyAdmin = { clientId: 'pariwisata-admin', agencyId: 'dinas-pariwisata', scopes: ['admin'] };
    expect(await service.forgetApplicant(forgotten.applicantId, agencyAdmin, now)).toEqual({ erasedKeys: 1 });
    const detail = await service.get(applicationId);
    expect(detail.applicant).toEqual({ applicantId: forgotten.applicantId, nik: ERASED, name: ERASED, phone: ERASED, email: ERASED, address: ERASED });
    expect(detail.timeline).toHaveLength(1);
    expect(await service.verifyApplicationStream(applicationId)).toMatchObject({ intact: true });
  });

  it('pages the list with a cursor, newest first', async () => {
    for (let n = 0; n < 3; n++) await submit();
    const first = await service.list({ agencyId: 'dinas-pariwisata', limit: 2, now });
    const second = await service.list({ agencyId: 'dinas-pariwisata', limit: 2, now, after: first.next ?? undefined });
    expect(first.items).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const ids = [...first.items, ...second.items].map((item) => item.applicationId);
    expect(new Set(ids).size).toBe(ids.length);
    const rows: Array<{ n: number }> = await dataSource.query(`SELECT count(*)::int AS n FROM permit_applications_view`);
    expect(rows[0].n).toBeGreaterThanOrEqual(4);
  });
});
