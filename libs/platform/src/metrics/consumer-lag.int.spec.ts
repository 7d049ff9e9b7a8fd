import { randomUUID } from 'node:crypto';
import { EventConsumer, KafkaPublisher, KafkaSubscription } from '@palembang/events';
import {
  countRows,
  createAppliedEventsTable,
  createTestDatabase,
  createTestTopic,
  eventually,
  kafkaConnection,
  recordAppliedEvent,
  testEnvelope,
} from '@palembang/events/testing';
import { DataSource } from 'typeorm';
import { PlatformMetrics } from './platform-metrics';

describe('consumer lag in the metrics (real PostgreSQL and Kafka)', () => {
  let dataSource: DataSource;
  let topic: string;
  let publisher: KafkaPublisher;
  let metrics: PlatformMetrics;
  const name = `lag-${randomUUID().slice(0, 8)}`;
  const groupId = `group-${name}`;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    dataSource = await createTestDatabase('lag');
    await createAppliedEventsTable(dataSource);
    topic = await createTestTopic('lag', 3);
    publisher = new KafkaPublisher(kafkaConnection());
    metrics = new PlatformMetrics();
  });

  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await publisher.close();
    await dataSource.destroy();
  });

  /** A consumer of the group, watched by the metrics from the start (not consuming until start()). */
  function watchedConsumer(): { start(): void; stop(): Promise<void> } {
    const deadLetters = new KafkaPublisher(kafkaConnection());
    const consumer = new EventConsumer({
      name,
      dataSource,
      subscription: new KafkaSubscription(kafkaConnection(), { groupId, topics: [topic] }),
      deadLetters,
      handle: recordAppliedEvent,
      observer: { processed: () => undefined, failed: () => undefined, deadLettered: () => undefined },
    });
    const unwatch = metrics.watchConsumer(consumer);
    const stop = async () => {
      await consumer.stop();
      await deadLetters.close();
      unwatch();
    };
    cleanups.push(stop);
    return { start: () => void consumer.start(), stop };
  }

  async function publishEvents(count: number): Promise<void> {
    const events = Array.from({ length: count }, () => ({ ...testEnvelope(`permit-${randomUUID()}`, 1), recordedAt: new Date().toISOString() }));
    await publisher.publish(events.map((event) => ({ topic, key: event.streamId, value: JSON.stringify(event) })));
  }

  async function scrapeLag(): Promise<Array<{ partition: string; lag: number }>> {
    const gauge = metrics.registry.getSingleMetric('event_consumer_lag_messages');
    const { values } = await gauge!.get();
    return values
      .filter((value) => value.labels.consumer === name)
      .map((value) => {
        expect(value.labels).toMatchObject({ group: groupId, topic });
        return { partition: String(value.labels.partition), lag: value.value };
      })
      .sort((a, b) => a.partition.localeCompare(b.partition));
  }

  const total = (lags: Array<{ lag: number }>) => lags.reduce((sum, { lag }) => sum + lag, 0);

  it('reports per partition the messages the group has not committed: N while it is stopped, 0 once it caught up', async () => {
    const first = watchedConsumer();
    first.start();
    await publishEvents(3);
    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 3);
    await eventually(async () => total(await scrapeLag()) === 0);
    await first.stop();

    const second = watchedConsumer();
    await publishEvents(12);
    const whileStopped = await scrapeLag();
    expect(whileStopped.map(({ partition }) => partition)).toEqual(['0', '1', '2']);
    expect(total(whileStopped)).toBe(12);
    expect(whileStopped.every(({ lag }) => lag >= 0)).toBe(true);

    second.start();
    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 15);
    await eventually(async () => total(await scrapeLag()) === 0, 15_000);
    expect(await scrapeLag()).toEqual([
      { partition: '0', lag: 0 },
      { partition: '1', lag: 0 },
      { partition: '2', lag: 0 },
    ]);
  }, 90_000);
});
