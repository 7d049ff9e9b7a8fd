import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import {
  EventBatchHandler,
  EventConsumer,
  EventHandler,
  EventHandling,
  KafkaPublisher,
  KafkaSubscription,
  MessageSubscription,
  OutgoingMessage,
  PartitionBatch,
} from '@palembang/events';
import { createTestDatabase, createTestTopic, kafkaConnection } from '@palembang/events/testing';
import {
  Cleanup,
  combine,
  messagesIn,
  now,
  Rate,
  rate,
  rawKafka,
  rawProducer,
  registerDatabase,
  registerTopic,
  sendInBatches,
  toKafkaMessages,
  urlOf,
  waitFor,
} from './common';

/**
 * Consumer rate: envelopes already on a 3-partition topic, read from the
 * beginning by a fresh consumer group, three partitions handled concurrently.
 * EventConsumer claims each batch in the inbox and runs the handler in one
 * database transaction per partition batch, then commits the offset. The
 * baseline is a raw kafkajs consumer (eachBatch, autoCommit, JSON.parse of
 * every value) reading the same topic with a fresh group; a second baseline
 * adds the handler's work without the runtime (raw pg: BEGIN, one INSERT per
 * event, COMMIT per batch). Each rate runs from the first batch handed over to
 * the last message done, so joining the group is left out of all of them.
 * The one-INSERT handler runs twice: per event (handle, one INSERT per event)
 * and through the batch API (handleBatch, one multi-row INSERT per batch).
 */
export interface ConsumerScenario {
  warmUpMessages: readonly OutgoingMessage[];
  messages: readonly OutgoingMessage[];
  timeLimitMs: number;
}

export type ConsumerResult = Readonly<{ withInsert: Rate; withBatchInsert: Rate; inboxOnly: Rate; raw: Rate; rawWithInsert: Rate; averageValueBytes: number }>;

/** Times what a subscription's handler does: first batch in, last batch done. */
class TimedSubscription implements MessageSubscription {
  firstBatchAt?: number;
  lastDoneAt?: number;
  done = 0;

  constructor(private readonly inner: MessageSubscription) {}

  start(handle: (batch: PartitionBatch) => Promise<void>): Promise<void> {
    return this.inner.start(async (batch) => {
      this.firstBatchAt ??= now();
      await handle(batch);
      this.done += batch.messages.length;
      this.lastDoneAt = now();
    });
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }
}

export async function measureConsumer(scenario: ConsumerScenario, cleanup: Cleanup): Promise<ConsumerResult> {
  const deadline = now() + scenario.timeLimitMs;
  const remaining = () => Math.max(1, deadline - now());
  const dataSource = await createTestDatabase('bench_consumer');
  registerDatabase(dataSource, cleanup);
  const warmTopic = await createTestTopic('bench-consume-warm', 3);
  registerTopic(warmTopic, cleanup);
  const topic = await createTestTopic('bench-consume', 3);
  registerTopic(topic, cleanup);

  const producer = await rawProducer(cleanup);
  await sendInBatches(producer, warmTopic, toKafkaMessages(scenario.warmUpMessages), 500, deadline);
  await sendInBatches(producer, topic, toKafkaMessages(scenario.messages), 500, deadline);
  for (const [name, expected] of [[warmTopic, scenario.warmUpMessages.length], [topic, scenario.messages.length]] as const) {
    const held = await messagesIn(name);
    if (held !== expected) throw new Error(`benchmark: ${name} holds ${held} messages, expected ${expected}`);
  }

  const warm = scenario.warmUpMessages.length;
  const all = scenario.messages.length;
  const pool = new Pool({ connectionString: urlOf(dataSource), max: 3 });
  cleanup.add('raw pg pool', () => pool.end());
  const rawInsert = async () => rawProjection(pool, await projectionTable(dataSource));

  await consumeRaw(warmTopic, warm, remaining());
  await consumeWithInbox(dataSource, warmTopic, warm, { handle: await projectionHandler(dataSource) }, remaining());
  await consumeWithInbox(dataSource, warmTopic, warm, { handleBatch: await batchProjectionHandler(dataSource) }, remaining());
  await consumeWithInbox(dataSource, warmTopic, warm, { handle: nothing }, remaining());
  await consumeRaw(warmTopic, warm, remaining(), await rawInsert());

  // The raw baseline is the shortest run, so it runs first and last (fresh group each time) and counts both.
  const rawFirst = await consumeRaw(topic, all, remaining());
  const withInsert = await consumeWithInbox(dataSource, topic, all, { handle: await projectionHandler(dataSource) }, remaining());
  const withBatchInsert = await consumeWithInbox(dataSource, topic, all, { handleBatch: await batchProjectionHandler(dataSource) }, remaining());
  const inboxOnly = await consumeWithInbox(dataSource, topic, all, { handle: nothing }, remaining());
  const rawWithInsert = await consumeRaw(topic, all, remaining(), await rawInsert());
  const raw = combine([rawFirst, await consumeRaw(topic, all, remaining())]);

  const averageValueBytes = scenario.messages.reduce((sum, message) => sum + Buffer.byteLength(message.value), 0) / all;
  return { withInsert, withBatchInsert, inboxOnly, raw, rawWithInsert, averageValueBytes };
}

/** A fresh read model of permit applications: one row per event. */
async function projectionTable(dataSource: DataSource): Promise<string> {
  const table = `permit_applications_${randomUUID().slice(0, 8)}`;
  await dataSource.query(
    `CREATE TABLE ${table} (event_id uuid PRIMARY KEY, application_id text NOT NULL, stream_id text NOT NULL, stream_version int NOT NULL)`,
  );
  return table;
}

const insertInto = (table: string) => `INSERT INTO ${table} (event_id, application_id, stream_id, stream_version) VALUES ($1, $2, $3, $4)`;

type Projected = { eventId: string; streamId: string; streamVersion: number; data: { applicationId?: string } };

const projectionValues = (event: Projected) => [event.eventId, event.data.applicationId ?? '', event.streamId, event.streamVersion];

/** The realistic trivial handler: one INSERT per event into the read model. */
async function projectionHandler(dataSource: DataSource): Promise<EventHandler> {
  const statement = insertInto(await projectionTable(dataSource));
  return async (event, { manager }) => {
    await manager.query(statement, projectionValues(event as unknown as Projected));
  };
}

/** The same read model written through the batch API: one multi-row INSERT per partition batch. */
async function batchProjectionHandler(dataSource: DataSource): Promise<EventBatchHandler> {
  const table = await projectionTable(dataSource);
  return async (events, { manager }) => {
    const rows = events.map(({ event }) => projectionValues(event as unknown as Projected));
    await manager.query(
      `INSERT INTO ${table} (event_id, application_id, stream_id, stream_version)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[])`,
      [0, 1, 2, 3].map((column) => rows.map((row) => row[column])),
    );
  };
}

/** The same work without the runtime: per partition batch, BEGIN, one INSERT per event, COMMIT, on a raw pg pool. */
function rawProjection(pool: Pool, table: string): (events: readonly Projected[]) => Promise<void> {
  const statement = insertInto(table);
  return async (events) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const event of events) await client.query(statement, projectionValues(event));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}

/** Nothing beyond the inbox: isolates the runtime's own cost. */
const nothing: EventHandler = async () => undefined;

async function consumeWithInbox(dataSource: DataSource, topic: string, expected: number, handling: EventHandling, timeoutMs: number): Promise<Rate> {
  const name = `bench-${randomUUID()}`;
  const subscription = new TimedSubscription(
    new KafkaSubscription(kafkaConnection('bench-consumer'), { groupId: name, topics: [topic], fromBeginning: true, partitionsConcurrently: 3 }),
  );
  const deadLetters = new KafkaPublisher(kafkaConnection('bench-dead-letters'));
  let deadLettered = 0;
  const consumer = new EventConsumer({ name, dataSource, subscription, deadLetters, ...handling, onDeadLetter: () => deadLettered++ });
  let failure: unknown;
  consumer.start().catch((error: unknown) => (failure = error ?? new Error('consumer failed')));
  try {
    await waitFor(`EventConsumer reading ${expected} messages`, () => {
      if (failure) throw failure;
      return subscription.done >= expected;
    }, timeoutMs);
  } finally {
    await consumer.stop();
    await deadLetters.close();
  }
  const inbox: Array<{ count: string }> = await dataSource.query(`SELECT count(*)::text AS count FROM es_inbox WHERE consumer = $1`, [name]);
  if (subscription.done !== expected || Number(inbox[0].count) !== expected || deadLettered !== 0) {
    throw new Error(`benchmark: EventConsumer handled ${subscription.done}, inbox ${inbox[0].count}, dead-lettered ${deadLettered}; expected ${expected}`);
  }
  return rate(expected, (subscription.lastDoneAt ?? 0) - (subscription.firstBatchAt ?? 0));
}

/** A raw kafkajs consumer; with `project`, each batch's parsed events are also written through raw pg. */
async function consumeRaw(topic: string, expected: number, timeoutMs: number, project?: (events: readonly Projected[]) => Promise<void>): Promise<Rate> {
  const consumer = rawKafka().consumer({ groupId: `bench-raw-${randomUUID()}`, allowAutoTopicCreation: false });
  let firstBatchAt: number | undefined;
  let lastDoneAt = 0;
  let done = 0;
  let parsed = 0;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        firstBatchAt ??= now();
        const events: Projected[] = [];
        for (const message of batch.messages) {
          const value = JSON.parse(message.value?.toString('utf8') ?? 'null') as Projected | null;
          if (value?.eventId) {
            parsed++;
            events.push(value);
          }
        }
        if (project) await project(events);
        done += batch.messages.length;
        lastDoneAt = now();
      },
    });
    await waitFor(`raw consumer reading ${expected} messages`, () => done >= expected, timeoutMs);
  } finally {
    await consumer.disconnect();
  }
  if (done !== expected || parsed !== expected) throw new Error(`benchmark: raw consumer read ${done}, parsed ${parsed}; expected ${expected}`);
  return rate(expected, lastDoneAt - (firstBatchAt ?? 0));
}
