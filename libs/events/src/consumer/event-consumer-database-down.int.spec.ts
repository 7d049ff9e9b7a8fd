import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { countRows, createAppliedEventsTable, createTestDatabase, createTestTopic, CuttableLink, eventually, kafkaConnection, testEnvelope } from '../testing';
import { KafkaPublisher, KafkaSubscription } from '../kafka/kafka-client';
import { createDataSource } from '../postgres/data-source';
import { deadLetterTopicOf, EventConsumer } from './event-consumer';

describe('EventConsumer while PostgreSQL is unreachable (real PostgreSQL and Kafka, the link between them cut)', () => {
  let dataSource: DataSource;
  let throughLink: DataSource;
  let link: CuttableLink;
  let topic: string;
  let publisher: KafkaPublisher;
  let consumer: EventConsumer;
  let deadLetters: KafkaPublisher;

  beforeEach(async () => {
    dataSource = await createTestDatabase('consumer_db_down');
    await createAppliedEventsTable(dataSource);
    const url = new URL((dataSource.options as { url: string }).url);
    link = await CuttableLink.to(url.hostname, Number(url.port));
    url.hostname = '127.0.0.1';
    url.port = String(link.port);
    throughLink = await createDataSource({ url: url.toString(), poolSize: 4 }).initialize();
    topic = await createTestTopic('consumer-db-down', 1);
    publisher = new KafkaPublisher(kafkaConnection());
    deadLetters = new KafkaPublisher(kafkaConnection());
  });

  afterEach(async () => {
    await consumer?.stop().catch(() => undefined);
    await deadLetters.close();
    await publisher.close();
    link.mend();
    await throughLink.destroy().catch(() => undefined);
    await link.close();
    await dataSource.destroy();
  });

  it('dead-letters nothing during the outage and applies every event once the database answers again', async () => {
    const deadLettered: string[] = [];
    consumer = new EventConsumer({
      name: `db-down-${randomUUID()}`,
      dataSource: throughLink,
      subscription: new KafkaSubscription(kafkaConnection(), { groupId: `group-${randomUUID()}`, topics: [topic] }),
      deadLetters,
      handle: (event, { manager }) =>
        manager.query(`INSERT INTO applied_events (event_id, stream_id, stream_version, data) VALUES ($1, $2, $3, '{}')`, [event.eventId, event.streamId, event.streamVersion]),
      maxAttempts: 2,
      retryBackoffMs: 20,
      databaseRetryMs: 100,
      onDeadLetter: (message) => deadLettered.push(message.offset),
    });
    void consumer.start();
    const streamId = `permit-${randomUUID()}`;
    await publisher.publish([{ topic, key: streamId, value: JSON.stringify(testEnvelope(streamId, 1)) }]);
    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 1);

    link.cutOff();
    const during = [2, 3, 4].map((version) => testEnvelope(streamId, version));
    await publisher.publish(during.map((event) => ({ topic, key: streamId, value: JSON.stringify(event) })));
    // Far longer than two attempts with their backoff: a consumer that counted the outage against the messages has dead-lettered them by now.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(deadLettered).toEqual([]);

    link.mend();
    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 4, 30_000);
    const applied: Array<{ stream_version: number }> = await dataSource.query(`SELECT stream_version FROM applied_events ORDER BY stream_version`);
    expect(applied.map((row) => row.stream_version)).toEqual([1, 2, 3, 4]);
    expect(deadLettered).toEqual([]);
    expect(await messagesOn(deadLetterTopicOf(topic))).toBe(0);
  }, 60_000);

  /** Everything on a topic, read by a new group from its start for two seconds. */
  async function messagesOn(name: string): Promise<number> {
    let count = 0;
    const subscription = new KafkaSubscription(kafkaConnection(), { groupId: `count-${randomUUID()}`, topics: [name] });
    await subscription.start(async (batch) => {
      count += batch.messages.length;
      if (batch.messages.length > 0) await batch.commit(batch.messages[batch.messages.length - 1].offset);
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await subscription.stop();
    return count;
  }
});
