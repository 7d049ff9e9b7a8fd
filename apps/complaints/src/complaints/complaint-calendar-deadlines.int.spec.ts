import { createHttpAdapter } from '@palembang/http';
import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ComplaintCommand, COMPLAINTS_DESK_AGENCY } from '@palembang/complaints-domain';
import { CalendarFollower, LiveWorkingDayCalendar, recordCalendarEvent } from '@palembang/platform';
import { createServiceDatabase } from '@palembang/platform/testing';
import { CalendarDay, CalendarYearEvent, seedCalendarYears } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { ComplaintsModule } from '../complaints.module';
import { PROVISIONAL_NOTICE, serviceRequestOf } from '../open311/open311-mapping';
import { PermitOutcomesConsumer } from '../surveys/permit-outcomes.consumer';
import { COMPLAINTS_CLOCK, ComplaintDeadlineWatcher } from './complaint-deadline-watcher';
import { complaintsToCheck } from './complaints-view';
import { ComplaintRequest, ComplaintsService } from './complaints.service';
import { ComplaintTrackingController } from './http/complaint-tracking.controller';

const endOf = (date: string) => new Date(`${date}T23:59:59.999+07:00`).toISOString();

/**
 * Running deadlines after a change of the working-day calendar, with a controlled clock and
 * two service instances on one database (two calendars, two recalculators, two watchers):
 * each affected deadline moves once, and nothing fires on a provisional one.
 */
describe('complaint deadlines and the working-day calendar (real PostgreSQL and Kafka, controlled clock, two instances)', () => {
  let now = '2026-12-07T09:00:00+07:00'; // a Monday
  const apps: INestApplication[] = [];
  let service: ComplaintsService;
  let dataSource: DataSource;

  async function startInstance(databaseUrl: string): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [ComplaintsModule.forConfig({ serviceName: 'complaints', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(',') })],
    })
      .overrideProvider(COMPLAINTS_CLOCK)
      .useValue(() => now)
      // The calendar on the test's clock, re-read only when the test says so; its copy is written by the test, not followed from Kafka.
      .overrideProvider(LiveWorkingDayCalendar)
      .useFactory({ inject: [DataSource], factory: (db: DataSource) => new LiveWorkingDayCalendar(db, { clock: () => now, refreshMs: 0, settleMs: 0, nextYearAlertFrom: '10-01' }) })
      .overrideProvider(CalendarFollower)
      .useValue({})
      .overrideProvider(PermitOutcomesConsumer)
      .useValue({})
      .compile();
    const app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    await app.init();
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    process.env.PERSONAL_DATA_KEY ??= randomBytes(32).toString('base64');
    process.env.DEADLINE_CHECK_INTERVAL_MS = '0';
    process.env.GATEWAY_URL ??= 'http://127.0.0.1:9'; // no token is verified here: the service is called directly
    const databaseUrl = await createServiceDatabase('complaints');
    const first = await startInstance(databaseUrl);
    await startInstance(databaseUrl);
    service = first.get(ComplaintsService);
    dataSource = first.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  const run = (type: ComplaintCommand['type'], complaintId: string, agencyId: string, data: Record<string, unknown> = {}) =>
    service.execute({ type, data: { complaintId, ...data } } as ComplaintRequest, { actor: 'test', agencyId, correlationId: randomUUID(), now });

  async function submit(): Promise<{ id: string; trackingCode: string }> {
    const id = randomUUID();
    // The alphabet of real tracking codes, which public tracking checks.
    const trackingCode = `LPR-${Array.from(randomBytes(10), (byte) => '34679ACDEFGHJKMNPQRTWXY'[byte % 23]).join('')}`;
    await run('SubmitComplaint', id, COMPLAINTS_DESK_AGENCY, {
      trackingCode,
      intakeType: 'complaint',
      channel: 'web',
      categoryCode: 'JALAN-RUSAK',
      title: 'Jalan berlubang',
      description: 'Lubang besar',
      location: null,
      address: 'Jl. Sudirman',
      reporter: { reporterId: 'citizen-9', name: 'Budi', nik: null, phone: null, email: null },
      anonymous: false,
    });
    return { id, trackingCode };
  }

  async function eventTypes(complaintId: string): Promise<string[]> {
    const rows: Array<{ type: string }> = await dataSource.query(`SELECT type FROM es_events WHERE stream_id = $1 ORDER BY stream_version`, [`complaint-${complaintId}`]);
    return rows.map((row) => row.type);
  }

  async function runningDeadline(complaintId: string): Promise<{ kind: string; at: string; provisional: boolean }> {
    const [row]: Array<{ deadline_kind: string; deadline_at: Date; deadline_provisional: boolean }> = await dataSource.query(
      `SELECT deadline_kind, deadline_at, deadline_provisional FROM complaints_view WHERE complaint_id = $1`,
      [complaintId],
    );
    return { kind: row.deadline_kind, at: row.deadline_at.toISOString(), provisional: row.deadline_provisional };
  }

  /** Records calendar events in the copy, as the calendar follower does, and lets both instances re-read it twice. */
  async function changeCalendar(...events: Array<[CalendarYearEvent, number]>): Promise<void> {
    for (const [event, version] of events) await recordCalendarEvent(dataSource.manager, event, version);
    for (let pass = 0; pass < 2; pass++) await Promise.all(apps.map((app) => app.get(LiveWorkingDayCalendar).refresh()));
  }

  /** Both watchers at once, twice. */
  async function sweepTwice(): Promise<void> {
    for (let pass = 0; pass < 2; pass++) await Promise.all(apps.map((app) => app.get(ComplaintDeadlineWatcher).checkNow()));
  }

  const open311Request = async (complaintId: string) => serviceRequestOf((await service.search({ kind: 'by_ids', ids: [complaintId] }, now))[0], undefined);

  const recalculations = async (complaintId: string) => (await eventTypes(complaintId)).filter((type) => type === 'ComplaintDeadlineRecalculated').length;

  it('moves every running deadline a collective-leave day added on Friday 11 December touches by one working day, once, and shows it in public tracking', async () => {
    const [seed] = seedCalendarYears();
    // Verification: 3 working days from Monday 7 December, Thursday 10: before the new day off.
    const unaffected = await submit();
    // Follow-up: 5 working days from Monday 7 December, Monday 14.
    const followUp = await submit();
    await run('VerifyComplaint', followUp.id, COMPLAINTS_DESK_AGENCY, { followUpKind: 'standard', agencyId: null });
    await run('AcceptComplaint', followUp.id, 'dinas-pupr');
    // Auto-close: 10 working days from Monday 7 December, Monday 21.
    const resolved = await submit();
    await run('VerifyComplaint', resolved.id, COMPLAINTS_DESK_AGENCY, { followUpKind: 'standard', agencyId: null });
    await run('AcceptComplaint', resolved.id, 'dinas-pupr');
    await run('ResolveComplaint', resolved.id, 'dinas-pupr', { response: 'Sudah ditambal' });
    expect(await runningDeadline(unaffected.id)).toEqual({ kind: 'verification', at: endOf('2026-12-10'), provisional: false });
    expect(await runningDeadline(followUp.id)).toEqual({ kind: 'follow-up', at: endOf('2026-12-14'), provisional: false });
    expect(await runningDeadline(resolved.id)).toEqual({ kind: 'auto-close', at: endOf('2026-12-21'), provisional: false });

    const leave: CalendarDay = { date: '2026-12-11', kind: 'collective-leave', name: 'Cuti bersama tambahan' };
    now = '2026-12-08T10:00:00+07:00';
    await changeCalendar(
      [{ type: 'CalendarYearPublished', data: { year: 2026, decree: seed.decree, days: seed.days, publishedAt: '2025-09-19T10:00:00+07:00' } }, 1],
      [
        {
          type: 'CalendarYearAmended',
          data: { year: 2026, amendment: { reference: 'SKB perubahan 2026', date: '2026-12-07' }, reason: 'Cuti bersama tambahan', added: [leave], removed: [], days: [...seed.days, leave], amendedAt: now },
        },
        2,
      ],
    );

    expect(await runningDeadline(unaffected.id)).toEqual({ kind: 'verification', at: endOf('2026-12-10'), provisional: false });
    expect(await runningDeadline(followUp.id)).toEqual({ kind: 'follow-up', at: endOf('2026-12-15'), provisional: false });
    expect(await runningDeadline(resolved.id)).toEqual({ kind: 'auto-close', at: endOf('2026-12-22'), provisional: false });
    expect([await recalculations(unaffected.id), await recalculations(followUp.id), await recalculations(resolved.id)]).toEqual([0, 1, 1]);

    const tracking = await apps[0].get(ComplaintTrackingController).track(followUp.trackingCode);
    expect(tracking.timeline[tracking.timeline.length - 1]).toEqual({
      at: '2026-12-08T10:00:00+07:00',
      event: 'ComplaintDeadlineRecalculated',
      status: 'in-progress',
      label: 'Batas waktu dihitung ulang',
      details: {
        clock: 'follow-up',
        previousDeadline: '2026-12-14T23:59:59.999+07:00',
        deadline: '2026-12-15T23:59:59.999+07:00',
        provisional: false,
        reason: 'Batas waktu dihitung ulang: kalender kerja diubah (2026: SKB perubahan 2026)',
      },
    });

    // Monday 14 December is past the old follow-up deadline, not the new one: nothing escalates yet.
    now = '2026-12-15T08:00:00+07:00';
    await sweepTwice();
    expect(await eventTypes(followUp.id)).not.toContain('FollowUpOverdue');
  });

  it('holds the escalation of a verification deadline in the unpublished 2027 until the year is published, then escalates once', async () => {
    now = '2026-12-30T09:00:00+07:00'; // Wednesday: 31 December, then 4 and 6 January as forecast (5 January, Isra Mikraj)
    const late = await submit();
    expect(await runningDeadline(late.id)).toEqual({ kind: 'verification', at: endOf('2027-01-06'), provisional: true });
    expect(await open311Request(late.id)).toMatchObject({ expected_datetime: endOf('2027-01-06'), service_notice: PROVISIONAL_NOTICE });

    now = '2027-01-08T08:00:00+07:00';
    expect(await complaintsToCheck(dataSource.manager, now)).not.toContain(late.id);
    await sweepTwice();
    expect(await eventTypes(late.id)).toEqual(['ComplaintSubmitted']);

    // 2027 as published: collective leave on Monday 4 January, so the deadline is Thursday 7 January (already passed).
    const days: CalendarDay[] = [
      { date: '2027-01-01', kind: 'national-holiday', name: 'Tahun Baru 2027 Masehi' },
      { date: '2027-01-04', kind: 'collective-leave', name: 'Cuti bersama Tahun Baru 2027' },
      { date: '2027-01-05', kind: 'national-holiday', name: 'Isra Mikraj Nabi Muhammad SAW' },
    ];
    await changeCalendar([{ type: 'CalendarYearPublished', data: { year: 2027, decree: { reference: 'SKB 2027', date: '2026-09-20' }, days, publishedAt: now } }, 1]);
    expect(await runningDeadline(late.id)).toEqual({ kind: 'verification', at: endOf('2027-01-07'), provisional: false });
    expect(await eventTypes(late.id)).toEqual(['ComplaintSubmitted', 'ComplaintDeadlineRecalculated']);
    expect(await complaintsToCheck(dataSource.manager, now)).toContain(late.id);
    expect(await open311Request(late.id)).toMatchObject({ expected_datetime: endOf('2027-01-07'), service_notice: null });

    await sweepTwice();
    expect(await eventTypes(late.id)).toEqual(['ComplaintSubmitted', 'ComplaintDeadlineRecalculated', 'VerificationOverdue']);
  });
});
