/**
 * The outbox relay as a process of its own, so that a test can really kill it.
 * With HANG_AFTER_PUBLISH=1 it stops between Kafka's acknowledgement and the
 * outbox delete, prints "published", and waits to be killed.
 */
import { KafkaPublisher, parseBrokers } from '../kafka/kafka-client';
import { KafkaPublishedLog } from '../kafka/published-log';
import { OutboxRelay } from '../outbox/outbox-relay';
import { createDataSource } from '../postgres/data-source';

async function main(): Promise<void> {
  const dataSource = await createDataSource({ url: process.env.RELAY_DATABASE_URL ?? '' }).initialize();
  const hang = process.env.HANG_AFTER_PUBLISH === '1';
  const connection = { brokers: parseBrokers(process.env.KAFKA_BROKERS ?? ''), clientId: 'relay-process' };
  const relay = new OutboxRelay({
    dataSource,
    batchSize: 50,
    idleWaitMs: 100,
    publisher: new KafkaPublisher(connection),
    // WITHOUT_PUBLISHED_LOG=1: the relay as it was before, at-least-once after a crash.
    publishedLog: process.env.WITHOUT_PUBLISHED_LOG === '1' ? undefined : new KafkaPublishedLog(connection),
    afterPublish: hang
      ? async (count) => {
          process.stdout.write(`published ${count}\n`);
          await new Promise(() => undefined);
        }
      : undefined,
  });
  relay.start();
  process.stdout.write('started\n');
  process.on('SIGTERM', () => void relay.stop().then(() => dataSource.destroy()).then(() => process.exit(0)));
}

void main();
