import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ERASED } from '@palembang/events/core';
import { decodeCursor, ProblemException, createHttpAdapter } from '@palembang/http';
import { CalendarFollower, LiveWorkingDayCalendar, recordCalendarEvent } from '@palembang/platform';
import { createServiceDatabase } from '@palembang/platform/testing';
import { PALEMBANG_PERMIT_TYPES, PermitApplicationCommand } from '@palembang/permits-domain';
import { CalendarDay, CalendarYearEvent, INDONESIA_CALENDAR_2026, seedCalendarYears } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { PermitsModule } from '../permits.module';
import { DeadlineWatcher, PERMITS_CLOCK } from './deadline-watcher';
import { applicationsPastDeadline } from './permit-applications-view';
import { PermitApplicationRequest, PermitApplicationsService } from './permit-applications.service';

const applicant = { applicantId: 'citizen-77', nik: '1671011708900001', name: 'Siti Aminah', phone: '0812-7300-1234', email: 'siti@example.id', address: 'Jl. Merdeka 1, Palembang' };
const TDUP = PALEMBANG_PERMIT_TYPES.find((type) => type.code === 'TDUP')!; // deemed approval, 3 working days
const SIP = PALEMBANG_PERMIT_TYPES.find((type) => type.code === 'SIP-DOKTER')!; // no deemed approval

describe('permit applications (real PostgreSQL and Kafka)', () => {
  let now = '2026-11-02T09:00:00+07:00'; // a Monday
  // The test's clock moves: each command is sent at the time `now` holds when it is sent.
  const context = {
    actor: 'officer-1',
    agencyId: 'dinas-pariwisata',
    correlationId: 'corr-1',
    get now() {
      return now;
    },
  };
  const apps: INestApplication[] = [];
  let service: PermitApplicationsService;
  let dataSource: DataSource;

  async function startInstance(databaseUrl: string): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [PermitsModule.forConfig({ serviceName: 'permits', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(',') })],
    })
      .overrideProvider(PERMITS_CLOCK)
      .useValue(() => now)
      // The calendar on the test's clock, re-read when the test says so and before each deadline check. Its copy is
      // written by the test, not followed from Kafka: the topic is shared with other test runs publishing other calendars.
      // Recalculation re-runs at every refresh for an hour after a change, as it does for 30 s in service.
      .overrideProvider(LiveWorkingDayCalendar)
      .useFactory({ inject: [DataSource], factory: (db: DataSource) => new LiveWorkingDayCalendar(db, { clock: () => now, refreshMs: 0, settleMs: 3_600_000, nextYearAlertFrom: '10-01' }) })
      .overrideProvider(CalendarFollower)
      .useValue({})
      .compile();
    const app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
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

  const command = <T extends PermitApplicationCommand['type']>(type: T, data: Extract<PermitApplicationCommand, { type: T }>['data']) => ({ type, data }) as PermitApplicationRequest;

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
    const second = await service.list({ agencyId: 'dinas-pariwisata', limit: 2, now, after: first.nextCursor ? decodeCursor(first.nextCursor) : null });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const ids = [...first.items, ...second.items].map((item) => item.applicationId);
    expect(new Set(ids).size).toBe(ids.length);
    const rows: Array<{ n: number }> = await dataSource.query(`SELECT count(*)::int AS n FROM permit_applications_view`);
    expect(rows[0].n).toBeGreaterThanOrEqual(4);
  });

  describe('when the working-day calendar changes', () => {
    const end = (date: string) => `${date}T23:59:59.999+07:00`;
    const calendars = () => apps.map((app) => app.get(LiveWorkingDayCalendar));
    // What the calendar follower does with the calendar events: record them in this service's copy.
    const follow = (event: CalendarYearEvent, streamVersion: number) => recordCalendarEvent(dataSource.manager, event, streamVersion);

    async function verified(permitType: typeof TDUP, at: string, revise = false): Promise<string> {
      now = at;
      const { applicationId } = await submit(permitType);
      const actingFor = { ...context, agencyId: permitType.agencyId };
      await service.execute(command('VerifyApplication', { applicationId }), actingFor);
      if (revise) await service.execute(command('RequestRevision', { applicationId, missingDocuments: ['ktp'], reason: 'blurred scan' }), actingFor);
      return applicationId;
    }

    async function recalculations(applicationId: string) {
      const { timeline } = await service.get(applicationId);
      return timeline.filter((entry) => entry.event === 'SlaDeadlineRecalculated').map((entry) => entry.details);
    }

    async function clockOf(applicationId: string) {
      const { application } = await service.get(applicationId);
      const clock = 'sla' in application ? application.sla : application.status === 'revision-requested' ? application.pausedClock : null;
      const rows: Array<{ sla_deadline: Date; sla_deadline_provisional: boolean }> = await dataSource.query(
        `SELECT sla_deadline, sla_deadline_provisional FROM permit_applications_view WHERE application_id = $1`,
        [applicationId],
      );
      return { deadline: clock?.deadline, provisional: clock?.provisional, view: { deadline: rows[0].sla_deadline.getTime(), provisional: rows[0].sla_deadline_provisional } };
    }

    it('moves every running deadline the added collective-leave day falls before by one working day, once, and no other', async () => {
      // Thursday 26 November 2026 becomes collective leave.
      const affected = {
        tdup: await verified(TDUP, '2026-11-23T09:00:00+07:00'), // 24, 25, 26 November -> 27
        sip: await verified(SIP, '2026-11-23T09:00:00+07:00'), // 24 November .. 2 December -> 3 December
        paused: await verified(SIP, '2026-11-23T09:00:00+07:00', true), // the paused clock moves too
      };
      const unaffected = {
        endsBefore: await verified(TDUP, '2026-11-18T09:00:00+07:00'), // 19, 20, 23 November: not a candidate
        startsOnIt: await verified(TDUP, '2026-11-26T09:00:00+07:00'), // 27, 30 November, 1 December: a candidate that does not move
      };
      const [seed2026] = seedCalendarYears();
      const leave: CalendarDay = { date: '2026-11-26', kind: 'collective-leave', name: 'Cuti bersama (uji)' };
      await follow({ type: 'CalendarYearPublished', data: { year: 2026, decree: INDONESIA_CALENDAR_2026.decree, days: seed2026.days, publishedAt: '2025-09-19T10:00:00+07:00' } }, 1);
      await follow(
        {
          type: 'CalendarYearAmended',
          data: {
            year: 2026,
            amendment: { reference: 'SKB perubahan uji 2026', date: '2026-11-10' },
            reason: 'Cuti bersama tambahan',
            added: [leave],
            removed: [],
            days: [...seed2026.days, leave].sort((a, b) => a.date.localeCompare(b.date)),
            amendedAt: '2026-11-10T10:00:00+07:00',
          },
        },
        2,
      );
      const [first, second] = calendars();
      await first.refresh();
      // Within the settling time every refresh re-runs the recalculation, on both instances: nothing moves twice.
      await Promise.all([first.refresh(), second.refresh()]);

      for (const [applicationId, from, to] of [
        [affected.tdup, '2026-11-26', '2026-11-27'],
        [affected.sip, '2026-12-02', '2026-12-03'],
        [affected.paused, '2026-12-02', '2026-12-03'],
      ]) {
        expect(await recalculations(applicationId)).toEqual([
          { previousDeadline: end(from), slaDeadline: end(to), provisional: false, reason: 'Batas waktu dihitung ulang: kalender kerja diubah (2026: SKB perubahan uji 2026)' },
        ]);
        expect(await clockOf(applicationId)).toEqual({ deadline: end(to), provisional: false, view: { deadline: Date.parse(end(to)), provisional: false } });
      }
      expect(await recalculations(unaffected.endsBefore)).toEqual([]);
      expect(await recalculations(unaffected.startsOnIt)).toEqual([]);
      expect((await clockOf(unaffected.startsOnIt)).deadline).toBe(end('2026-12-01'));
    });

    it('approves by law on a provisional deadline only once its year is published', async () => {
      // Tuesday 29 December 2026, 3 working days: 30, 31 December and 4 January 2027, a year not published yet.
      const applicationId = await verified(TDUP, '2026-12-29T09:00:00+07:00');
      expect(await clockOf(applicationId)).toEqual({ deadline: end('2027-01-04'), provisional: true, view: { deadline: Date.parse(end('2027-01-04')), provisional: true } });
      const listed = await service.list({ agencyId: TDUP.agencyId, status: 'verified', limit: 100, now });
      expect(listed.items.find((item) => item.applicationId === applicationId)?.slaDeadlineProvisional).toBe(true);

      now = '2027-01-08T09:00:00+07:00'; // the provisional deadline has passed
      const watchers = apps.map((app) => app.get(DeadlineWatcher));
      expect(await applicationsPastDeadline(dataSource.manager, now, 1000)).not.toContain(applicationId);
      await Promise.all(watchers.map((watcher) => watcher.checkNow()));
      expect(await deadlineEvents(applicationId)).toEqual([]);
      expect((await service.get(applicationId)).application.status).toBe('verified');

      const days: CalendarDay[] = [
        { date: '2027-01-01', kind: 'national-holiday', name: 'Tahun Baru 2027 Masehi' },
        { date: '2027-01-05', kind: 'national-holiday', name: 'Isra Mikraj Nabi Muhammad SAW' },
      ];
      await follow({ type: 'CalendarYearPublished', data: { year: 2027, decree: { reference: 'SKB uji 2027', date: '2026-12-30' }, days, publishedAt: '2026-12-30T10:00:00+07:00' } }, 1);
      await calendars()[0].refresh(); // as the instance whose follower recorded it; the other re-reads before its check
      expect(await recalculations(applicationId)).toEqual([
        { previousDeadline: end('2027-01-04'), slaDeadline: end('2027-01-04'), provisional: false, reason: expect.stringContaining('2027 telah ditetapkan') },
      ]);
      expect(await applicationsPastDeadline(dataSource.manager, now, 1000)).toContain(applicationId);

      await watchers[1].checkNow(); // the instance that has not re-read the calendar since 2027 was published checks first
      await Promise.all(watchers.map((watcher) => watcher.checkNow()));
      expect(await deadlineEvents(applicationId)).toEqual(['ApplicationDeemedApproved']);
      expect(await recalculations(applicationId)).toHaveLength(1);
      expect((await service.get(applicationId)).application).toMatchObject({ status: 'approved', approval: 'deemed', decidedAt: end('2027-01-04') });
    });
  });
});

