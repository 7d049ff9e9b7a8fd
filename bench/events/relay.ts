import { randomUUID } from 'node:crypto';
import { KafkaPublisher, MessagePublisher, OutboxRelay, OutgoingMessage, PostgresEventStore } from '@palembang/events';
import { createTestDatabase, createTestTopic, kafkaConnection, testChainKeys, testVault } from '@palembang/events/testing';
import {
  checkDeadline,
  Cleanup,
  messagesIn,
  now,
  permitEvent,
  Rate,
  rate,
  rawProducer,
  registerDatabase,
  registerTopic,
  sendInBatches,
  toKafkaMessages,
} from './common';

/**
 * Relay publish rate: the outbox is filled first (batched appends), then
 * OutboxRelay.publishNextBatch — the body of the relay's running loop — is
 * called until the outbox is empty: read a batch joined with its events, build
 * the envelopes, one idempotent acks=-1 sendBatch, delete the batch. The
 * baseline sends exactly the messages the relay sent (same keys, values,
 * headers, same batch size) with a raw kafkajs producer of the same settings.
 */
export interface RelayScenario {
  events: number;
  warmUpEvents: number;
  batchSize: number;
  streams: number;
  timeLimitMs: number;
}

export type RelayResult = Readonly<{
  relay: Rate;
  raw: Rate;
  averageValueBytes: number;
  /** Share of the relay's timed run spent in KafkaPublisher.publish; the rest is the outbox read, envelope building and delete. */
  publishShare: number;
  /** What the relay published (timed part), reused as the consumer benchmark's input. */
  published: readonly OutgoingMessage[];
  warmUpPublished: readonly OutgoingMessage[];
}>;

/** Passes messages on and remembers them. */
class RecordingPublisher implements MessagePublisher {
  recorded: OutgoingMessage[] = [];
  /** Time spent inside publish (the Kafka send), to split the relay's time. */
  publishMs = 0;

  constructor(private readonly inner: MessagePublisher) {}

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    const started = now();
    await this.inner.publish(messages);
    this.publishMs += now() - started;
    for (const message of messages) this.recorded.push(message);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  take(): OutgoingMessage[] {
    return this.recorded.splice(0);
  }
}

export async function measureRelay(scenario: RelayScenario, cleanup: Cleanup): Promise<RelayResult> {
  const deadline = now() + scenario.timeLimitMs;
  const dataSource = await createTestDatabase('bench_relay');
  registerDatabase(dataSource, cleanup);
  const relayTopic = await createTestTopic('bench-relay');
  registerTopic(relayTopic, cleanup);
  const rawTopic = await createTestTopic('bench-raw-producer');
  registerTopic(rawTopic, cleanup);

  const store = new PostgresEventStore({ dataSource, vault: testVault(), chainKeys: testChainKeys(), topic: relayTopic });
  const publisher = new RecordingPublisher(new KafkaPublisher(kafkaConnection('bench-relay')));
  cleanup.add('relay publisher', () => publisher.close());
  const relay = new OutboxRelay({ dataSource, publisher, batchSize: scenario.batchSize });

  let counter = 0;
  const prefix = `permit-${randomUUID().slice(0, 8)}`;
  const versions = new Array<number>(scenario.streams).fill(0);
  const fillOutbox = async (events: number) => {
    for (let appended = 0, n = 0; appended < events; n++) {
      const size = Math.min(100, events - appended);
      const stream = n % scenario.streams;
      await store.append(`${prefix}-${stream}`, versions[stream], Array.from({ length: size }, () => permitEvent(counter++)));
      versions[stream] += size;
      appended += size;
      checkDeadline('filling the outbox', deadline);
    }
  };
  const drain = async (events: number): Promise<Rate> => {
    const started = now();
    let published = 0;
    const maxBatches = Math.ceil(events / scenario.batchSize) + 2;
    for (let batches = 0; published < events && batches < maxBatches; batches++) {
      const count = await relay.publishNextBatch();
      if (count === 0) break;
      published += count;
      checkDeadline('draining the outbox', deadline);
    }
    const ms = now() - started;
    if (published !== events) throw new Error(`benchmark: the relay published ${published} events, expected ${events}`);
    return rate(published, ms);
  };

  await fillOutbox(scenario.warmUpEvents);
  await drain(scenario.warmUpEvents);
  const warmUpPublished = publisher.take();

  await fillOutbox(scenario.events);
  publisher.publishMs = 0;
  const relayRate = await drain(scenario.events);
  const publishShare = publisher.publishMs / relayRate.ms;
  const published = publisher.take();
  if ((await relay.backlog()) !== 0) throw new Error('benchmark: the outbox is not empty after draining');

  const producer = await rawProducer(cleanup);
  const warmUpMessages = toKafkaMessages(warmUpPublished);
  const messages = toKafkaMessages(published);
  await sendInBatches(producer, rawTopic, warmUpMessages, scenario.batchSize, deadline);
  const started = now();
  await sendInBatches(producer, rawTopic, messages, scenario.batchSize, deadline);
  const rawRate = rate(messages.length, now() - started);

  const expected = scenario.warmUpEvents + scenario.events;
  for (const topic of [relayTopic, rawTopic]) {
    const held = await messagesIn(topic);
    if (held !== expected) throw new Error(`benchmark: ${topic} holds ${held} messages, expected ${expected}`);
  }
  const averageValueBytes = published.reduce((sum, message) => sum + Buffer.byteLength(message.value), 0) / published.length;
  return { relay: relayRate, raw: rawRate, averageValueBytes, publishShare, published, warmUpPublished };
}
