import { createHttpAdapter } from '@palembang/http';
import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CalendarFollower } from '@palembang/platform';
import { createServiceDatabase } from '@palembang/platform/testing';
import { PALEMBANG_PERMIT_TYPES } from '@palembang/permits-domain';
import { Client } from 'pg';
import { PermitsModule } from '../permits.module';
import { PERMITS_CLOCK } from './deadline-watcher';
import { PermitApplicationRequest, PermitApplicationsService } from './permit-applications.service';

const TDUP = PALEMBANG_PERMIT_TYPES.find((type) => type.code === 'TDUP')!;
const applicant = { applicantId: 'citizen-78', nik: '1671011708900002', name: 'Rina', phone: '0812-7300-9999', email: null, address: 'Jl. Sudirman 2, Palembang' };

describe('what a permit command costs in round trips (real PostgreSQL)', () => {
  let app: INestApplication;
  let service: PermitApplicationsService;
  const sent: string[] = [];
  let counting: jest.SpyInstance;
  const context = { actor: 'officer-1', agencyId: TDUP.agencyId, correlationId: 'corr-rt', now: '2026-11-02T09:00:00+07:00' };

  beforeAll(async () => {
    process.env.PERSONAL_DATA_KEY ??= randomBytes(32).toString('base64');
    process.env.DEADLINE_CHECK_INTERVAL_MS = '0';
    process.env.GATEWAY_URL ??= 'http://127.0.0.1:9';
    const databaseUrl = await createServiceDatabase('permits_round_trips');
    const moduleRef = await Test.createTestingModule({
      imports: [PermitsModule.forConfig({ serviceName: 'permits', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(',') })],
    })
      .overrideProvider(PERMITS_CLOCK)
      .useValue(() => context.now)
      .overrideProvider(CalendarFollower)
      .useValue({})
      .compile();
    app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    await app.init();
    service = app.get(PermitApplicationsService);
    const query = Client.prototype.query as (...args: unknown[]) => unknown;
    counting = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      sent.push(String(typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text));
      return query.apply(this, args);
    } as never);
  });

  afterAll(async () => {
    counting.mockRestore();
    await app.close();
  });

  /** The statements a command sent, leaving out what the service's background work (relay, watchers) sent meanwhile. */
  async function commandTrips(request: PermitApplicationRequest): Promise<string[]> {
    sent.length = 0;
    await service.execute(request, context);
    return sent.filter((text) => text.includes('es_append_command') || text.includes('FROM es_events e WHERE stream_id') || /^\s*(START TRANSACTION|COMMIT|SAVEPOINT)/.test(text) || text.includes('permit_applications_view') || text.includes('es_subject_keys'));
  }

  it('submits in one statement, the list view in it, and verifies with the stream read and one statement', async () => {
    const applicationId = randomUUID();
    const submitted = await commandTrips({ type: 'SubmitApplication', data: { applicationId, trackingCode: `PLG-${applicationId.slice(0, 8).toUpperCase()}`, permitTypeCode: TDUP.code, applicant, documents: [...TDUP.requiredDocuments] } });
    expect(submitted).toEqual([expect.stringContaining('es_append_command')]);
    expect(submitted[0]).toContain('INSERT INTO permit_applications_view');

    const verified = await commandTrips({ type: 'VerifyApplication', data: { applicationId } });
    expect(verified).toEqual([expect.stringContaining('FROM es_events e WHERE stream_id'), expect.stringContaining('es_append_command')]);
  });
});
