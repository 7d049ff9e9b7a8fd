import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '@palembang/events/core';
import { DataSource } from 'typeorm';
import { KafkaPublisher, KafkaSubscription } from '../kafka/kafka-client';
import { countRows, createAppliedEventsTable, createTestDatabase, createTestTopic, eventually, kafkaConnection, recordAppliedEvent, testEnvelope } from '../testing';
import { EventConsumer, EventHandler } from './event-consumer';
import { InboxRetention } from './inbox-retention';

const MINUTE = 60_000;
/** Rows kept 10 minutes; clocks trusted to a minute: events recorded more than 9 minutes ago are refused. */
const RETENTION: InboxRetention = { keepMs: 10 * MINUTE, clockSkewMs: MINUTE };

describe('inbox retention (real PostgreSQL and Kafka)', () => {
  let dataSource: DataSource;
  let topic: string;
  let publisher: KafkaPublisher;
  const stoppers: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    dataSource = await createTestDatabase('inbox_retention');
    await createAppliedEventsTable(dataSource);
    topic = await createTestTopic('retention');
    publisher = new KafkaPublisher(kafkaConnection());
  });

  afterEach(async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop().catch(() => undefined);
    await publisher.close();
    await dataSource.destroy();
  });

  /** A consumer whose clock the test moves. */
  function consumerAt(clock: { now: number }, handle: EventHandler = recordAppliedEvent, name = `retention-${randomUUID()}`) {
    const deadLetters = new KafkaPublisher(kafkaConnection());
    const observed = { deadLettered: 0 };
    const consumer = new EventConsumer({
      name,
      dataSource,
      subscription: new KafkaSubscription(kafkaConnection(), { groupId: `group-${randomUUID()}`, topics: [topic] }),
      deadLetters,
      handle,
      maxAttempts: 2,
      retryBackoffMs: 20,
      inboxRetention: RETENTION,
      now: () => clock.now,
      observer: { processed: () => undefined, failed: () => undefined, deadLettered: () => observed.deadLettered++ },
    });
    stoppers.push(() => consumer.stop().then(() => deadLetters.close()));
    return { consumer, observed };
  }

  async function insertInboxRow(consumer: string, minutesAgo: number): Promise<string> {
    const eventId = randomUUID();
    await dataSource.query(`INSERT INTO es_inbox (consumer, event_id, processed_at) VALUES ($1, $2, now() - make_interval(mins => $3))`, [consumer, eventId, minutesAgo]);
    return eventId;
  }

  async function inboxOf(consumer: string): Promise<Array<{ event_id: string; outcome: string }>> {
    return dataSource.query(`SELECT event_id, outcome FROM es_inbox WHERE consumer = $1 ORDER BY processed_at`, [consumer]);
  }

  const publishEvent = (event: EventEnvelope) => publisher.publish([{ topic, key: event.streamId, value: JSON.stringify(event) }]);

  it("prunes the consumer's rows older than the retention, in batches, and keeps younger rows and other consumers' rows", async () => {
    const { consumer } = consumerAt({ now: Date.now() });
    const old = [];
    for (let i = 0; i < 5; i++) old.push(await insertInboxRow(consumer.name, 11 + i));
    const young = [await insertInboxRow(consumer.name, 9), await insertInboxRow(consumer.name, 0)];
    const othersOld = await insertInboxRow('another-consumer', 60);

    expect(await consumer.pruneInbox(2)).toBe(5);

    expect((await inboxOf(consumer.name)).map((row) => row.event_id).sort()).toEqual([...young].sort());
    expect(await inboxOf('another-consumer')).toEqual([{ event_id: othersOld, outcome: 'processed' }]);
    expect(old).toHaveLength(5);
    expect(await consumer.pruneInbox(2)).toBe(0);
  });

  it('does not apply again an event whose inbox row was pruned when it is delivered again: it is too old to apply, and is dead-lettered instead', async () => {
    const clock = { now: Date.now() };
    const applied: string[] = [];
    const { consumer, observed } = consumerAt(clock, async (event, context) => {
      applied.push(event.eventId);
      await recordAppliedEvent(event, context);
    });
    void consumer.start();
    const event = { ...testEnvelope(`permit-${randomUUID()}`, 1), recordedAt: new Date(clock.now).toISOString() };
    await publishEvent(event);
    await eventually(() => applied.length === 1);

    // Eleven minutes on, the row is past the retention and pruned.
    clock.now += 11 * MINUTE;
    expect(await consumer.pruneInbox()).toBe(1);
    expect(await inboxOf(consumer.name)).toEqual([]);

    // The same message again (a relay that published it twice, a group reset to an old offset).
    await publishEvent(event);
    const later = { ...testEnvelope(event.streamId, 2), recordedAt: new Date(clock.now).toISOString() };
    await publishEvent(later);
    await eventually(() => applied.length === 2);

    expect(applied).toEqual([event.eventId, later.eventId]);
    expect(await countRows(dataSource, 'applied_events')).toBe(2);
    expect(observed.deadLettered).toBe(1);
    expect(await inboxOf(consumer.name)).toEqual(
      expect.arrayContaining([
        { event_id: event.eventId, outcome: 'dead-lettered' },
        { event_id: later.eventId, outcome: 'processed' },
      ]),
    );
  });

  it('applies an event recorded within the retention less the clock skew, and quietly skips a redelivery of an event whose row is kept', async () => {
    const clock = { now: Date.now() };
    const applied: string[] = [];
    const { consumer, observed } = consumerAt(clock, async (event, context) => {
      applied.push(event.eventId);
      await recordAppliedEvent(event, context);
    });
    void consumer.start();
    // Recorded 8 minutes ago (the guard refuses from 9): applied.
    const event = { ...testEnvelope(`permit-${randomUUID()}`, 1), recordedAt: new Date(clock.now - 8 * MINUTE).toISOString() };
    await publishEvent(event);
    await eventually(() => applied.length === 1);

    // Two minutes on it is 10 minutes old, but its row (processed just now) is kept: a redelivery is skipped, not dead-lettered.
    clock.now += 2 * MINUTE;
    expect(await consumer.pruneInbox()).toBe(0);
    await publishEvent(event);
    const marker = { ...testEnvelope(event.streamId, 2), recordedAt: new Date(clock.now).toISOString() };
    await publishEvent(marker);
    await eventually(() => applied.length === 2);
    expect(applied).toEqual([event.eventId, marker.eventId]);
    expect(observed.deadLettered).toBe(0);
  });
});
