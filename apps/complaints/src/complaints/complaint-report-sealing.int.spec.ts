import { createHttpAdapter } from '@palembang/http';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  complaintEventContracts,
  ComplaintRef,
  COMPLAINTS_DESK_AGENCY,
  REPORTER_PERSONAL_FIELDS,
  reporterSubjectId,
  sampleSubmitted,
} from '@palembang/complaints-domain';
import { EventContract, EventContracts, PostgresEventStore } from '@palembang/events';
import { createTestDatabase, newEvent, testVault } from '@palembang/events/testing';
import { createServiceDatabase } from '@palembang/platform/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ComplaintsModule } from '../complaints.module';
import { PermitOutcomesConsumer } from '../surveys/permit-outcomes.consumer';
import { COMPLAINTS_CLOCK } from './complaint-deadline-watcher';
import { listComplaints } from './complaints-view';
import { ComplaintsViews1764500000000, ComplaintsViewSealedReport1764950000000 } from './complaints-view.migration';
import { ComplaintsViewAnonymity1764960000000 } from './complaints-view-anonymity.migration';
import { ComplaintsViewProvisionalDeadlines1796100000000 } from './complaints-view-provisional.migration';
import { ComplaintsService } from './complaints.service';

const NOW = '2026-11-06T10:00:00+07:00';

/** Complaints recorded before the report's fields were sealed stay readable, and their chains verify (real PostgreSQL and Kafka). */
describe('complaints recorded before their report was sealed', () => {
  describe('in the event store', () => {
    let app: INestApplication;

    beforeAll(async () => {
      process.env.PERSONAL_DATA_KEY ??= randomBytes(32).toString('base64');
      process.env.GATEWAY_URL ??= 'http://127.0.0.1:9'; // no token is verified here: the service is called directly
      const databaseUrl = await createServiceDatabase('complaints');
      const moduleRef = await Test.createTestingModule({
        imports: [ComplaintsModule.forConfig({ serviceName: 'complaints', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(',') })],
      })
        .overrideProvider(COMPLAINTS_CLOCK)
        .useValue(() => NOW)
        .overrideProvider(PermitOutcomesConsumer)
        .useValue({})
        .compile();
      app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
      await app.init();
    }, 60_000);

    afterAll(async () => {
      await app?.close();
    });

    /** The service's own store as it was configured, but with the contracts of before: only the reporter's fields personal. */
    function storeOfBefore(): PostgresEventStore {
      const sealedThen: EventContract = { type: 'ComplaintSubmitted', schemaVersion: 1, personalData: { subjectId: (data) => reporterSubjectId(data as never), fields: REPORTER_PERSONAL_FIELDS } };
      const contracts = new EventContracts([sealedThen, ...complaintEventContracts.filter((contract) => contract.type !== 'ComplaintSubmitted')]);
      const options = (app.get(PostgresEventStore) as unknown as { options: ConstructorParameters<typeof PostgresEventStore>[0] }).options;
      return new PostgresEventStore({ ...options, contracts });
    }

    it('reads the clear title, description, address and place as they were, takes new events on the same chain, and verifies it', async () => {
      const ref: ComplaintRef = { complaintId: randomUUID(), agencyId: COMPLAINTS_DESK_AGENCY, categoryCode: 'JALAN-RUSAK', intakeType: 'complaint' };
      const old = sampleSubmitted(ref, '2026-11-05T10:00:00+07:00', '2026-11-10T23:59:59.999+07:00', { title: `Jalan rusak ${ref.complaintId}` });
      const streamId = `complaint-${ref.complaintId}`;
      await storeOfBefore().append(streamId, 0, [newEvent(old.type, old.data)]);
      const dataSource = app.get(DataSource);
      const [stored] = await dataSource.query(`SELECT data::text AS data FROM es_events WHERE stream_id = $1`, [streamId]);
      expect(stored.data).toContain(old.data.title); // stored in clear, as before the change
      expect(stored.data).not.toContain(old.data.reporter.name as string);

      const service = app.get(ComplaintsService);
      await service.execute(
        { type: 'VerifyComplaint', data: { complaintId: ref.complaintId, followUpKind: 'standard', agencyId: null } },
        { actor: 'test', agencyId: COMPLAINTS_DESK_AGENCY, correlationId: randomUUID(), now: NOW },
      );
      const { submitted, complaint } = await service.get(ref.complaintId);
      expect(complaint.status).toBe('routed');
      expect(submitted).toMatchObject({ title: old.data.title, description: old.data.description, address: old.data.address, location: old.data.location, reporter: { name: old.data.reporter.name } });
      expect(await service.verifyStream(ref.complaintId)).toEqual({ intact: true, streamId, events: 2 });
    });
  });

  describe('in the complaints view', () => {
    let dataSource: DataSource;

    beforeAll(async () => {
      dataSource = await createTestDatabase('complaints_view', [ComplaintsViews1764500000000]);
    });

    afterAll(async () => {
      await dataSource?.destroy();
    });

    it('keeps a row written in clear readable after the migration that seals new rows, its place as one value', async () => {
      const complaintId = randomUUID();
      await dataSource.query(
        `INSERT INTO complaints_view (complaint_id, tracking_code, agency_id, category_code, intake_type, channel, status, is_open, title, address, latitude, longitude, submitted_at, updated_at, version)
         VALUES ($1, 'LPR-OLD1', 'dinas-kominfo', 'JALAN-RUSAK', 'complaint', 'web', 'received', true, 'Jalan berlubang', 'Jl. Sudirman', -2.97, 104.74, $2, $2, 1)`,
        [complaintId, NOW],
      );
      await new ComplaintsViewSealedReport1764950000000().up(dataSource.createQueryRunner());
      await new ComplaintsViewAnonymity1764960000000().up(dataSource.createQueryRunner());
      await new ComplaintsViewProvisionalDeadlines1796100000000().up(dataSource.createQueryRunner());
      const { items } = await listComplaints(dataSource.manager, testVault(), { limit: 10, now: NOW });
      expect(items).toEqual([expect.objectContaining({ complaintId, title: 'Jalan berlubang', address: 'Jl. Sudirman', location: { latitude: -2.97, longitude: 104.74 } })]);
    });
  });
});
