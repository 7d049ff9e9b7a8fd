import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ComplaintCommand, COMPLAINTS_DESK_AGENCY } from '@palembang/complaints-domain';
import { createHttpAdapter } from '@palembang/http';
import { createServiceDatabase, problemRaisedBy } from '@palembang/platform/testing';
import { DataSource } from 'typeorm';
import { ComplaintsModule } from '../complaints.module';
import { PermitOutcomesConsumer } from '../surveys/permit-outcomes.consumer';
import { ComplaintRequest, ComplaintsService } from './complaints.service';

/** The desk routes complaints only to agencies of the register (its copy, kept from Kafka; real PostgreSQL). */
describe('complaints routed to agencies of the register', () => {
  let app: INestApplication;
  let service: ComplaintsService;
  let dataSource: DataSource;

  beforeAll(async () => {
    process.env.PERSONAL_DATA_KEY ??= randomBytes(32).toString('base64');
    process.env.GATEWAY_URL ??= 'http://127.0.0.1:9';
    const databaseUrl = await createServiceDatabase('complaints');
    const config = { serviceName: 'complaints', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(','), consumerGroupSuffix: `int-${randomUUID()}` };
    const moduleRef = await Test.createTestingModule({ imports: [ComplaintsModule.forConfig(config)] }).overrideProvider(PermitOutcomesConsumer).useValue({}).compile();
    app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    await app.init();
    service = app.get(ComplaintsService);
    dataSource = app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  const run = (type: ComplaintCommand['type'], complaintId: string, agencyId: string, data: Record<string, unknown> = {}) =>
    service.execute({ type, data: { complaintId, ...data } } as ComplaintRequest, { actor: 'test', agencyId, correlationId: randomUUID(), now: new Date().toISOString() });

  async function submit(): Promise<string> {
    const complaintId = randomUUID();
    await run('SubmitComplaint', complaintId, 'pemkot-palembang', {
      trackingCode: `LPR-${randomUUID().slice(0, 10).toUpperCase()}`, intakeType: 'complaint', channel: 'web', categoryCode: 'JALAN-RUSAK', title: 'Jalan berlubang', description: 'Lubang besar',
      location: null, address: 'Jl. Sudirman', reporter: { reporterId: 'citizen-9', name: 'Budi', nik: null, phone: null, email: null }, anonymous: false,
    });
    return complaintId;
  }

  const events = async (complaintId: string) => (await dataSource.query(`SELECT type FROM es_events WHERE stream_id = $1 ORDER BY stream_version`, [`complaint-${complaintId}`])).map((row: { type: string }) => row.type);

  it('refuses to verify to, or re-route to, an agency the register does not hold, naming the field and recording nothing', async () => {
    const id = await submit();
    expect(await problemRaisedBy(run('VerifyComplaint', id, COMPLAINTS_DESK_AGENCY, { followUpKind: 'standard', agencyId: 'dinas-tidak-terdaftar' }))).toEqual({ status: 422, code: 'AGENCY.NOT_REGISTERED', fields: ['agencyId'] });
    expect(await events(id)).toEqual(['ComplaintSubmitted']);

    await run('VerifyComplaint', id, COMPLAINTS_DESK_AGENCY, { followUpKind: 'standard', agencyId: 'kecamatan-plaju' });
    await run('DeclineAuthority', id, 'kecamatan-plaju', { reason: 'Jalan kota, bukan jalan lingkungan' });
    expect(await problemRaisedBy(run('RerouteComplaint', id, COMPLAINTS_DESK_AGENCY, { agencyId: 'dinkes', followUpKind: null }))).toEqual({ status: 422, code: 'AGENCY.NOT_REGISTERED', fields: ['agencyId'] });
    await run('RerouteComplaint', id, COMPLAINTS_DESK_AGENCY, { agencyId: 'dinas-kesehatan', followUpKind: null });
    expect(await events(id)).toEqual(['ComplaintSubmitted', 'ComplaintVerified', 'AuthorityDeclined', 'ComplaintRerouted']);
  });
});
