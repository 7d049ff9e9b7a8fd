import { randomUUID } from 'node:crypto';
import { EventConsumer, EventEnvelope, KafkaPublisher, KafkaSubscription } from '@palembang/events';
import { createTestDatabase, createTestTopic, eventually, kafkaConnection, testEnvelope } from '@palembang/events/testing';
import { DataSource } from 'typeorm';
import { ComplaintsViews1764500000000 } from '../complaints/complaints-view.migration';
import { recordPermitOutcomes } from './permit-outcomes.consumer';
import { SurveyProofs1764970000000 } from './survey-proofs.migration';

const asMessage = (topic: string, event: EventEnvelope) => ({ topic, key: event.streamId, value: JSON.stringify(event) });

/** The permit outcomes the complaints service learns, a partition batch at a time (real PostgreSQL and Kafka). */
describe('permit outcomes consumed in batches', () => {
  let dataSource: DataSource;
  let topic: string;
  const stoppers: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    dataSource = await createTestDatabase('permit_outcomes', [ComplaintsViews1764500000000, SurveyProofs1764970000000]);
    topic = await createTestTopic('permit-outcomes');
  }, 60_000);

  afterAll(async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop().catch(() => undefined);
    await dataSource?.destroy();
  });

  function startConsumer(name: string): void {
    const deadLetters = new KafkaPublisher(kafkaConnection());
    const consumer = new EventConsumer({
      name,
      dataSource,
      subscription: new KafkaSubscription(kafkaConnection(), { groupId: `group-${randomUUID()}`, topics: [topic] }),
      deadLetters,
      handleBatch: (events, { manager }) => recordPermitOutcomes(manager, events),
      maxAttempts: 2,
      retryBackoffMs: 20,
    });
    void consumer.start();
    stoppers.push(() => consumer.stop().then(() => deadLetters.close()));
  }

  const count = async (table: 'permit_tracking_codes' | 'finished_interactions') =>
    Number((await dataSource.query(`SELECT count(*) AS count FROM ${table}`))[0].count);

  it('records the tracking codes and finished applications of a batch, keeps the first of each, and dead-letters an outcome naming no application', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    const permit = (applicationId: string, version: number, type: string, data: object) =>
      testEnvelope(`permit-${applicationId}`, version, type, { applicationId, agencyId: 'dpmptsp', permitTypeCode: 'SIP', ...data });
    const poison = testEnvelope(`permit-${randomUUID()}`, 2, 'PermitIssued', { applicationId: 'not-an-id', agencyId: 'dpmptsp', permitTypeCode: 'SIP' });
    const events = [
      permit(first, 1, 'ApplicationSubmitted', { trackingCode: `IZN-${first.slice(0, 8)}` }),
      permit(second, 1, 'ApplicationSubmitted', { trackingCode: `IZN-${second.slice(0, 8)}` }),
      permit(first, 2, 'PermitIssued', { issuedAt: '2026-11-03T03:00:00.000Z' }),
      poison,
      permit(second, 2, 'ApplicationRejected', { rejectedAt: '2026-11-04T03:00:00.000Z' }),
      permit(first, 3, 'PermitIssued', { issuedAt: '2026-11-05T03:00:00.000Z' }),
    ];
    const publisher = new KafkaPublisher(kafkaConnection());
    stoppers.push(() => publisher.close());
    await publisher.publish(events.map((event) => asMessage(topic, event)));
    const name = `complaints.permit-outcomes-${randomUUID()}`;
    startConsumer(name);

    await eventually(async () => {
      const inbox = await dataSource.query(`SELECT count(*)::int AS count FROM es_inbox WHERE consumer = $1`, [name]);
      return inbox[0].count === events.length;
    });
    expect(await count('permit_tracking_codes')).toBe(2);
    const finished: Array<{ interaction_id: string; finished_at: Date }> = await dataSource.query(
      `SELECT interaction_id, finished_at FROM finished_interactions ORDER BY finished_at`,
    );
    expect(finished.map((row) => [row.interaction_id, row.finished_at.toISOString()])).toEqual([
      [first, '2026-11-03T03:00:00.000Z'],
      [second, '2026-11-04T03:00:00.000Z'],
    ]);
    const outcome: Array<{ outcome: string }> = await dataSource.query(`SELECT outcome FROM es_inbox WHERE event_id = $1`, [poison.eventId]);
    expect(outcome).toEqual([{ outcome: 'dead-lettered' }]);
  });
});
