import { randomBytes, randomUUID } from 'node:crypto';
import { ConfigResourceTypes } from 'kafkajs';
import { DataSource } from 'typeorm';
import { createKafka } from '../kafka/create-kafka';
import { KafkaPublisher } from '../kafka/kafka-client';
import { KafkaPublishedLog } from '../kafka/published-log';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import {
  countRows,
  createAppliedEventsTable,
  createTestDatabase,
  createTestTopic,
  eventually,
  kafkaConnection,
  newEvent,
  recordAppliedEvent,
  startTestConsumer,
  testChainKeys,
  testVault,
} from '../testing';
import { OutboxRelay, TooLargeEvent } from './outbox-relay';

/** Random hex: gzip halves it at best, so the sizes below hold on the wire too. */
const blob = (bytes: number) => randomBytes(bytes / 2).toString('hex');

/** A topic whose brokers take record batches of at most `maxMessageBytes` (message.max.bytes is 1 MB by default). */
async function topicTaking(maxMessageBytes?: number): Promise<string> {
  const topic = await createTestTopic('relay-size', 1);
  if (maxMessageBytes === undefined) return topic;
  const admin = createKafka(kafkaConnection()).admin();
  await admin.connect();
  try {
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'max.message.bytes', value: String(maxMessageBytes) }] }] });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

describe('the outbox relay and the size of what Kafka takes in one record batch', () => {
  let dataSource: DataSource;
  const stoppers: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    dataSource = await createTestDatabase('relay_size');
    await createAppliedEventsTable(dataSource);
  });

  afterEach(async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop().catch(() => undefined);
    await dataSource.destroy();
  });

  async function appendToOneStream(topic: string, sizes: number[]): Promise<string[]> {
    const store = new PostgresEventStore({ dataSource, vault: testVault(), chainKeys: testChainKeys(), topic });
    const streamId = `bulk-${randomUUID()}`;
    const events = sizes.map((size, n) => newEvent('Imported', { n, blob: blob(size) }));
    for (let version = 0; version < events.length; version += 50) await store.append(streamId, version, events.slice(version, version + 50));
    return events.map((event) => event.eventId);
  }

  function start(topic: string) {
    const errors: unknown[] = [];
    const tooLarge: TooLargeEvent[] = [];
    const publisher = new KafkaPublisher(kafkaConnection());
    // With the published log, as the services run it: a refused request is resent without what Kafka took of it.
    const publishedLog = new KafkaPublishedLog(kafkaConnection(), `relay-size-${randomUUID()}`);
    const relay = new OutboxRelay({ dataSource, publisher, publishedLog, idleWaitMs: 100, backoffMaxMs: 500, onError: (error) => errors.push(error), onTooLarge: (event) => tooLarge.push(event) });
    relay.start();
    const consumer = startTestConsumer({ dataSource, topic, connection: kafkaConnection(), handle: recordAppliedEvent });
    stoppers.push(() => relay.stop().then(() => publisher.close()), () => consumer.stop());
    return { errors, tooLarge };
  }

  it('publishes 500 events of 4 KB of one stream (2 MB for one partition, twice what the broker takes in one batch) in order, in several requests', async () => {
    const topic = await topicTaking();
    await appendToOneStream(topic, Array.from({ length: 500 }, () => 4096));
    const { errors } = start(topic);

    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 500, 45_000);
    expect({ left: await countRows(dataSource, 'es_outbox'), violations: await countRows(dataSource, 'order_violations'), errors }).toEqual({ left: 0, violations: 0, errors: [] });
  }, 60_000);

  it('splits a request the broker refuses as too large (its limit below the relay cap) and publishes every event in order', async () => {
    const topic = await topicTaking(64 * 1024);
    await appendToOneStream(topic, Array.from({ length: 100 }, () => 4096));
    const { errors, tooLarge } = start(topic);

    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 100, 45_000);
    expect({ left: await countRows(dataSource, 'es_outbox'), violations: await countRows(dataSource, 'order_violations'), errors, tooLarge }).toEqual({ left: 0, violations: 0, errors: [], tooLarge: [] });
  }, 60_000);

  it('leaves out, loudly, an event the broker refuses on its own, and publishes the events after it', async () => {
    const topic = await topicTaking(64 * 1024);
    const ids = await appendToOneStream(topic, [1024, 1024, 256 * 1024, 1024, 1024]);
    const { errors, tooLarge } = start(topic);

    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 4 && (await countRows(dataSource, 'es_outbox')) === 0, 45_000);
    const applied: Array<{ event_id: string }> = await dataSource.query(`SELECT event_id FROM applied_events ORDER BY stream_version`);
    expect(applied.map((row) => row.event_id)).toEqual([ids[0], ids[1], ids[3], ids[4]]);
    expect(tooLarge).toEqual([{ eventId: ids[2], type: 'Imported', bytes: expect.any(Number) }]);
    expect(tooLarge[0].bytes).toBeGreaterThan(256 * 1024);
    expect(errors).toEqual([expect.objectContaining({ name: 'EventTooLargeError', code: 'EVENT_TOO_LARGE' })]);
  }, 60_000);
});
