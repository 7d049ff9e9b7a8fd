import { randomUUID } from 'node:crypto';
import { defineContract, ERASED, Event, EventContracts, EventEnvelope } from '@palembang/events/core';
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
  testEnvelope,
  testChainKeys,
  testVault,
} from '../testing';
import { DataSource } from 'typeorm';
import { KafkaPublisher, KafkaSubscription } from '../kafka/kafka-client';
import { IncomingMessage } from '../kafka/messages';
import { OutboxRelay } from '../outbox/outbox-relay';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { deadLetterTopicOf, EventConsumer, EventHandler, observeEventConsumers } from './event-consumer';
import { ensureTopics } from '../kafka/kafka-client';

const envelope = testEnvelope;

const asMessage = (topic: string, event: EventEnvelope) => ({ topic, key: event.streamId, value: JSON.stringify(event) });

describe('EventConsumer (real PostgreSQL and Kafka)', () => {
  let dataSource: DataSource;
  let topic: string;
  let publisher: KafkaPublisher;
  const stoppers: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    dataSource = await createTestDatabase('consumer');
    await createAppliedEventsTable(dataSource);
    topic = await createTestTopic('consumer');
    publisher = new KafkaPublisher(kafkaConnection());
  });

  afterEach(async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop().catch(() => undefined);
    await publisher.close();
    await dataSource.destroy();
  });

  function startConsumer(handle: EventHandler, options: { name?: string; groupId?: string; vault?: ReturnType<typeof testVault>; contracts?: EventContracts } = {}) {
    const { stop } = startTestConsumer({
      dataSource,
      topic,
      handle,
      connection: kafkaConnection(),
      name: options.name,
      groupId: options.groupId,
      maxAttempts: 3,
      retryBackoffMs: 50,
      vault: options.vault,
      contracts: options.contracts,
    });
    stoppers.push(stop);
    return { stop };
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

  it('sends a poison message and a failing event through their retries to the dead-letter topic, and goes on with the partition, reporting each outcome', async () => {
    const streamId = `permit-${randomUUID()}`;
    let explodingAttempts = 0;
    const observed = { processed: 0, failed: 0, deadLettered: 0 };
    observeEventConsumers(() => ({
      processed: (count) => (observed.processed += count),
      failed: () => observed.failed++,
      deadLettered: () => observed.deadLettered++,
    }));
    stoppers.push(async () => observeEventConsumers(undefined));
    startConsumer(async (event, context) => {
      if (event.type === 'Explodes') {
        explodingAttempts++;
        throw new Error('handler bug');
      }
      await recordAppliedEvent(event, context);
    });

    const first = envelope(streamId, 1);
    const exploding = envelope(streamId, 2, 'Explodes');
    await publisher.publish([
      asMessage(topic, first),
      { topic, key: streamId, value: '{ not json' },
      asMessage(topic, exploding),
      asMessage(topic, envelope(streamId, 2)),
      asMessage(topic, envelope(streamId, 3)),
    ]);

    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 3);
    const deadLetters = await readDeadLetters(2);
    expect(deadLetters.map((message) => message.headers['dlt-error'])).toEqual([
      expect.stringContaining('UndecodableMessageError'),
      expect.stringContaining('handler bug'),
    ]);
    expect(deadLetters[1].headers['dlt-original-topic']).toBe(topic);
    expect(explodingAttempts).toBeGreaterThanOrEqual(3);
    const outcomes: Array<{ outcome: string }> = await dataSource.query(`SELECT outcome FROM es_inbox WHERE event_id = $1`, [exploding.eventId]);
    expect(outcomes).toEqual([{ outcome: 'dead-lettered' }]);
    // failed attempts: the poison message once (it cannot be decoded, so it is not retried), the failing event maxAttempts (3) times.
    expect(observed).toEqual({ processed: 3, failed: 4, deadLettered: 2 });
  });

  it('applies a redelivered event once', async () => {
    const event = envelope(`permit-${randomUUID()}`, 1);
    let calls = 0;
    startConsumer(async (received, context) => {
      calls++;
      await recordAppliedEvent(received, context);
    });

    await publisher.publish([asMessage(topic, event), asMessage(topic, event), asMessage(topic, event)]);
    await publisher.publish([asMessage(topic, event)]);
    const marker = envelope(`permit-${randomUUID()}`, 1);
    await publisher.publish([{ ...asMessage(topic, marker), key: event.streamId }]);

    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 2);
    expect(calls).toBe(2);
  });

  it('commits offsets so that the group does not hand processed events to a successor', async () => {
    const groupId = `group-${randomUUID()}`;
    const streamId = `permit-${randomUUID()}`;
    const first = startConsumer(recordAppliedEvent, { groupId });
    await publisher.publish([1, 2, 3].map((version) => asMessage(topic, envelope(streamId, version))));
    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 3);
    await first.stop();

    const seenBySuccessor: string[] = [];
    startConsumer(async (event) => void seenBySuccessor.push(event.eventId), { groupId, name: `successor-${randomUUID()}` });
    const later = envelope(streamId, 4);
    await publisher.publish([asMessage(topic, later)]);
    await eventually(() => seenBySuccessor.length >= 1);
    expect(seenBySuccessor).toEqual([later.eventId]);
  });

  it('hands ERASED to handlers for the personal fields of a forgotten person, everything else intact', async () => {
    type Submitted = Event<'ComplaintSubmitted', { reporter: { nik: string; name: string }; category: string }>;
    const contracts = new EventContracts([
      defineContract<Submitted>({
        type: 'ComplaintSubmitted',
        schemaVersion: 1,
        personalData: { subjectId: (data) => data.reporter.nik, fields: ['reporter.nik', 'reporter.name'] },
      }),
    ]);
    const vault = testVault();
    const store = new PostgresEventStore({ dataSource, vault, chainKeys: testChainKeys(), topic, contracts });
    const relayPublisher = new KafkaPublisher(kafkaConnection());
    const relay = new OutboxRelay({ dataSource, publisher: relayPublisher, idleWaitMs: 100 });
    relay.start();
    stoppers.push(() => relay.stop().then(() => relayPublisher.close()));
    const received: EventEnvelope[] = [];
    startConsumer(async (event) => void received.push(event), { vault, contracts });

    const kept = { nik: '1671010101900003', name: 'Rina' };
    const forgotten = { nik: '1671010101900004', name: 'Andi' };
    await store.append(`complaint-${randomUUID()}`, 0, [newEvent('ComplaintSubmitted', { reporter: kept, category: 'roads' })]);
    await store.append(`complaint-${randomUUID()}`, 0, [newEvent('ComplaintSubmitted', { reporter: forgotten, category: 'drainage' })]);
    await eventually(() => received.length === 2);
    // Two streams, so two partition keys: Kafka orders each stream, not the two against each other.
    const byCategory = (category: string) => received.find((event) => (event.data as { category: string }).category === category);
    expect(byCategory('roads')?.data).toEqual({ reporter: kept, category: 'roads' });
    const drainage = byCategory('drainage');
    if (!drainage) throw new Error('the drainage event did not arrive');
    expect(drainage.data).toEqual({ reporter: forgotten, category: 'drainage' });

    await store.forget(forgotten.nik);
    // The sealed event as it sits in Kafka, delivered again after the person was forgotten.
    const sealedCopy: Array<{ data: object }> = await dataSource.query(`SELECT data FROM es_events WHERE stream_id = $1`, [drainage.streamId]);
    await publisher.publish([
      { topic, key: drainage.streamId, value: JSON.stringify({ ...drainage, eventId: randomUUID(), data: sealedCopy[0].data }) },
    ]);

    await eventually(() => received.length === 3);
    expect(received[2].data).toEqual({ reporter: { nik: ERASED, name: ERASED }, category: 'drainage' });
    expect(received[2].streamId).toBe(drainage.streamId);
  });
  it('keeps trying to join while its topic does not exist yet, then reads it from the beginning', async () => {
    const lateTopic = `late.${randomUUID().slice(0, 8)}.events`;
    const failedStarts: number[] = [];
    const received: EventEnvelope[] = [];
    const deadLetters = new KafkaPublisher(kafkaConnection());
    const consumer = new EventConsumer({
      name: `late-${randomUUID()}`,
      dataSource,
      subscription: new KafkaSubscription(kafkaConnection(), { groupId: `late-${randomUUID()}`, topics: [lateTopic] }),
      deadLetters,
      handle: async (event) => void received.push(event),
      maxStartBackoffMs: 500,
      observer: { processed: () => undefined, failed: () => undefined, deadLettered: () => undefined, startFailed: (_error, retryInMs) => void failedStarts.push(retryInMs) },
    });
    const started = consumer.start();
    stoppers.push(() => consumer.stop().then(() => started).then(() => deadLetters.close()));

    await eventually(() => failedStarts.length >= 2);
    await ensureTopics(kafkaConnection(), [{ topic: lateTopic, partitions: 3 }]);
    const first = envelope(`late-${randomUUID()}`, 1);
    await publisher.publish([asMessage(lateTopic, first)]);
    await started;
    await eventually(() => received.length === 1);
    expect(received[0].eventId).toBe(first.eventId);
    expect(failedStarts.slice(0, 2)).toEqual([500, 500]);
  });

  it('stops trying to join when stopped, and start() then returns', async () => {
    const deadLetters = new KafkaPublisher(kafkaConnection());
    let failures = 0;
    const consumer = new EventConsumer({
      name: `never-${randomUUID()}`,
      dataSource,
      subscription: new KafkaSubscription(kafkaConnection(), { groupId: `never-${randomUUID()}`, topics: [`never.${randomUUID().slice(0, 8)}.events`] }),
      deadLetters,
      handle: async () => undefined,
      observer: { processed: () => undefined, failed: () => undefined, deadLettered: () => undefined, startFailed: () => void failures++ },
    });
    const started = consumer.start();
    await eventually(() => failures >= 1);
    await consumer.stop();
    await started;
    await deadLetters.close();
  });
});
