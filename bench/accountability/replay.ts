import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { createDataSource, TOPICS } from '@palembang/events';
import { kafkaConnection } from '@palembang/events/testing';
import { rebuildMetrics } from '../../apps/accountability/src/rebuild/rebuild';

export type ReplayRate = Readonly<{ events: number; ms: number; perSecond: number }>;

const TOPICS_REPLAYED = [TOPICS.permits, TOPICS.complaints, TOPICS.training];

/**
 * The baseline of a rebuild: a bare kafkajs consumer on a group of its own reading the
 * three domain topics from offset 0 to the end offsets taken when it starts, doing nothing
 * with the messages but counting them (joining the group included, as in a rebuild).
 */
export async function rawConsumerRate(): Promise<ReplayRate> {
  const { brokers } = kafkaConnection();
  const kafka = new Kafka({ brokers: [...brokers], clientId: 'bench-raw-replay', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, number>();
  let total = 0;
  for (const topic of TOPICS_REPLAYED) {
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
      const count = Number(high) - Number(low);
      total += count;
      if (count > 0) remaining.set(`${topic}:${partition}`, Number(high));
    }
  }
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `bench-raw-replay-${randomUUID()}`, maxBytes: 10 * 1024 * 1024 });
  const started = Date.now();
  let read = 0;
  await consumer.connect();
  await consumer.subscribe({ topics: TOPICS_REPLAYED, fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    if (remaining.size === 0) resolve();
    void consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        read += batch.messages.length;
        const key = `${batch.topic}:${batch.partition}`;
        const last = Number(batch.lastOffset());
        if (remaining.has(key) && last + 1 >= (remaining.get(key) as number)) remaining.delete(key);
        if (remaining.size === 0) resolve();
      },
    });
  });
  await done;
  const ms = Date.now() - started;
  await consumer.disconnect();
  return { events: Math.min(read, total), ms, perSecond: (Math.min(read, total) * 1000) / ms };
}

/** The accountability rebuild (rebuild.ts) from offset 0 up to its switch, in process, against the service's database. */
export async function rebuildRate(databaseUrl: string, log: (line: string) => void): Promise<ReplayRate> {
  const dataSource = createDataSource({ url: databaseUrl, applicationName: 'accountability-bench-rebuild', migrations: [] });
  await dataSource.initialize();
  try {
    const result = await rebuildMetrics({ dataSource, kafka: kafkaConnection('bench-rebuild'), log });
    return { events: result.events, ms: result.durationMs, perSecond: (result.events * 1000) / result.durationMs };
  } finally {
    await dataSource.destroy();
  }
}
