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
import { LISTENER_NAME } from '../metrics/facts-listener';
import { onceForSnapshot } from '../metrics/metrics-memo';
import { MetricsReader } from '../metrics/metrics-reader';
import { factsChangedNotificationDdl } from './metric-tables';

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

  it('keeps the facts it read until the projection changes them, then reads afresh', async () => {
    const reader = app.get(MetricsReader);
    // Other suites publish to the same topics: wait for a quiet moment, when a second read gives the kept one.
    await eventually(async () => (await reader.snapshot()) === (await reader.snapshot()), 60_000, 200);
    const kept = await reader.snapshot();
    const newcomer = `cache-${randomUUID().slice(0, 8)}`;
    await publish(publisher, decidedPermit(newcomer));
    await eventually(async () => (await dataSource.query(`SELECT 1 FROM metrics.permit_facts WHERE agency_id = $1 AND decided_at IS NOT NULL`, [newcomer])).length === 1, 30_000, 100);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the notification reaches the reader's listening connection
    const fresh = await reader.snapshot();
    expect(fresh).not.toBe(kept);
    expect(fresh.permits.some((fact) => fact.agencyId === newcomer && fact.decision === 'approved')).toBe(true);
    expect(kept.permits.some((fact) => fact.agencyId === newcomer)).toBe(false);
  });

  it('computes a value once per snapshot and minute, keeping only the latest minute', async () => {
    const snapshot = await app.get(MetricsReader).snapshot();
    const minute = '2026-11-29T05:01:00.000Z';
    const next = '2026-11-29T05:02:00.000Z';
    expect(onceForSnapshot(snapshot, minute, 'figures', () => 'first')).toBe('first');
    expect(onceForSnapshot(snapshot, minute, 'figures', () => 'again')).toBe('first');
    expect(onceForSnapshot(snapshot, next, 'figures', () => 'next minute')).toBe('next minute');
    expect(onceForSnapshot(snapshot, minute, 'figures', () => 'late request, not kept')).toBe('late request, not kept');
    expect(onceForSnapshot(snapshot, next, 'figures', () => 'unused')).toBe('next minute');
  });

  it('keeps nothing while a fact table lacks its trigger (found by the next heartbeat), and keeps again once it is back', async () => {
    const reader = app.get(MetricsReader);
    await dataSource.query(`DROP TRIGGER facts_changed ON metrics.survey_facts`);
    try {
      await eventually(async () => (await reader.snapshot()) !== (await reader.snapshot()), 30_000, 500);
    } finally {
      for (const statement of factsChangedNotificationDdl('metrics')) await dataSource.query(statement);
    }
    await eventually(async () => (await reader.snapshot()) === (await reader.snapshot()), 60_000, 500);
  }, 100_000);

  it('keeps nothing once its listening connection is lost, and listens and keeps again after reconnecting', async () => {
    const reader = app.get(MetricsReader);
    await eventually(async () => (await reader.snapshot()) === (await reader.snapshot()), 60_000, 200);
    const [{ count }] = await dataSource.query(
      `SELECT count(pg_terminate_backend(pid))::int AS count FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
      [LISTENER_NAME],
    );
    expect(count).toBe(1);
    await eventually(async () => (await reader.snapshot()) !== (await reader.snapshot()), 5_000, 50);
    await eventually(async () => (await reader.snapshot()) === (await reader.snapshot()), 30_000, 250);
    const [{ listeners }] = await dataSource.query(`SELECT count(*)::int AS listeners FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`, [LISTENER_NAME]);
    expect(listeners).toBe(1);
  }, 100_000);
});
