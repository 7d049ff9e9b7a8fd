import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '@palembang/events/core';
import { DataSource, EntityManager } from 'typeorm';
import { countRows, createAppliedEventsTable, createTestDatabase, createTestTopic, eventually, kafkaConnection, testEnvelope } from '../testing';
import { KafkaPublisher, KafkaSubscription } from '../kafka/kafka-client';
import { IncomingMessage, PartitionLag } from '../kafka/messages';
import { ConsumedEvent, deadLetterTopicOf, EventBatchHandler, EventConsumer } from './event-consumer';

const asMessage = (topic: string, event: EventEnvelope) => ({ topic, key: event.streamId, value: JSON.stringify(event) });

/** The set-based write a batch handler makes: every event of the batch in one INSERT (a second apply violates the key). */
async function insertAll(manager: EntityManager, events: readonly ConsumedEvent[]): Promise<void> {
  await manager.query(
    `INSERT INTO applied_events (event_id, stream_id, stream_version, data)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::jsonb[])`,
    [events.map(({ event }) => event.eventId), events.map(({ event }) => event.streamId), events.map(({ event }) => event.streamVersion), events.map(({ event }) => JSON.stringify(event.data))],
  );
}

describe('EventConsumer with a batch handler (real PostgreSQL and Kafka)', () => {
  let dataSource: DataSource;
  let topic: string;
  let publisher: KafkaPublisher;
  const stoppers: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    dataSource = await createTestDatabase('batch_consumer');
    await createAppliedEventsTable(dataSource);
    topic = await createTestTopic('batch-consumer');
    publisher = new KafkaPublisher(kafkaConnection());
  });

  afterEach(async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop().catch(() => undefined);
    await publisher.close();
    await dataSource.destroy();
  });

  function startConsumer(handleBatch: EventBatchHandler, options: { name?: string; groupId?: string } = {}): { subscription: KafkaSubscription; stop(): Promise<void> } {
    const deadLetters = new KafkaPublisher(kafkaConnection());
    const subscription = new KafkaSubscription(kafkaConnection(), { groupId: options.groupId ?? `group-${randomUUID()}`, topics: [topic], partitionsConcurrently: 3 });
    const consumer = new EventConsumer({ name: options.name ?? `batch-${randomUUID()}`, dataSource, subscription, deadLetters, handleBatch, maxAttempts: 3, retryBackoffMs: 50 });
    void consumer.start();
    const stop = () => consumer.stop().then(() => deadLetters.close());
    stoppers.push(stop);
    return { subscription, stop };
  }

  async function readDeadLetters(expected: number): Promise<IncomingMessage[]> {
    const received: IncomingMessage[] = [];
    const subscription = new KafkaSubscription(kafkaConnection(), { groupId: `dlt-${randomUUID()}`, topics: [deadLetterTopicOf(topic)] });
    await subscription.start(async (batch) => {
      received.push(...batch.messages);
      await batch.commit(batch.messages[batch.messages.length - 1].offset);
    });
    try {
      await eventually(() => received.length >= expected);
    } finally {
      await subscription.stop();
    }
    return received;
  }

  it('hands a partition batch to the handler at once, and a failure in its middle leaves no effect of the batch and commits no offset', async () => {
    const streamId = `permit-${randomUUID()}`;
    const events = [1, 2, 3, 4, 5].map((version) => testEnvelope(streamId, version, version === 3 ? 'Explodes' : 'Happened'));
    await publisher.publish(events.map((event) => asMessage(topic, event)));
    const name = `batch-${randomUUID()}`;
    const batchSizes: number[] = [];
    let atFallback: { rows: number; inbox: number; lag: PartitionLag[] } | undefined;
    const { subscription } = startConsumer(
      async (batch, { manager }) => {
        batchSizes.push(batch.length);
        if (batch.length === 1 && !atFallback) {
          const inbox: Array<{ count: number }> = await dataSource.query(`SELECT count(*)::int AS count FROM es_inbox WHERE consumer = $1`, [name]);
          atFallback = { rows: await countRows(dataSource, 'applied_events'), inbox: inbox[0].count, lag: (await subscription.lag()).partitions };
        }
        // Written one by one, so that the failure comes after two events of the batch are in.
        for (const event of batch) {
          if (event.event.type === 'Explodes') throw new Error('handler bug');
          await insertAll(manager, [event]);
        }
      },
      { name },
    );

    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 4);
    expect(batchSizes[0]).toBe(5);
    expect(atFallback?.rows).toBe(0);
    expect(atFallback?.inbox).toBe(0);
    expect(atFallback?.lag.reduce((sum, partition) => sum + partition.lag, 0)).toBe(5);
    const deadLetters = await readDeadLetters(1);
    expect(deadLetters.map((message) => (JSON.parse(message.value?.toString() ?? '{}') as EventEnvelope).eventId)).toEqual([events[2].eventId]);
    const applied: Array<{ stream_version: number }> = await dataSource.query(`SELECT stream_version FROM applied_events ORDER BY stream_version`);
    expect(applied.map((row) => row.stream_version)).toEqual([1, 2, 4, 5]);
    await eventually(async () => (await subscription.lag()).partitions.every((partition) => partition.lag === 0));
  });

  it('applies a redelivered batch once: a new group over the same inbox hands the handler only what it has not seen', async () => {
    const name = `batch-${randomUUID()}`;
    const streamId = `permit-${randomUUID()}`;
    const firstBatch = [1, 2, 3].map((version) => testEnvelope(streamId, version));
    await publisher.publish(firstBatch.map((event) => asMessage(topic, event)));
    const first = startConsumer((events, { manager }) => insertAll(manager, events), { name });
    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 3);
    await first.stop();

    const handed: string[] = [];
    startConsumer(
      async (events, context) => {
        handed.push(...events.map(({ event }) => event.eventId));
        await insertAll(context.manager, events);
      },
      { name },
    );
    const later = testEnvelope(streamId, 4);
    await publisher.publish([...firstBatch, later].map((event) => asMessage(topic, event)));

    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 4);
    expect(handed).toEqual([later.eventId]);
    expect(await countRows(dataSource, 'order_violations')).toBe(0);
  });

  it('sends a poison message and a failing event of a batch to the dead-letter topic and handles every other event of it', async () => {
    const streamId = `permit-${randomUUID()}`;
    const exploding = testEnvelope(streamId, 3, 'Explodes');
    await publisher.publish([
      asMessage(topic, testEnvelope(streamId, 1)),
      { topic, key: streamId, value: '{ not json' },
      asMessage(topic, testEnvelope(streamId, 2)),
      asMessage(topic, exploding),
      asMessage(topic, testEnvelope(streamId, 3)),
      asMessage(topic, testEnvelope(streamId, 4)),
    ]);
    startConsumer(async (events, { manager }) => {
      if (events.some(({ event }) => event.type === 'Explodes')) throw new Error('handler bug');
      await insertAll(manager, events);
    });

    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 4);
    const deadLetters = await readDeadLetters(2);
    expect(deadLetters.map((message) => message.headers['dlt-error'])).toEqual([expect.stringContaining('UndecodableMessageError'), expect.stringContaining('handler bug')]);
    const applied: Array<{ stream_version: number }> = await dataSource.query(`SELECT stream_version FROM applied_events ORDER BY stream_version`);
    expect(applied.map((row) => row.stream_version)).toEqual([1, 2, 3, 4]);
    const outcomes: Array<{ outcome: string }> = await dataSource.query(`SELECT outcome FROM es_inbox WHERE event_id = $1`, [exploding.eventId]);
    expect(outcomes).toEqual([{ outcome: 'dead-lettered' }]);
  });

  it('hands each stream its events in version order, across batches and partitions', async () => {
    const streams = Array.from({ length: 6 }, () => `permit-${randomUUID()}`);
    const handed = new Map<string, number[]>(streams.map((streamId) => [streamId, []]));
    startConsumer(async (events, { manager }) => {
      await insertAll(manager, events);
      for (const { event } of events) handed.get(event.streamId)?.push(event.streamVersion);
    });
    for (let round = 0; round < 5; round++) {
      const versions = [1, 2, 3, 4].map((step) => round * 4 + step);
      await publisher.publish(versions.flatMap((version) => streams.map((streamId) => asMessage(topic, testEnvelope(streamId, version)))));
    }

    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 120);
    const inOrder = Array.from({ length: 20 }, (_, index) => index + 1);
    for (const streamId of streams) expect(handed.get(streamId)).toEqual(inOrder);
  });
});
