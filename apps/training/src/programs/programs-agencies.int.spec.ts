import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { agencyStreamId, KafkaPublisher, TOPICS } from '@palembang/events';
import { eventually, kafkaConnection, testEnvelope } from '@palembang/events/testing';
import { createHttpAdapter } from '@palembang/http';
import { createServiceDatabase, problemRaisedBy } from '@palembang/platform/testing';
import { jakartaDateOf } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { CivilServantsService } from '../civil-servants/civil-servants.service';
import { InternshipsService } from '../internships/internships.service';
import { PartnersService } from '../partners/partners.service';
import { ResearchService } from '../research/research.service';
import { ServicePerformanceConsumer } from '../recommendations/service-performance.consumer';
import { contextOf } from '../testing/training-instances';
import { TrainingModule } from '../training.module';
import { ProgramsService } from './programs.service';

/** A register event as the accountability service's outbox relay publishes it, keyed by its stream. */
async function publishRegisterEvent(publisher: KafkaPublisher, agencyId: string, version: number, type: string, data: object): Promise<string> {
  const envelope = { ...testEnvelope(agencyStreamId(agencyId), version, type, { agencyId, ...data }), agencyId: 'pemkot-palembang' };
  await publisher.publish([{ topic: TOPICS.accountability, key: envelope.streamId, value: JSON.stringify(envelope) }]);
  return envelope.eventId;
}

/**
 * The training service refuses programs and civil servants naming an agency the register does not hold,
 * and learns the register from its events on Kafka (real PostgreSQL and Kafka, in process).
 */
describe('training and the agency register', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let publisher: KafkaPublisher;
  const agencyId = `dinas-uji-${randomUUID().slice(0, 8)}`;
  const nip = `198503122010011${String(Math.floor(Math.random() * 900) + 100)}`;
  const program = (providerId: string) => ({ code: `AG-${randomUUID().slice(0, 6).toUpperCase()}`, title: 'Pelayanan Prima', competencyArea: 'socio-cultural' as const, jp: 8, deliveryMode: 'classroom' as const, provider: { kind: 'agency' as const, id: providerId } });

  beforeAll(async () => {
    process.env.PERSONAL_DATA_KEY ??= randomBytes(32).toString('base64');
    process.env.GATEWAY_URL ??= 'http://127.0.0.1:9';
    const databaseUrl = await createServiceDatabase('training');
    const config = { serviceName: 'training', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(','), consumerGroupSuffix: `int-${randomUUID()}` };
    const moduleRef = await Test.createTestingModule({ imports: [TrainingModule.forConfig(config)] }).overrideProvider(ServicePerformanceConsumer).useValue({}).compile();
    app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    await app.init();
    dataSource = app.get(DataSource);
    publisher = new KafkaPublisher(kafkaConnection());
  }, 120_000);

  afterAll(async () => {
    await publisher?.close();
    await app?.close();
  });

  const copyOf = async (id: string) => (await dataSource.query(`SELECT status, name, stream_version FROM agency_register_copy WHERE agency_id = $1`, [id]))[0];

  it("accepts Palembang's agencies from the first start, before any register event arrives", async () => {
    await expect(app.get(ProgramsService).create(program('dinas-kominfo'), contextOf('bkpsdm'))).resolves.toMatchObject({ provider: { kind: 'agency', id: 'dinas-kominfo' } });
  });

  it('refuses an agency the register does not hold, naming the field, and accepts it once its registration arrives from Kafka', async () => {
    expect(await problemRaisedBy(app.get(ProgramsService).create(program(agencyId), contextOf('bkpsdm')))).toEqual({ status: 422, code: 'AGENCY.NOT_REGISTERED', fields: ['provider.id'] });
    expect(await problemRaisedBy(app.get(CivilServantsService).register(nip, 'Dewi Lestari', agencyId, contextOf('bkpsdm')))).toEqual({ status: 422, code: 'AGENCY.NOT_REGISTERED', fields: ['agencyId'] });

    await publishRegisterEvent(publisher, agencyId, 1, 'AgencyRegistered', { name: 'Dinas Uji', shortName: 'Diuji', kind: 'dinas', registeredAt: new Date().toISOString() });
    await eventually(async () => (await copyOf(agencyId))?.status === 'active', 120_000, 200);

    await expect(app.get(ProgramsService).create(program(agencyId), contextOf('bkpsdm'))).resolves.toMatchObject({ provider: { id: agencyId } });
    await expect(app.get(CivilServantsService).register(nip, 'Dewi Lestari', agencyId, contextOf('bkpsdm'))).resolves.toMatchObject({ agencyId });
  }, 150_000);

  it('refuses a retired agency again, and a redelivered older event does not bring it back', async () => {
    await publishRegisterEvent(publisher, agencyId, 2, 'AgencyRetired', { reason: 'Digabung', retiredAt: new Date().toISOString() });
    await eventually(async () => (await copyOf(agencyId))?.status === 'retired', 60_000, 200);
    const redelivered = await publishRegisterEvent(publisher, agencyId, 1, 'AgencyRegistered', { name: 'Dinas Uji', shortName: 'Diuji', kind: 'dinas', registeredAt: new Date().toISOString() });
    await eventually(async () => (await dataSource.query(`SELECT 1 FROM es_inbox WHERE event_id = $1`, [redelivered])).length === 1, 60_000, 200);
    expect(await copyOf(agencyId)).toMatchObject({ status: 'retired', stream_version: 2 });
    expect(await problemRaisedBy(app.get(ProgramsService).create(program(agencyId), contextOf('bkpsdm')))).toMatchObject({ status: 422, fields: ['provider.id'] });
  }, 150_000);

  it('refuses an internship hosted by, or research into, an agency the register does not hold', async () => {
    const partners = app.get(PartnersService);
    const today = jakartaDateOf(new Date().toISOString());
    const { partnerId } = (await partners.register({ name: 'Universitas Sriwijaya', kind: 'university' }, contextOf('bkpsdm'))).partner;
    const signed = await partners.sign(partnerId, { scope: ['internship', 'research'], validFrom: today, validUntil: `${Number(today.slice(0, 4)) + 1}-12-31` }, contextOf('bkpsdm'));
    const [agreementId] = Object.keys(signed.partner.agreements);
    const placement = { partnerId, agreementId, studentId: '09011282126001', studentName: 'Rizky', supervisorNip: '198503122010011001', startsOn: today, endsOn: today };
    expect(await problemRaisedBy(app.get(InternshipsService).place(placement, 'dinas-tak-dikenal', contextOf('bkpsdm')))).toEqual({ status: 422, code: 'AGENCY.NOT_REGISTERED', fields: ['agencyId'] });
    expect(await problemRaisedBy(app.get(ResearchService).propose({ partnerId, agreementId, title: 'Kepuasan', kind: 'satisfaction-study' }, 'dinas-tak-dikenal', contextOf('bkpsdm')))).toEqual({ status: 422, code: 'AGENCY.NOT_REGISTERED', fields: ['agencyId'] });
    await expect(app.get(ResearchService).propose({ partnerId, agreementId, title: 'Kepuasan', kind: 'satisfaction-study' }, 'kecamatan-sako', contextOf('bkpsdm'))).resolves.toMatchObject({ project: { agencyId: 'kecamatan-sako' } });
  });
});
