import { createHttpAdapter } from '@palembang/http';
import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ComplaintCommand, COMPLAINTS_DESK_AGENCY } from '@palembang/complaints-domain';
import { createServiceDatabase } from '@palembang/platform/testing';
import { DataSource } from 'typeorm';
import { ComplaintsModule } from '../complaints.module';
import { PermitOutcomesConsumer } from '../surveys/permit-outcomes.consumer';
import { COMPLAINTS_CLOCK, ComplaintDeadlineWatcher } from './complaint-deadline-watcher';
import { ComplaintRequest, ComplaintsService } from './complaints.service';

/**
 * Deadlines with a controlled clock and two service instances (two watchers)
 * on one database: each escalation and the automatic closing happen once.
 */
describe('complaint deadlines (real PostgreSQL and Kafka, controlled clock, two watchers)', () => {
  let now = '2026-11-06T10:00:00+07:00'; // a Friday
  const apps: INestApplication[] = [];
  let service: ComplaintsService;
  let watchers: ComplaintDeadlineWatcher[];
  let dataSource: DataSource;

  async function startInstance(databaseUrl: string): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [ComplaintsModule.forConfig({ serviceName: 'complaints', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(',') })],
    })
      .overrideProvider(COMPLAINTS_CLOCK)
      .useValue(() => now)
      // Permit outcomes from Kafka play no part in deadlines (the end-to-end test covers them); two group members only slow the run down.
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
    const second = await startInstance(databaseUrl);
    service = first.get(ComplaintsService);
    dataSource = first.get(DataSource);
    watchers = [first.get(ComplaintDeadlineWatcher), second.get(ComplaintDeadlineWatcher)];
  }, 60_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  const run = (type: ComplaintCommand['type'], complaintId: string, agencyId: string, data: Record<string, unknown> = {}) =>
    service.execute({ type, data: { complaintId, ...data } } as ComplaintRequest, { actor: 'test', agencyId, correlationId: randomUUID(), now });

  async function submit(): Promise<string> {
    const complaintId = randomUUID();
    await run('SubmitComplaint', complaintId, 'pemkot-palembang', {
      trackingCode: `LPR-${randomUUID().slice(0, 10).toUpperCase()}`,
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
    return complaintId;
  }

  async function eventTypes(complaintId: string): Promise<string[]> {
    const rows: Array<{ type: string }> = await dataSource.query(`SELECT type FROM es_events WHERE stream_id = $1 ORDER BY stream_version`, [`complaint-${complaintId}`]);
    return rows.map((row) => row.type);
  }

  /** Both watchers at once, twice: whatever is due is recorded once. */
  async function sweepTwice(): Promise<void> {
    await Promise.all(watchers.map((watcher) => watcher.checkNow()));
    await Promise.all(watchers.map((watcher) => watcher.checkNow()));
  }

  it('escalates a verification missed over a weekend once, then a missed follow-up once, then closes a resolved complaint by itself once', async () => {
    const id = await submit();
    now = '2026-11-11T23:59:00+07:00'; // Wednesday: the third working day after Friday, not yet past
    await sweepTwice();
    expect(await eventTypes(id)).toEqual(['ComplaintSubmitted']);

    now = '2026-11-12T08:00:00+07:00';
    await sweepTwice();
    expect(await eventTypes(id)).toEqual(['ComplaintSubmitted', 'VerificationOverdue']);

    await run('VerifyComplaint', id, COMPLAINTS_DESK_AGENCY, { followUpKind: 'standard', agencyId: null });
    await run('AcceptComplaint', id, 'dinas-pupr');
    now = '2026-11-20T08:00:00+07:00'; // more than 5 working days after routing on Thursday the 12th
    await sweepTwice();
    expect((await eventTypes(id)).filter((type) => type === 'FollowUpOverdue')).toHaveLength(1);

    await run('ResolveComplaint', id, 'dinas-pupr', { response: 'Sudah ditambal' });
    now = '2027-01-15T08:00:00+07:00'; // well past the auto-close day
    await sweepTwice();
    const types = await eventTypes(id);
    expect(types.filter((type) => type === 'ComplaintAutoClosed')).toHaveLength(1);
    expect(types[types.length - 1]).toBe('ComplaintAutoClosed');
    const interactions: Array<{ kind: string }> = await dataSource.query(`SELECT kind FROM finished_interactions WHERE interaction_id = $1`, [id]);
    expect(interactions).toEqual([{ kind: 'complaint' }]);
    expect(await Promise.all(watchers.map((watcher) => watcher.checkNow()))).toEqual([0, 0]);
  });
});
