import { createHttpAdapter } from '@palembang/http';
import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { KafkaPublisher } from '@palembang/events';
import { eventually, kafkaConnection } from '@palembang/events/testing';
import { platformMetrics } from '@palembang/platform';
import { createServiceDatabase } from '@palembang/platform/testing';
import { DataSource } from 'typeorm';
import { AccountabilityModule } from '../accountability.module';
import { decidedPermit, publish, survey } from '../testing/envelopes';
import { MetricsReader } from '../metrics/metrics-reader';

/**
 * The projection in process, on real PostgreSQL and Kafka, with a strict alert
 * policy (two cases, 90 %): facts, the alert in the service's own event store
 * and outbox, and the per-agency gauges on the service's metrics registry.
 */
describe('the accountability projection (real PostgreSQL and Kafka, in process)', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let publisher: KafkaPublisher;
  const agency = `proj-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    process.env.PERSONAL_DATA_KEY ??= randomBytes(32).toString('base64');
    const databaseUrl = await createServiceDatabase('accountability');
    const env = { GATEWAY_URL: 'http://127.0.0.1:9', ALERT_MIN_CASES: '2', ALERT_SHARE_THRESHOLD: '0.9', ACCOUNTABILITY_CONSUMER_GROUP: `accountability-int-${randomUUID()}` };
    const moduleRef = await Test.createTestingModule({
      imports: [AccountabilityModule.forConfig({ serviceName: 'accountability', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(',') }, env)],
    }).compile();
    app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    await app.init();
    dataSource = app.get(DataSource);
    publisher = new KafkaPublisher(kafkaConnection());
    // A new consumer group starts at offset 0: wait until the projection has caught up with what the topics hold already.
    const [marker] = decidedPermit(`penanda-${randomUUID().slice(0, 8)}`);
    await publish(publisher, [marker]);
    const markerId = (marker.envelope.data as { applicationId: string }).applicationId;
    await eventually(async () => (await dataSource.query(`SELECT 1 FROM metrics.permit_facts WHERE application_id = $1`, [markerId])).length === 1, 150_000, 250);
  }, 240_000);

  afterAll(async () => {
    await publisher?.close();
    await app?.close();
  });

  const alerts = async (): Promise<Array<{ stream_id: string; data: Record<string, unknown> }>> =>
    dataSource.query(`SELECT stream_id, data FROM es_events WHERE type = 'ServicePerformanceBelowStandard' AND stream_id LIKE $1`, [`alert-permits-${agency}-%`]);

  it('records the facts, the alert once in its own stream and outbox transaction, and gauges per agency', async () => {
    await publish(publisher, [...decidedPermit(agency, { withinStandard: true }), ...decidedPermit(agency), survey(agency, 4)]);
    await eventually(async () => (await alerts()).length === 1, 30_000);
    await publish(publisher, decidedPermit(agency));
    const count = async (table: string, where = 'TRUE') => Number((await dataSource.query(`SELECT count(*) AS n FROM metrics.${table} WHERE agency_id = $1 AND ${where}`, [agency]))[0].n);
    await eventually(async () => (await count('permit_facts', 'decided_at IS NOT NULL')) === 3 && (await count('survey_facts')) === 1, 30_000);

    const recorded = await alerts();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ stream_id: `alert-permits-${agency}-2026-11`, data: { decidedCases: 2, casesWithinStandard: 1, shareWithinStandard: 0.5, threshold: 0.9 } });

    const scrape = (await platformMetrics().render()).body;
    const period = new Date().toISOString().slice(0, 7);
    if (period === '2026-11') {
      expect(scrape).toContain(`accountability_permit_share_within_standard{agency="${agency}"} ${1 / 3}`);
      expect(scrape).toContain(`accountability_ikm{agency="${agency}"} 100`);
    }
    expect(scrape).toContain(`accountability_permit_backlog{agency="${agency}"} 0`);
    expect(scrape).toMatch(/accountability_projection_delay_seconds_count\{topic="permits.events"\} [1-9]/);
  }, 90_000);

  it('answers from the aggregates written in the fact transaction: a new agency is listed with its decision at once', async () => {
    const reader = app.get(MetricsReader);
    const newcomer = `fresh-${randomUUID().slice(0, 8)}`;
    await publish(publisher, decidedPermit(newcomer));
    await eventually(async () => (await dataSource.query(`SELECT 1 FROM metrics.permit_facts WHERE agency_id = $1 AND decided_at IS NOT NULL`, [newcomer])).length === 1, 30_000, 100);
    const items = await reader.agencyFigures('2026-11', reader.asOf(), (agencyId) => agencyId === newcomer);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ agencyId: newcomer, name: null, permits: { received: 1, decided: 1, approved: 1, casesMeasured: 1, casesWithinStandard: 0 } });
  });
});
