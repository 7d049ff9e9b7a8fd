import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startDedicatedKafkaBroker, KafkaBroker } from '@palembang/infra';
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
import { DataSource } from 'typeorm';
import { ensureTopics, KafkaConnection, KafkaPublisher } from '../kafka/kafka-client';
import { MessagePublisher, OutgoingMessage } from '../kafka/messages';
import { KafkaPublishedLog } from '../kafka/published-log';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { OutboxRelay, OutboxRelayOptions } from './outbox-relay';

/** Appends `perStream` events to each of `streams` streams, interleaved across streams. */
async function appendInterleaved(store: PostgresEventStore, streams: string[], perStream: number, label = 'Happened'): Promise<void> {
  for (let version = 0; version < perStream; version++) {
    await Promise.all(streams.map((streamId) => store.append(streamId, version, [newEvent(label, { streamId, version: version + 1 })])));
  }
}

function startConsumer(dataSource: DataSource, topic: string, connection: KafkaConnection = kafkaConnection()): { stop(): Promise<void> } {
  return startTestConsumer({ dataSource, topic, connection, handle: recordAppliedEvent });
}

describe('OutboxRelay (real PostgreSQL and Kafka)', () => {
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let topic: string;
  const stoppers: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    dataSource = await createTestDatabase('relay');
    await createAppliedEventsTable(dataSource);
    topic = await createTestTopic('relay');
    store = new PostgresEventStore({ dataSource, vault: testVault(), chainKeys: testChainKeys(), topic });
  });

  afterEach(async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop().catch(() => undefined);
    await dataSource.destroy();
  });

  function startRelay(connection: KafkaConnection = kafkaConnection(), options: Pick<OutboxRelayOptions, 'leaderLockKey' | 'onError'> = {}): OutboxRelay {
    const publisher = new KafkaPublisher(connection);
    const relay = new OutboxRelay({ dataSource, publisher, idleWaitMs: 100, backoffMaxMs: 1000, ...options });
    relay.start();
    stoppers.push(() => relay.stop().then(() => publisher.close()));
    return relay;
  }

  it('publishes every event once per consumer, in stream order, keyed by stream id', async () => {
    const streams = Array.from({ length: 12 }, () => `permit-${randomUUID()}`);
    startRelay();
    const consumer = startConsumer(dataSource, topic);
    stoppers.push(() => consumer.stop());

    await appendInterleaved(store, streams, 15);

    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 180);
    expect(await countRows(dataSource, 'order_violations')).toBe(0);
    await eventually(async () => (await countRows(dataSource, 'es_outbox')) === 0);
  });

  it('publishes what accumulated in one produce request, keyed by stream id and in stream order, not one request per event', async () => {
    const streams = Array.from({ length: 4 }, () => `permit-${randomUUID()}`);
    await appendInterleaved(store, streams, 30);
    // The relay publishes only rows older than every transaction still running on the server; other suites'
    // transactions on the same server may hold some back for a moment, which would split the read in two.
    await eventually(async () => (await publishableRows()) === 120);
    const requests: Array<readonly OutgoingMessage[]> = [];
    const kafka = new KafkaPublisher(kafkaConnection());
    const recording: MessagePublisher = {
      publish: (messages) => (requests.push(messages), kafka.publish(messages)),
      close: () => kafka.close(),
    };
    const relay = new OutboxRelay({ dataSource, publisher: recording, idleWaitMs: 100 });
    relay.start();
    stoppers.push(() => relay.stop().then(() => recording.close()));

    await eventually(async () => (await countRows(dataSource, 'es_outbox')) === 0);
    expect(requests.map((messages) => messages.length)).toEqual([120]);
    for (const streamId of streams) {
      const versions = requests[0].filter((message) => message.key === streamId).map((message) => (JSON.parse(message.value) as { streamVersion: number }).streamVersion);
      expect(versions).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
    }
    expect(await messagesIn(topic)).toBe(120);
  });

  async function publishableRows(): Promise<number> {
    const rows: Array<{ count: number }> = await dataSource.query(
      `SELECT count(*)::int AS count FROM es_outbox o JOIN es_events e ON e.global_position = o.global_position
        WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())`,
    );
    return rows[0].count;
  }

  it('on stop with a drain, waits for rows an older transaction still holds back instead of leaving them behind', async () => {
    const older = dataSource.createQueryRunner();
    await older.connect();
    await older.startTransaction();
    await older.query('SELECT pg_current_xact_id()'); // takes a transaction id older than the appends below
    const streams = Array.from({ length: 3 }, () => `permit-${randomUUID()}`);
    await appendInterleaved(store, streams, 2);
    const publisher = new KafkaPublisher(kafkaConnection());
    const relay = new OutboxRelay({ dataSource, publisher, idleWaitMs: 100 });
    relay.start();
    setTimeout(() => void older.commitTransaction().then(() => older.release()), 500);
    await relay.stop({ drainWithinMs: 30_000 });
    await publisher.close();

    expect(await countRows(dataSource, 'es_outbox')).toBe(0);
  });

  it('on stop with a drain, publishes what is left in the outbox before resigning, reporting each relayed batch', async () => {
    const streams = Array.from({ length: 5 }, () => `permit-${randomUUID()}`);
    await appendInterleaved(store, streams, 4);
    const publisher = new KafkaPublisher(kafkaConnection());
    let relayed = 0;
    const relay = new OutboxRelay({ dataSource, publisher, batchSize: 3, idleWaitMs: 100, onRelayed: (count) => (relayed += count) });
    relay.start();
    await relay.stop({ drainWithinMs: 30_000 });
    await publisher.close();

    expect(await countRows(dataSource, 'es_outbox')).toBe(0);
    expect(relayed).toBe(20);
    expect(relay.isLeader).toBe(false);
  });

  it('stays ordered with two relay instances: one leads, the other takes over when it stops', async () => {
    const streams = Array.from({ length: 6 }, () => `permit-${randomUUID()}`);
    const first = startRelay();
    const second = startRelay();
    const consumer = startConsumer(dataSource, topic);
    stoppers.push(() => consumer.stop());

    await appendInterleaved(store, streams, 10);
    await eventually(() => first.isLeader || second.isLeader);
    expect(first.isLeader && second.isLeader).toBe(false);
    const leader = first.isLeader ? first : second;
    const follower = leader === first ? second : first;
    await leader.stop();
    for (let version = 10; version < 20; version++) {
      await Promise.all(streams.map((streamId) => store.append(streamId, version, [newEvent('Happened', { version: version + 1 })])));
    }

    await eventually(() => follower.isLeader);
    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 120);
    expect(await countRows(dataSource, 'order_violations')).toBe(0);
  });

  it('after being killed between publishing and marking, publishes nothing twice: Kafka holds each event once', async () => {
    const streams = Array.from({ length: 10 }, () => `permit-${randomUUID()}`);
    await appendInterleaved(store, streams, 10);
    const url = (dataSource.options as { url: string }).url;

    const hung = spawnRelayProcess(url, true);
    await waitForLine(hung, /^published \d+/);
    hung.kill('SIGKILL');
    await new Promise((resolve) => hung.once('exit', resolve));
    expect(await countRows(dataSource, 'es_outbox')).toBe(100); // published, but never marked

    const relay = spawnRelayProcess(url, false);
    stoppers.push(() => stopProcess(relay));
    const consumer = startConsumer(dataSource, topic);
    stoppers.push(() => consumer.stop());

    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 100);
    await eventually(async () => (await countRows(dataSource, 'es_outbox')) === 0);
    expect(await countRows(dataSource, 'order_violations')).toBe(0);
    const deliveries: Array<{ count: string }> = await dataSource.query(
      `SELECT count(*)::text AS count FROM es_inbox WHERE outcome = 'processed'`,
    );
    expect(Number(deliveries[0].count)).toBe(100);
    expect(await messagesIn(topic)).toBe(100);
  });

  it('without the published log (as before), the same crash publishes the batch twice: what the log prevents', async () => {
    const streams = Array.from({ length: 5 }, () => `permit-${randomUUID()}`);
    await appendInterleaved(store, streams, 4);
    const url = (dataSource.options as { url: string }).url;
    const hung = spawnRelayProcess(url, true, { WITHOUT_PUBLISHED_LOG: '1' });
    await waitForLine(hung, /^published \d+/);
    hung.kill('SIGKILL');
    await new Promise((resolve) => hung.once('exit', resolve));
    const relay = spawnRelayProcess(url, false, { WITHOUT_PUBLISHED_LOG: '1' });
    stoppers.push(() => stopProcess(relay));
    await eventually(async () => (await countRows(dataSource, 'es_outbox')) === 0);
    expect(await messagesIn(topic)).toBe(40);
  });

  describe('with its own Kafka broker, stopped during appends', () => {
    let broker: KafkaBroker;

    beforeEach(async () => {
      broker = await startDedicatedKafkaBroker();
    }, 120_000);

    afterEach(() => broker.stop());

    it('keeps accepting appends while Kafka is down, keeps the batch it could not publish, and delivers every event once, in order, after Kafka returns', async () => {
      const connection: KafkaConnection = { brokers: [broker.bootstrap], clientId: 'broker-down-test' };
      await ensureTopics(connection, [
        { topic, partitions: 3 },
        { topic: `${topic}.dlt`, partitions: 1 },
      ]);
      let failedPublishes = 0;
      startRelay(connection, { onError: () => failedPublishes++ });
      const streams = Array.from({ length: 5 }, () => `permit-${randomUUID()}`);

      await appendInterleaved(store, streams, 4, 'BeforeOutage');
      await eventually(async () => (await countRows(dataSource, 'es_outbox')) === 0);
      await broker.halt();
      for (let version = 4; version < 12; version++) {
        await Promise.all(streams.map((streamId) => store.append(streamId, version, [newEvent('DuringOutage', { streamId, version: version + 1 })])));
      }
      // The relay has read the batch and failed to publish it: the batch stays in the outbox.
      await eventually(() => failedPublishes > 0, 60_000);
      expect(await countRows(dataSource, 'es_outbox')).toBe(40);
      await broker.restart();

      const consumer = startConsumer(dataSource, topic, connection);
      stoppers.push(() => consumer.stop());
      await eventually(async () => (await countRows(dataSource, 'applied_events')) === 60, 90_000);
      expect(await countRows(dataSource, 'order_violations')).toBe(0);
      const stored: Array<{ n: string }> = await dataSource.query(
        `SELECT count(*)::text AS n FROM es_events e JOIN applied_events a USING (event_id)
          WHERE a.data = e.data AND a.stream_version = e.stream_version`,
      );
      expect(Number(stored[0].n)).toBe(60);
      expect(await countRows(dataSource, 'es_outbox')).toBe(0);
    }, 180_000);
  });
});

function messagesIn(topic: string): Promise<number> {
  return new KafkaPublishedLog(kafkaConnection()).messageCount(topic);
}

function spawnRelayProcess(databaseUrl: string, hangAfterPublish: boolean, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'testing', 'relay-process.ts')], {
    env: { ...process.env, ...env, RELAY_DATABASE_URL: databaseUrl, HANG_AFTER_PUBLISH: hangAfterPublish ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => pattern.test(line) && resolve(line));
    child.once('exit', (code) => reject(new Error(`relay process exited with ${code}`)));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
